"""The release gate, policies and de-identified versions through the services, the API, the
CLI and the pages: personal data never reaches an open dataset without an explicit, audited
decision, and the de-identified copy carries its report."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from typer.testing import CliRunner

from aqyl.catalog import drafts
from aqyl.catalog.models import Dataset, DatasetVersion, UploadDraft
from aqyl.cli import app
from aqyl.core.errors import Conflict
from aqyl.core.models import AuditEntry
from aqyl.privacy import services
from aqyl.quality.kz_identifiers import check_digit
from tests.factories import actor, make_dataset, make_token

pytestmark = pytest.mark.django_db



def _iins(count: int) -> list[str]:
    found = []
    serial = 0
    while len(found) < count:
        serial += 1
        first = f"{60 + serial % 35:02d}{1 + serial % 12:02d}{1 + serial % 28:02d}3{serial:04d}"
        digit = check_digit(first)
        if digit is not None:
            found.append(first + str(digit))
    return found


IINS = _iins(60)
REGISTER = "ЖСН;Телефон;Туған күні;Жынысы;Облыс;Диагноз\n" + "".join(
    f"{iin};+7 701 555 {n:02d} {n:02d};0{1 + n % 9}.0{1 + n % 9}.19{60 + n % 30};"
    f"{'ер' if n % 2 else 'әйел'};{'Астана қ.' if n % 3 else 'Алматы қ.'};"
    f"{['J06', 'I10', 'E11'][n % 3]}\n" for n, iin in enumerate(IINS))
POLICY = """\
columns:
  ЖСН: pseudonymise
  Телефон: drop
  Туған күні: {method: generalise, to: decade}
quasi_identifiers: [Туған күні, Жынысы, Облыс]
sensitive: [Диагноз]
k: 3
"""


def api(user: Any) -> Client:
    return Client(headers={"Authorization": f"Bearer {make_token(user)}"})


@pytest.fixture
def register(two_orgs: dict[str, Any]) -> DatasetVersion:
    return make_dataset(two_orgs["a"], "register", csv_text=REGISTER,
                        access_level="confidential", by=actor(two_orgs["steward_a"]))


def _lake_files() -> list[Any]:
    from pathlib import Path

    lake = Path(settings.AQYL["AQYL_LAKE_URL"])
    return [p for p in lake.rglob("*") if p.is_file()] if lake.exists() else []


def test_personal_data_cannot_be_published_as_open_and_nothing_is_left(
        two_orgs: dict[str, Any]) -> None:
    with pytest.raises(Conflict) as refused:
        make_dataset(two_orgs["a"], "leak", csv_text=REGISTER, by=actor(two_orgs["steward_a"]))
    assert "ЖСН (iin)" in str(refused.value.message)
    assert not Dataset.objects.filter(name="leak").exists()
    assert not UploadDraft.objects.exists()
    assert _lake_files() == []
    entry = AuditEntry.objects.get(action="privacy.release.refuse")
    assert entry.outcome == "denied"
    assert entry.details["found"]["ЖСН"] == "iin"


def test_restricted_release_needs_a_recorded_justification(two_orgs: dict[str, Any]) -> None:
    steward = actor(two_orgs["steward_a"])
    fields = {"name": "restricted", "title_kk": "Тізілім", "sector": "health",
              "access_level": "restricted"}
    draft = drafts.start_upload(steward, two_orgs["a"], filename="r.csv",
                                chunks=[REGISTER.encode()], new_dataset=fields)
    drafts.read_draft(draft)
    with pytest.raises(Conflict):
        drafts.publish_draft(steward, draft)
    services.record_decision(steward, draft=draft,
                             text="The registry's researchers under a data agreement")
    version = drafts.publish_draft(steward, draft)
    assert version.dataset.access_level == "restricted"
    assert AuditEntry.objects.filter(action="privacy.release.justify").count() == 1


def test_a_steward_publishes_an_open_deidentified_copy_through_the_api(
        two_orgs: dict[str, Any], register: DatasetVersion,
        django_capture_on_commit_callbacks: Any) -> None:
    client = api(two_orgs["steward_a"])
    base = "/api/v1/datasets/org-a/register/privacy"
    scan = client.get(f"{base}/scan").json()
    assert scan["personal_data"] == {"ЖСН": "iin", "Телефон": "phone",
                                     "Туған күні": "birth_date"}
    suggested = client.get(f"{base}/policy").json()["suggested"]
    assert "ЖСН: pseudonymise" in suggested
    preview = client.post(f"{base}/preview", {"yaml": POLICY},
                          content_type="application/json").json()
    assert preview["report"]["risk_after"]["k"] >= 3
    assert "Телефон" not in preview["rows"][0]
    assert not DatasetVersion.objects.filter(dataset__name="register-open").exists()
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(f"{base}/deidentify",
                           {"yaml": POLICY, "into": "org-a/register-open"},
                           content_type="application/json")
    assert made.status_code == 200, made.content
    body = made.json()
    assert body["dataset"] == "org-a/register-open"
    assert body["report"]["residual"] == {}
    copy = Dataset.objects.get(name="register-open")
    assert copy.access_level == "open"
    # the public reads how it was de-identified, on the API, the card and in Croissant
    public = Client()
    report = public.get("/api/v1/datasets/org-a/register-open/privacy/report").json()
    assert report["deidentified"]
    assert report["report"]["k"] == 3
    public.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    card = public.get("/datasets/org-a/register-open/").content.decode()
    assert 'data-testid="deid-report"' in card
    assert "pseudonymise" in card
    croissant = public.get("/datasets/org-a/register-open/croissant.json").json()
    statement = croissant["rai:personalSensitiveInformation"]
    assert any("De-identified" in item["@value"] for item in statement)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"privacy.policy.save", "privacy.deidentify"} <= actions


def test_the_same_person_joins_across_two_agencies_deidentified_data(
        two_orgs: dict[str, Any], register: DatasetVersion) -> None:
    other = make_dataset(two_orgs["b"], "benefits", csv_text=f"ИИН;Сумма\n{IINS[0]};1000\n",
                         access_level="confidential", by=actor(two_orgs["steward_b"]))
    a = services.deidentify(actor(two_orgs["steward_a"]), register.dataset, text=POLICY,
                            into="register-open")
    b = services.deidentify(actor(two_orgs["steward_b"]), other.dataset,
                            text="columns: {ИИН: pseudonymise}", into="benefits-open")
    import pyarrow.parquet as pq

    from aqyl.quality.services import local_copy

    with local_copy(a) as path_a, local_copy(b) as path_b:
        tokens_a = set(pq.read_table(path_a).column("ЖСН").to_pylist())
        token_b = pq.read_table(path_b).column("ИИН").to_pylist()[0]
    assert token_b in tokens_a


@pytest.mark.parametrize(("policy", "message"), [
    ("columns: {ЖСН: shred}", "shred is not a method"),
    ("columns: {Жоқ: drop}", "There is no column Жоқ"),
    ("columns: {ЖСН: drop}", "leaves personal data as it is in Телефон (phone)"),
    ("columns: {ЖСН: drop, Телефон: drop, Туған күні: drop}\nquasi_identifiers: [Облыс]\n"
     "k: 1000", "k=1000 is larger than the dataset"),
])
def test_bad_policies_are_refused_with_a_translated_reason_and_nothing_is_made(
        two_orgs: dict[str, Any], register: DatasetVersion, policy: str, message: str) -> None:
    response = api(two_orgs["steward_a"]).post(
        "/api/v1/datasets/org-a/register/privacy/deidentify",
        {"yaml": policy, "into": "org-a/register-open"}, content_type="application/json",
        headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert not Dataset.objects.filter(name="register-open").exists()
    assert DatasetVersion.objects.count() == 1


def test_a_missing_pseudonym_key_is_a_clear_error(
        two_orgs: dict[str, Any], register: DatasetVersion, settings: Any, tmp_path: Any) -> None:
    settings.AQYL = {**settings.AQYL, "AQYL_PSEUDONYM_KEY_FILE": tmp_path / "missing"}
    response = api(two_orgs["steward_a"]).post(
        "/api/v1/datasets/org-a/register/privacy/deidentify",
        {"yaml": POLICY, "into": "org-a/register-open"}, content_type="application/json",
        headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "pseudonym key" in response.json()["error"]["message"]
    assert not Dataset.objects.filter(name="register-open").exists()


def test_only_stewards_and_auditors_see_the_scan(
        two_orgs: dict[str, Any], register: DatasetVersion) -> None:
    url = "/api/v1/datasets/org-a/register/privacy/scan"
    assert api(two_orgs["steward_b"]).get(url).status_code in (403, 404)
    assert Client().get(url).status_code in (401, 404)
    assert api(two_orgs["steward_b"]).post(
        "/api/v1/datasets/org-a/register/privacy/deidentify", {"yaml": POLICY},
        content_type="application/json").status_code in (403, 404)


def test_the_privacy_page_previews_and_publishes(
        two_orgs: dict[str, Any], register: DatasetVersion, client_for: Any) -> None:
    client = client_for(two_orgs["steward_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/datasets/org-a/register/privacy/")
    assert page.status_code == 200
    assert "ЖСН: pseudonymise" in page.content.decode()
    shown = client.post("/datasets/org-a/register/privacy/", {"op": "preview",
                                                              "policy": POLICY})
    assert 'data-testid="privacy-preview"' in shown.content.decode()
    bad = client.post("/datasets/org-a/register/privacy/", {"op": "save",
                                                            "policy": "columns: {ЖСН: x}"})
    assert bad.status_code == 400
    assert "x is not a method" in bad.content.decode()
    done = client.post("/datasets/org-a/register/privacy/", {
        "op": "publish", "policy": POLICY, "into": "register-open", "access_level": "open"})
    assert done.status_code == 302
    assert Dataset.objects.get(name="register-open").versions.count() == 1


def test_the_cli_scans_a_file_and_redacts_a_stream(tmp_path: Any) -> None:
    path = tmp_path / "register.csv"
    path.write_text(REGISTER, encoding="utf-8")
    scanned = CliRunner().invoke(app, ["privacy", "scan", str(path), "--json"])
    assert scanned.exit_code == 0, scanned.output
    assert json.loads(scanned.stdout)["personal_data"]["ЖСН"] == "iin"
    redacted = CliRunner().invoke(app, ["privacy", "redact-text"],
                                  input="тел: +7 701 123 45 67\nжоқ\n")
    assert redacted.stdout == "тел: [PHONE]\nжоқ\n"
