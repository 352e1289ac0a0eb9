"""A steward's workbook with a header on two rows and "no data" marks, through the portal, the
API and the CLI: what was understood is shown, and the header override works on each path."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from typer.testing import CliRunner

from aqyl.catalog import drafts
from aqyl.catalog.models import DraftStatus, UploadDraft
from aqyl.cli import app
from tests.factories import make_token

pytestmark = pytest.mark.django_db
NEW_FORM = {"organisation": "org-a", "name": "population", "title_kk": "Халық саны",
            "sector": "public_administration", "access_level": "open", "licence": "CC-BY-4.0",
            "update_frequency": "annual"}
METADATA = json.dumps({"title_kk": "Халық саны", "sector": "public_administration"})
JOINED = ["Өңір", "Халық саны — барлығы", "Халық саны — ерлер", "Халық саны — әйелдер"]
TWO_LINE_CSV = ("Өңір;Халық саны;;\n"
                ";барлығы;ерлер;әйелдер\n"
                "Абай облысы;614\u00a0000;300 100;313 900\n"
                "Ақмола облысы;788 000;н/д;-\n")


def population_workbook() -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as book:
        sheet = book.add_worksheet("Халық")
        sheet.write("A1", "Өңірлердің халқы, 2024")
        sheet.merge_range("A3:A4", "Өңір")
        sheet.merge_range("B3:D3", "Халық саны")
        sheet.write_row("B4", ["барлығы", "ерлер", "әйелдер"])
        sheet.write_row("A5", ["Абай облысы", 614_000, 300_100, 313_900])
        sheet.write_row("A6", ["Ақмола облысы", 788_000, "-", "н/д"])
    return buffer.getvalue()


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_draft_page_shows_two_header_rows_and_the_marks(two_orgs: dict[str, Any],
                                                            client_for: Any) -> None:
    client = english(client_for(two_orgs["steward_a"]))
    client.post("/datasets/new/", {**NEW_FORM, "file": SimpleUploadedFile(
        "халық.xlsx", population_workbook())})
    draft = drafts.read_draft(UploadDraft.objects.get())
    assert draft.status == DraftStatus.READY
    assert [c["name"] for c in draft.schema] == JOINED
    assert draft.understood["header_rows"] == 2
    assert draft.understood["null_placeholders"] == {"Халық саны — ерлер": {"-": 1},
                                                     "Халық саны — әйелдер": {"н/д": 1}}
    html = client.get(f"/uploads/{draft.pk}/").content.decode()
    assert "<dt>Header rows</dt><dd>2</dd>" in html
    assert "<dt>Read as empty (no figure)</dt>" in html
    assert "Халық саны — ерлер: «-» ×1; Халық саны — әйелдер: «н/д» ×1" in html
    assert 'name="header_rows"' in html  # the override is on the form

    response = client.post(f"/uploads/{draft.pk}/", {
        "op": "reread", "header_row": "3", "header_rows": "1", "drop_totals_row": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.options == {"header_row": 3, "header_rows": 1}
    draft = drafts.read_draft(draft)
    assert [c["name"] for c in draft.schema] == ["Өңір", "Халық саны", "Халық саны_2",
                                                 "Халық саны_3"]
    bad = client.post(f"/uploads/{draft.pk}/", {"op": "reread", "header_rows": "3"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()


def test_the_api_takes_the_header_rows_and_refuses_three(two_orgs: dict[str, Any]) -> None:
    client = Client(headers={"Authorization": f"Bearer {make_token(two_orgs['steward_a'])}",
                             "Accept-Language": "en"})
    response = client.post("/api/v1/datasets/org-a/population/versions", {
        "file": SimpleUploadedFile("population.csv", TWO_LINE_CSV.encode()),
        "metadata": METADATA, "options": json.dumps({"header_rows": 2})})
    assert response.status_code == 201, response.content
    body = response.json()
    assert [c["name"] for c in body["columns"]] == JOINED
    assert [c["type"] for c in body["columns"]] == ["string", "int64", "int64", "int64"]
    refused = client.post("/api/v1/datasets/org-a/population/versions", {
        "file": SimpleUploadedFile("population.csv", TWO_LINE_CSV.encode()),
        "options": json.dumps({"header_rows": 3})})
    assert refused.status_code == 400
    assert "header_rows" in json.dumps(refused.json()["error"])
    assert client.get("/api/v1/datasets/org-a/population/versions").json()[0]["number"] == 1


def test_the_cli_reads_a_two_line_header_and_explains_a_ragged_one(
        two_orgs: dict[str, Any], tmp_path: Path) -> None:
    token = make_token(two_orgs["steward_a"])
    path = tmp_path / "population.csv"
    path.write_text(TWO_LINE_CSV, encoding="utf-8")
    result = CliRunner().invoke(app, [
        "dataset", "ingest", str(path), "--org", "org-a", "--name", "population",
        "--title", "Халық саны", "--header-rows", "2", "--json", "--token", token])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert [c["name"] for c in printed["columns"]] == JOINED
    assert printed["understood"]["header_rows"] == 2
    assert printed["understood"]["null_placeholders"] == {"Халық саны — ерлер": {"н/д": 1},
                                                         "Халық саны — әйелдер": {"-": 1}}
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("Өңір;Халық саны;;;Ескерту\n;барлығы;ерлер;әйелдер;\nАбай;1;2;3\n",
                      encoding="utf-8")
    failed = CliRunner().invoke(app, [
        "dataset", "ingest", str(ragged), "--org", "org-a", "--name", "ragged",
        "--title", "Тегіс емес", "--header-rows", "2", "--token", token],
        env={"AQYL_LANGUAGE": "en"})
    assert failed.exit_code == 1
    assert ("The header on lines 1–2 names 5 columns, but the rows below hold 4 values"
            in " ".join(failed.stderr.split()))
    too_many = CliRunner().invoke(app, [
        "dataset", "ingest", str(path), "--org", "org-a", "--name", "population",
        "--header-rows", "3", "--token", token])
    assert too_many.exit_code == 2  # typer refuses it before anything is read
