"""The catalog as a steward and a developer use it in the browser (server-rendered pages)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aqyl.catalog import drafts
from aqyl.catalog.models import AccessRequest, Dataset, DatasetVersion, DraftStatus, UploadDraft
from tests.factories import REGIONS_CSV, actor, make_dataset

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


NEW_FORM = {"organisation": "org-a", "name": "regions", "title_kk": "Өңірлер",
            "sector": "public_administration", "access_level": "open", "licence": "CC-BY-4.0",
            "update_frequency": "annual", "tags_text": "өңір, regions"}


def test_steward_uploads_checks_and_publishes(two_orgs: dict[str, Any], client_for: Any
                                              ) -> None:
    client = english(client_for(two_orgs["steward_a"]))
    assert "Upload a dataset" in client.get("/datasets/").content.decode()
    response = client.post("/datasets/new/", {
        **NEW_FORM, "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode("kz1048"))})
    assert response.status_code == 302
    draft = UploadDraft.objects.get()
    assert response["Location"] == f"/uploads/{draft.pk}/"
    drafts.read_draft(draft)  # what the worker does
    html = client.get(f"/uploads/{draft.pk}/").content.decode()
    assert "KZ-1048" in html or "kz1048" in html
    assert "Абай облысы" in html
    assert "semicolon" in html
    response = client.post(f"/uploads/{draft.pk}/", {"op": "publish", "note": "first"})
    assert response.status_code == 302
    assert response["Location"] == "/datasets/org-a/regions/"
    card = client.get("/datasets/org-a/regions/").content.decode()
    assert "Өңірлер" in card
    assert "Version 1 of org-a/regions is published." in card
    assert 'data-testid="rows"' in card
    assert "Көкшетау" in card
    assert Dataset.objects.get().tags == ["regions", "өңір"]


def test_a_failed_read_is_explained_and_can_be_corrected(two_orgs: dict[str, Any],
                                                         client_for: Any) -> None:
    client = english(client_for(two_orgs["steward_a"]))
    client.post("/datasets/new/", {**NEW_FORM, "file": SimpleUploadedFile(
        "regions.csv", b"a|b|c\n1|2|3\n4|5\n")})
    draft = drafts.read_draft(UploadDraft.objects.get())
    assert draft.status == DraftStatus.FAILED
    html = client.get(f"/uploads/{draft.pk}/").content.decode()
    assert "1 row does not fit the table" in html
    assert "line 3" in html
    response = client.post(f"/uploads/{draft.pk}/", {"op": "discard"})
    assert response.status_code == 302
    assert not Dataset.objects.exists()


def test_reading_options_are_applied_on_reread(two_orgs: dict[str, Any], client_for: Any
                                               ) -> None:
    client = client_for(two_orgs["steward_a"])
    client.post("/datasets/new/", {**NEW_FORM, "file": SimpleUploadedFile(
        "regions.csv", b"code;amount\n10;1,5\n20;2,5\n")})
    draft = drafts.read_draft(UploadDraft.objects.get())
    response = client.post(f"/uploads/{draft.pk}/", {
        "op": "reread", "delimiter": ";", "drop_totals_row": "on", "type_0": "VARCHAR"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.options == {"delimiter": ";", "column_types": {"code": "VARCHAR"}}
    assert draft.status == DraftStatus.READING


def test_a_new_version_warns_of_changed_columns_and_no_rows(two_orgs: dict[str, Any],
                                                           client_for: Any) -> None:
    make_dataset(two_orgs["a"], "codes", csv_text="code;amount\n010;1,5\n020;2,5\n")
    client = english(client_for(two_orgs["steward_a"]))
    for text in ("code;amount\n10;1\n20;2\n", "code;amount\n"):
        client.post("/datasets/org-a/codes/upload/", {"file": SimpleUploadedFile(
            "codes.csv", text.encode())})
        draft = drafts.read_draft(UploadDraft.objects.filter(status=DraftStatus.READING).get())
        html = client.get(f"/uploads/{draft.pk}/").content.decode()
        if text.count("\n") > 1:
            assert 'data-testid="draft-changes"' in html
            assert "Compared with version 1, the columns change." in html
            assert "<code>code</code>: string → int64" in html
            assert 'data-testid="draft-empty"' not in html
        else:
            assert 'data-testid="draft-empty"' in html


def test_the_task_of_an_upload_names_its_file_and_leads_to_it(two_orgs: dict[str, Any],
                                                             client_for: Any) -> None:
    from aqyl.catalog.tasks import read_upload_task

    client = english(client_for(two_orgs["steward_a"]))
    client.post("/datasets/new/", {**NEW_FORM, "file": SimpleUploadedFile(
        "regions.csv", REGIONS_CSV.encode())})
    draft = UploadDraft.objects.get()
    assert "regions.csv → org-a/regions" in client.get("/tasks/").content.decode()
    run = draft.task_run
    assert run is not None
    read_upload_task.func(run_id=str(run.pk), draft_id=str(draft.pk))  # what the worker does
    page = client.get(f"/tasks/{run.pk}/").content.decode()
    assert "regions.csv → org-a/regions" in page
    assert f'href="/uploads/{draft.pk}/"' in page


def test_outsiders_cannot_upload_or_see_drafts(two_orgs: dict[str, Any], client_for: Any
                                               ) -> None:
    client = english(client_for(two_orgs["steward_b"]))
    response = client.post("/datasets/new/", {**NEW_FORM, "file": SimpleUploadedFile(
        "regions.csv", REGIONS_CSV.encode())})
    assert response.status_code == 400  # org-a is not among the choices
    make_dataset(two_orgs["a"], "regions")
    assert client.get("/datasets/org-a/regions/upload/").status_code == 403
    assert client.get("/datasets/org-a/regions/edit/").status_code == 403
    draft = drafts.start_upload(actor(two_orgs["steward_a"]), two_orgs["a"], filename="x.csv",
                                chunks=[b"a\n1\n"], new_dataset={"name": "other",
                                                                  "title_kk": "Басқа",
                                                                  "sector": "other"})
    assert client.get(f"/uploads/{draft.pk}/").status_code == 404


def test_too_large_upload_is_refused_with_a_message(two_orgs: dict[str, Any], client_for: Any,
                                                    settings: Any) -> None:
    settings.AQYL = {**settings.AQYL, "AQYL_UPLOAD_LIMIT_MB": 1}
    client = english(Client(enforce_csrf_checks=True))  # as a browser: the token is checked
    client.force_login(two_orgs["steward_a"])
    client.get("/datasets/new/")
    token = client.cookies["csrftoken"].value
    response = client.post("/datasets/new/", {**NEW_FORM, "csrfmiddlewaretoken": token,
                                              "file": SimpleUploadedFile(
        "big.csv", b"a\n" + b"1\n" * (600 * 1024))})
    assert response.status_code == 413
    assert "larger than the limit of 1 MiB" in response.content.decode()
    assert not UploadDraft.objects.exists()


def test_dataset_card_downloads_and_edit(two_orgs: dict[str, Any], client_for: Any) -> None:
    make_dataset(two_orgs["a"], "regions")
    client = english(client_for(two_orgs["steward_a"]))
    parquet = client.get("/datasets/org-a/regions/download.parquet")
    table = pq.read_table(io.BytesIO(b"".join(parquet.streaming_content)))
    assert table.num_rows == 3
    version = DatasetVersion.objects.get(dataset__name="regions")
    assert parquet["ETag"] == f'"{version.sha256}-parquet"'  # caches can tell versions apart
    assert (parquet["X-Aqyl-Dataset"], parquet["X-Aqyl-Version"]) == ("org-a/regions", "1")
    csv = b"".join(client.get("/datasets/org-a/regions/download.csv").streaming_content)
    assert csv.decode("utf-8-sig").splitlines()[0] == ('"region","population","area_km2",'
                                                       '"centre","founded"')
    xlsx = client.get("/datasets/org-a/regions/download.xlsx")
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert client.get("/datasets/org-a/regions/download.exe").status_code == 400
    response = client.post("/datasets/org-a/regions/edit/", {
        **NEW_FORM, "title_en": "Regions", "description_en": "One row per region.",
        "tags_text": "reference"})
    assert response.status_code == 302
    card = client.get("/datasets/org-a/regions/").content.decode()
    assert "Regions" in card
    assert "One row per region." in card
    assert "3 downloads" in card


def test_sql_console_runs_and_shares_queries(two_orgs: dict[str, Any]) -> None:
    make_dataset(two_orgs["a"], "regions")
    client = english(Client())
    html = client.get('/sql/?sql=SELECT count(*) AS n FROM "org-a/regions"').content.decode()
    assert 'data-testid="sql-result"' in html
    assert "<td>3</td>" in html
    bad = client.get("/sql/?sql=DROP TABLE x")
    assert bad.status_code == 400
    assert "Only one read-only SELECT" in bad.content.decode()
    export = client.get('/sql/export.csv?sql=SELECT region FROM "org-a/regions" ORDER BY 1')
    assert b"".join(export.streaming_content).decode("utf-8-sig").splitlines()[0] == '"region"'


def test_sql_export_over_its_limit_is_an_error_not_a_short_file(settings: Any) -> None:
    settings.AQYL = {**settings.AQYL, "AQYL_SQL_ROW_LIMIT": 10}  # exports: 100 times that
    client = english(Client())
    fits = client.get("/api/v1/sql.csv?sql=SELECT range AS n FROM range(1000)")
    assert len(b"".join(fits.streaming_content).splitlines()) == 1001
    for url in ("/api/v1/sql.csv?sql=SELECT range AS n FROM range(1001)",
                "/sql/export.csv?sql=SELECT range AS n FROM range(1001)"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "more than 1000 rows" in response.content.decode()


def test_access_request_through_the_pages(two_orgs: dict[str, Any], client_for: Any) -> None:
    make_dataset(two_orgs["a"], "clinics", access_level="restricted")
    requester = english(client_for(two_orgs["steward_b"]))
    card = requester.get("/datasets/org-a/clinics/").content.decode()
    assert 'data-testid="access-box"' in card
    assert 'data-testid="rows"' not in card
    response = requester.post("/datasets/org-a/clinics/access/", {
        "purpose": "Forecasting the load on clinics in our region.",
        "until": (date.today() + timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    steward = english(client_for(two_orgs["steward_a"]))
    page = steward.get("/access-requests/").content.decode()
    assert "Forecasting the load" in page
    request = AccessRequest.objects.get()
    steward.post(f"/access-requests/{request.pk}/", {"op": "approve", "until": ""})
    assert 'data-testid="rows"' in requester.get("/datasets/org-a/clinics/").content.decode()
