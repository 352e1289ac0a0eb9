"""A dataset's rules through the API, the pages and the CLI: stewards write them, they run on
every upload and version, failing rows are shown to readers, critical failures stop
publishing and leave nothing behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from aqyl.catalog import drafts
from aqyl.catalog.models import DatasetVersion, UploadDraft
from aqyl.core.errors import Conflict, InvalidInput, PermissionDenied
from aqyl.core.models import AuditEntry
from aqyl.quality import rule_services
from aqyl.quality.models import DatasetRules, RuleRun
from aqyl.quality.tasks import profile_version_task, run_version_rules_task
from tests.factories import actor, add_version, make_dataset, make_token

pytestmark = pytest.mark.django_db

RULES = """# what a region row must have
- check: not_null
  column: region
  severity: critical
- check: range
  column: population
  min: 100000
"""
BAD_POPULATION = ("region;population;area_km2;centre;founded\n"
                  "Абай облысы;61400;185500,5;Семей;08.06.2022\n"
                  "Ақмола облысы;788000;146219,1;Көкшетау;14.10.1939\n")
NO_REGION = ("region;population;area_km2;centre;founded\n"
             ";614000;185500,5;Семей;08.06.2022\n")


def api(user: Any) -> Client:
    return Client(headers={"Authorization": f"Bearer {make_token(user)}"})


@pytest.fixture
def regions(two_orgs: dict[str, Any]) -> DatasetVersion:
    return make_dataset(two_orgs["a"], "regions", access_level="restricted")


def test_stewards_set_rules_through_the_api_and_they_run_on_the_latest_version(
        two_orgs: dict[str, Any], regions: DatasetVersion,
        django_capture_on_commit_callbacks: Any) -> None:
    url = "/api/v1/datasets/org-a/regions/rules"
    with django_capture_on_commit_callbacks(execute=True):
        saved = api(two_orgs["steward_a"]).put(url, {"yaml": RULES},
                                               content_type="application/json")
    assert saved.status_code == 200
    assert [r["check"] for r in saved.json()["rules"]] == ["not_null", "range"]
    assert DatasetRules.objects.get(dataset=regions.dataset).text == RULES  # comments kept
    assert AuditEntry.objects.filter(action="quality.rules.change").count() == 1
    assert run_version_rules_task.func(version_id=regions.pk) == "done"
    results = api(two_orgs["steward_a"]).get(f"{url}/results").json()
    assert (results["status"], results["current"], results["blocking"]) == ("done", True, 0)
    assert [r["status"] for r in results["results"]] == ["pass", "pass"]
    # Readers of the card see the rules; failing rows only with access to the data.
    assert api(two_orgs["steward_b"]).get(url).json()["yaml"] == RULES
    assert api(two_orgs["steward_b"]).get(f"{url}/results").status_code == 403


@pytest.mark.parametrize(("text", "message"), [
    ("- check: [", "The YAML is not valid at line 1"),
    ("- {check: not_null, column: regoin}", "Rule 1: There is no column regoin. The columns "
                                            "are: region, population"),
    ("- {check: iin, column: population}", "Rule 1: iin cannot be applied to column population"),
    ("- {check: foreign_key, column: region, dataset: org-b/secret, key: id}",
     "Rule 1: There is no dataset org-b/secret whose data you may read."),
])
def test_rules_that_do_not_fit_are_refused_with_a_translated_reason(
        two_orgs: dict[str, Any], regions: DatasetVersion, text: str, message: str) -> None:
    make_dataset(two_orgs["b"], "secret", access_level="confidential")
    response = api(two_orgs["steward_a"]).put(
        "/api/v1/datasets/org-a/regions/rules", {"yaml": text},
        content_type="application/json", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert not DatasetRules.objects.exists()


def test_only_stewards_of_the_owner_change_rules(two_orgs: dict[str, Any],
                                                 regions: DatasetVersion) -> None:
    response = api(two_orgs["steward_b"]).put("/api/v1/datasets/org-a/regions/rules",
                                              {"yaml": RULES}, content_type="application/json")
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        rule_services.save_rules(actor(two_orgs["steward_b"]), regions.dataset, RULES)
    assert not DatasetRules.objects.exists()


def test_a_failing_critical_rule_stops_publishing_and_leaves_nothing(
        two_orgs: dict[str, Any], regions: DatasetVersion) -> None:
    steward = actor(two_orgs["steward_a"])
    rule_services.save_rules(steward, regions.dataset, RULES)
    with pytest.raises(Conflict) as caught:
        add_version(regions.dataset, NO_REGION, by=steward)
    assert "region" in str(caught.value.message)
    assert regions.dataset.versions.count() == 1
    assert not UploadDraft.objects.exclude(status="committed").exists()
    assert not RuleRun.objects.filter(draft__status="reading").exists()
    assert AuditEntry.objects.filter(action="quality.rules.block").count() == 1
    # A warning does not stop it; its failure is recorded on the new version.
    version = add_version(regions.dataset, BAD_POPULATION, by=steward)
    rule_services.queue_version_rules(version)  # the draft's results are lent, no rerun
    run = RuleRun.objects.get(version=version)
    assert [(r["status"], r["failed"]) for r in run.results] == [("pass", 0), ("fail", 1)]
    assert run.results[1]["samples"] == [[1, 61400, "Абай облысы", 185500.5, "Семей", "2022-06-08"]]


def test_the_check_page_shows_the_rules_and_refuses_a_blocked_upload(
        two_orgs: dict[str, Any], regions: DatasetVersion, client_for: Any) -> None:
    steward = actor(two_orgs["steward_a"])
    rule_services.save_rules(steward, regions.dataset, RULES)
    draft = drafts.start_upload(steward, two_orgs["a"], filename="regions.csv",
                                chunks=[NO_REGION.encode()], dataset=regions.dataset)
    drafts.read_draft(draft)
    client = client_for(two_orgs["steward_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/uploads/{draft.pk}/").content.decode()
    assert 'data-testid="draft-blocked"' in page
    assert 'data-testid="publish" disabled' in page
    assert "Not empty: region" in page
    refused = client.post(f"/uploads/{draft.pk}/", {"op": "publish"}, follow=True)
    assert "cannot be published" in refused.content.decode()
    assert regions.dataset.versions.count() == 1


def test_the_rules_page_edits_adds_suggestions_and_hides_samples_from_outsiders(
        two_orgs: dict[str, Any], regions: DatasetVersion, client_for: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    profile_version_task.func(version_id=regions.pk)
    steward = client_for(two_orgs["steward_a"])
    steward.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = "/datasets/org-a/regions/rules/"
    page = steward.get(url).content.decode()
    assert 'data-testid="suggestions"' in page
    assert "row_count" in page
    bad = steward.post(url, {"op": "save", "rules": "- {check: unique}"})
    assert bad.status_code == 400
    assert "needs a column" in bad.content.decode()
    assert "- {check: unique}" in bad.content.decode()  # what was typed is kept
    with django_capture_on_commit_callbacks(execute=True):
        steward.post(url, {"op": "add", "suggestion": ["0", "1"]})
    text = rule_services.rules_text(regions.dataset)
    assert text.count("check:") == 2
    with django_capture_on_commit_callbacks(execute=True):
        steward.post(url, {"op": "save", "rules": "- {check: range, column: population, "
                                                  "max: 1000000}"})
    run_version_rules_task.func(version_id=regions.pk)
    page = steward.get(url).content.decode()
    assert "Sample rows" in page
    assert "Алматы" in page
    card = steward.get("/datasets/org-a/regions/").content.decode()
    assert 'data-testid="rules-summary"' in card
    assert "0 of 1 rule passes" in card
    outsider = client_for(two_orgs["steward_b"])
    outsider.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = outsider.get(url).content.decode()
    assert "Within a range: population" in page
    assert "Алматы" not in page
    assert 'data-testid="rules-save"' not in page
    assert outsider.post(url, {"op": "save", "rules": ""}).status_code == 403


def test_the_cli_sets_shows_and_checks_rules(two_orgs: dict[str, Any], regions: DatasetVersion,
                                             tmp_path: Any, capsys: Any) -> None:
    from typer.testing import CliRunner

    from aqyl.cli import app

    runner, token = CliRunner(), make_token(two_orgs["steward_a"])
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(RULES.replace("100000", "1000000"), encoding="utf-8")
    result = runner.invoke(app, ["dataset", "rules", "set", "org-a/regions", str(rules_file),
                                 "--token", token])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["dataset", "rules", "show", "org-a/regions", "--token", token])
    assert "min: 1000000" in shown.output
    checked = runner.invoke(app, ["dataset", "rules", "check", "org-a/regions", "--json",
                                  "--token", token])
    assert checked.exit_code == 0  # only a warning fails
    assert '"failed": 2' in checked.output
    rules_file.write_text("- {check: range, column: population, max: 1, severity: critical}",
                          encoding="utf-8")
    runner.invoke(app, ["dataset", "rules", "set", "org-a/regions", str(rules_file),
                        "--token", token])
    blocked = runner.invoke(app, ["dataset", "rules", "check", "org-a/regions", "--token", token])
    assert blocked.exit_code == 1
    missing = runner.invoke(app, ["dataset", "rules", "set", "org-a/regions", "nope.yaml",
                                  "--token", token])
    assert missing.exit_code == 1
    with pytest.raises(InvalidInput):
        rule_services.save_rules(actor(two_orgs["steward_a"]), regions.dataset, "- 1")


def test_the_worker_reads_other_datasets_with_the_rule_editors_rights_only(
        two_orgs: dict[str, Any], regions: DatasetVersion) -> None:
    make_dataset(two_orgs["a"], "centres", access_level="confidential",
                 csv_text="centre\nСемей\nКөкшетау\n")
    rule_services.save_rules(actor(two_orgs["steward_a"]), regions.dataset,
                             "- {check: foreign_key, column: centre, dataset: org-a/centres, "
                             "key: centre}")
    assert rule_services.run_version_rules(regions).results[0]["failed"] == 1  # Алматы
    DatasetRules.objects.filter(dataset=regions.dataset).update(
        updated_by=two_orgs["steward_b"])  # an editor who may not read org-a/centres
    [result] = rule_services.run_version_rules(regions).results
    assert (result["status"], result["detail"]["code"]) == ("error", "unknown_dataset")
