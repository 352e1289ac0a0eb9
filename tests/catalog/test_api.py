"""The catalog through the REST API: uploads in one step or checked first, versions, rows,
metadata, SQL, and the error shape of bad input."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aqyl.catalog import drafts
from aqyl.catalog.models import Dataset, UploadDraft
from aqyl.core.models import AuditEntry
from tests.factories import REGIONS_CSV, make_dataset, make_token

pytestmark = pytest.mark.django_db

METADATA = json.dumps({"title_kk": "Өңірлер", "sector": "public_administration",
                       "access_level": "open"})


def token_client(user: Any, scope: str = "write") -> Client:
    return Client(headers={"Authorization": f"Bearer {make_token(user, scope=scope)}",
                           "Accept-Language": "en"})


def test_one_step_upload_creates_the_dataset_then_versions(two_orgs: dict[str, Any]) -> None:
    client = token_client(two_orgs["steward_a"])
    response = client.post("/api/v1/datasets/org-a/regions/versions", {
        "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode()),
        "metadata": METADATA, "note": "first"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["dataset"], body["number"], body["row_count"]) == ("org-a/regions", 1, 3)
    assert body["columns"][0] == {"name": "region", "type": "string", "description": ""}
    again = client.post("/api/v1/datasets/org-a/regions/versions", {
        "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode()),
        "options": json.dumps({"column_types": {"population": "DOUBLE"}})})
    assert again.json()["number"] == 2
    assert again.json()["parent"] == 1
    listed = client.get("/api/v1/datasets/org-a/regions/versions").json()
    assert [v["number"] for v in listed] == [2, 1]
    rows = client.get("/api/v1/datasets/org-a/regions/rows?version=1&limit=2").json()
    assert rows["rows"][0][:2] == ["Абай облысы", 614000]
    assert rows["total"] == 3


def test_bad_input_is_refused_with_details_and_leaves_nothing(two_orgs: dict[str, Any]) -> None:
    client = token_client(two_orgs["steward_a"])
    response = client.post("/api/v1/datasets/org-a/regions/versions", {
        "file": SimpleUploadedFile("regions.csv", b"a,b\n1,2\n3,4,5\n"), "metadata": METADATA})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "data_error"
    assert error["details"]["reason"] == "bad_rows"
    assert error["details"]["problems"][0].startswith("line 3")
    assert not Dataset.objects.exists()
    assert not UploadDraft.objects.exists()
    missing = client.post("/api/v1/datasets/org-a/regions/versions", {"metadata": METADATA})
    assert missing.status_code == 400
    assert "file" in missing.json()["error"]["fields"]
    unknown = client.post("/api/v1/datasets/nobody/regions/versions", {
        "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode()), "metadata": METADATA})
    assert unknown.status_code == 404
    assert "nobody" in unknown.json()["error"]["message"]
    no_title = client.post("/api/v1/datasets/org-a/regions/versions", {
        "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode())})
    assert no_title.status_code == 400
    assert "title_kk" in no_title.json()["error"]["fields"]
    bad_json = client.post("/api/v1/datasets/org-a/regions/versions", {
        "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode()), "metadata": "{"})
    assert bad_json.status_code == 400
    assert "metadata" in bad_json.json()["error"]["fields"]


def test_read_only_tokens_cannot_upload(two_orgs: dict[str, Any]) -> None:
    response = token_client(two_orgs["steward_a"], scope="read").post(
        "/api/v1/datasets/org-a/regions/versions", {
            "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode()),
            "metadata": METADATA})
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]


def test_checked_upload_reads_corrects_and_publishes(two_orgs: dict[str, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from aqyl.catalog import tasks

    monkeypatch.setattr(tasks, "start_reading", lambda actor, draft: drafts.read_draft(draft))
    client = token_client(two_orgs["steward_a"])
    response = client.post("/api/v1/datasets/org-a/regions/uploads", {
        "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode("kz1048")),
        "metadata": METADATA})
    assert response.status_code == 202
    draft = response.json()
    assert draft["status"] == "ready"
    assert draft["understood"]["encoding"] == "kz1048"
    corrected = client.post(f"/api/v1/uploads/{draft['id']}/options",
                            {"column_types": {"population": "VARCHAR"}},
                            content_type="application/json")
    assert corrected.status_code == 202, corrected.content
    assert {c["name"]: c["type"] for c in corrected.json()["columns"]}["population"] == "string"
    published = client.post(f"/api/v1/uploads/{draft['id']}/publish", {"note": "checked"},
                            content_type="application/json")
    assert published.status_code == 201
    assert published.json()["note"] == "checked"
    assert client.delete(f"/api/v1/uploads/{draft['id']}").status_code == 409
    other = token_client(two_orgs["steward_b"])
    assert other.get(f"/api/v1/uploads/{draft['id']}").status_code == 404


def test_metadata_is_changed_by_stewards_only(two_orgs: dict[str, Any]) -> None:
    make_dataset(two_orgs["a"], "regions")
    body = {"title_en": "Regions", "tags": ["Reference", "regions"], "access_level":
            "restricted"}
    denied = token_client(two_orgs["steward_b"]).patch(
        "/api/v1/datasets/org-a/regions", body, content_type="application/json")
    assert denied.status_code == 403
    changed = token_client(two_orgs["steward_a"]).patch(
        "/api/v1/datasets/org-a/regions", body, content_type="application/json").json()
    assert changed["title_en"] == "Regions"
    assert changed["tags"] == ["reference", "regions"]
    assert changed["access_level"] == "restricted"
    renamed = token_client(two_orgs["steward_a"]).patch(
        "/api/v1/datasets/org-a/regions", {"name": "x"}, content_type="application/json")
    assert renamed.status_code == 400


def test_sql_through_the_api(two_orgs: dict[str, Any]) -> None:
    make_dataset(two_orgs["a"], "regions")
    client = Client(headers={"Accept-Language": "en"})
    body = client.post("/api/v1/sql", {"sql": 'SELECT centre FROM "org-a/regions@1" '
                                              "ORDER BY population DESC", "limit": 2},
                       content_type="application/json").json()
    assert body["rows"] == [["Алматы"], ["Көкшетау"]]
    assert body["truncated"] is True
    assert body["datasets"] == ["org-a/regions@1"]
    for sql, reason in (("COPY (SELECT 1) TO '/tmp/x.csv'", "sql_not_read_only"),
                        ("SELECT * FROM read_csv('/etc/passwd')", "sql_function_not_allowed"),
                        ("SELEC 1", "sql_syntax")):
        error = client.post("/api/v1/sql", {"sql": sql}, content_type="application/json"
                            ).json()["error"]
        assert error["details"]["reason"] == reason, error
    missing = client.post("/api/v1/sql", {"sql": 'SELECT 1 FROM "org-a/nothing"'},
                          content_type="application/json")
    assert missing.status_code == 404


def test_pinned_versions_never_float_and_row_reads_are_audited(two_orgs: dict[str, Any]) -> None:
    make_dataset(two_orgs["a"], "regions", access_level="confidential")
    client = token_client(two_orgs["steward_a"])
    for url in ("/api/v1/datasets/org-a/regions/download?format=csv&version=0",
                "/datasets/org-a/regions/download.csv?version=0",
                "/datasets/org-a/regions/download.csv?version=abc"):
        assert client.get(url).status_code == 400, url
    zero = client.post("/api/v1/sql", {"sql": 'SELECT count(*) FROM "org-a/regions@0"'},
                       content_type="application/json")
    assert zero.status_code == 400
    assert zero.json()["error"]["message"] == "Versions are numbered from 1."
    before = AuditEntry.objects.filter(action="catalog.read_rows").count()
    assert client.get("/api/v1/datasets/org-a/regions/rows?limit=2").status_code == 200
    event = AuditEntry.objects.filter(action="catalog.read_rows").order_by("-seq").first()
    assert AuditEntry.objects.filter(action="catalog.read_rows").count() == before + 1
    assert event is not None
    assert event.details["rows"] == 2


def test_access_requests_through_the_api(two_orgs: dict[str, Any]) -> None:
    make_dataset(two_orgs["a"], "clinics", access_level="restricted")
    reader, steward = token_client(two_orgs["steward_b"]), token_client(two_orgs["steward_a"])
    until = (date.today() + timedelta(days=365)).isoformat()
    asked = reader.post("/api/v1/datasets/org-a/clinics/access-requests",
                        {"purpose": "Training a model of clinic load for a research project",
                         "until": until}, content_type="application/json")
    assert asked.status_code == 201, asked.content
    number = asked.json()["id"]
    assert reader.get("/api/v1/datasets/org-a/clinics/rows").status_code == 403
    approved = steward.post(f"/api/v1/access-requests/{number}/decision", {"approve": True},
                            content_type="application/json")
    assert approved.status_code == 200, approved.content
    assert reader.get("/api/v1/datasets/org-a/clinics/rows").status_code == 200
    revoked = steward.generic("POST", f"/api/v1/access-requests/{number}/revoke")  # no body
    assert revoked.status_code == 200, revoked.content.decode()
    assert reader.get("/api/v1/datasets/org-a/clinics/rows").status_code == 403


def test_metadata_errors_name_their_field(two_orgs: dict[str, Any]) -> None:
    client = token_client(two_orgs["steward_a"])
    response = client.post("/api/v1/datasets/org-a/regions/versions", {
        "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode()),
        "metadata": json.dumps({"title_kk": "Өңірлер", "sector": "public_administration",
                                "tags": "a, b"})})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["metadata.tags"]
    assert not Dataset.objects.exists()
