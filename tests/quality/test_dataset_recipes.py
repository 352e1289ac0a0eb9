"""A dataset's recipe through the API, the pages and the CLI: each application publishes a
new version with its lineage and report, new uploads are prepared in turn, and a failure
(a bad step, a critical rule) publishes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from aqyl.catalog.models import DatasetVersion, UploadDraft
from aqyl.core.models import AuditEntry
from aqyl.quality import recipe_services, rule_services
from aqyl.quality.models import RecipeRun
from aqyl.quality.tasks import apply_recipe_task
from tests.factories import actor, add_version, make_dataset, make_token

pytestmark = pytest.mark.django_db

MESSY = ("name;district;income\n"
         " Aлматы ;Алмалинский р-н;1 200,5\n"
         "Астана;г. Астана;\n"
         "Астана;г. Астана;\n"
         "Шымкент;Марс;—\n")
RECIPE = """- step: normalise_text
- step: drop_duplicates
- step: fix_types
  columns: [income]
- step: map_territory
  column: district
"""


def api(user: Any) -> Client:
    return Client(headers={"Authorization": f"Bearer {make_token(user)}"})


@pytest.fixture
def people(two_orgs: dict[str, Any]) -> DatasetVersion:
    return make_dataset(two_orgs["a"], "people", csv_text=MESSY, access_level="restricted")


def staged_leftovers() -> int:
    root = Path(settings.AQYL["AQYL_STAGING_DIR"])
    return len(list(root.iterdir())) if root.exists() else 0


def test_applying_a_recipe_publishes_a_prepared_version_with_its_report(
        two_orgs: dict[str, Any], people: DatasetVersion,
        django_capture_on_commit_callbacks: Any) -> None:
    url = "/api/v1/datasets/org-a/people/recipe"
    steward = api(two_orgs["steward_a"])
    saved = steward.put(url, {"yaml": RECIPE, "auto_apply": False},
                        content_type="application/json")
    assert saved.status_code == 200
    assert [s["step"] for s in saved.json()["steps"]] == [
        "normalise_text", "drop_duplicates", "fix_types", "map_territory"]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = steward.post(f"{url}/runs")
    assert started.status_code == 202
    assert (started.json()["status"], started.json()["source_version"]) == ("pending", 1)
    assert len(queued) == 1
    assert apply_recipe_task.func(run_id=started.json()["id"]) == "done"
    prepared = people.dataset.versions.get(number=2)
    assert prepared.parent == people
    assert prepared.understood == {"recipe_run": started.json()["id"], "from_version": 1}
    assert prepared.row_count == 3
    assert [c["name"] for c in prepared.schema] == ["name", "district", "income",
                                                    "district_kato"]
    [run] = steward.get(f"{url}/runs").json()
    assert (run["result_version"], run["report"]["rows_after"]) == (2, 3)
    assert run["report"]["steps"][3]["unmapped"] == [["Марс", 1]]
    assert AuditEntry.objects.filter(action="quality.recipe.apply").count() == 1
    assert staged_leftovers() == 0
    # Recipes apply to what was uploaded, never to their own output, and stay valid after it.
    assert recipe_services.recipe_source(people.dataset) == people
    again = steward.put(url, {"yaml": RECIPE}, content_type="application/json")
    assert (again.status_code, again.json()["auto_apply"]) == (200, False)
    # The report holds values of the data: only its readers get it.
    assert api(two_orgs["steward_b"]).get(f"{url}/runs").status_code == 403
    assert api(two_orgs["steward_b"]).put(url, {"yaml": ""}, content_type="application/json"
                                          ).status_code == 403


def test_new_uploads_are_prepared_in_turn_once(two_orgs: dict[str, Any], people: DatasetVersion,
                                                django_capture_on_commit_callbacks: Any) -> None:
    recipe_services.save_recipe(actor(two_orgs["steward_a"]), people.dataset, RECIPE,
                                auto_apply=True)
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = add_version(people.dataset, MESSY, by=actor(two_orgs["steward_a"]))
    run = RecipeRun.objects.get(source=uploaded)
    with django_capture_on_commit_callbacks(execute=True):
        assert recipe_services.execute(run).status == "done"
    assert people.dataset.versions.count() == 3
    assert RecipeRun.objects.count() == 1  # the prepared version is not prepared again


def test_a_recipe_that_cannot_run_or_breaks_a_critical_rule_publishes_nothing(
        two_orgs: dict[str, Any], people: DatasetVersion) -> None:
    steward = actor(two_orgs["steward_a"])
    recipe_services.save_recipe(steward, people.dataset,
                                "- {step: fix_types, columns: [name]}", auto_apply=False)
    run = recipe_services.apply_now(steward, people.dataset)
    assert run.status == "failed"
    assert recipe_services.error_message(run).startswith("1-қадам:")  # Kazakh by default
    rule_services.save_rules(steward, people.dataset,
                             "- {check: row_count, min: 4, severity: critical}")
    recipe_services.save_recipe(steward, people.dataset, "- step: drop_duplicates",
                                auto_apply=False)
    run = recipe_services.apply_now(steward, people.dataset)
    assert run.status == "failed"
    with translation.override("en"):
        assert "cannot be published" in recipe_services.error_message(run)
    assert people.dataset.versions.count() == 1
    assert not UploadDraft.objects.exclude(status="committed").exists()
    assert staged_leftovers() == 0


def test_bad_recipes_are_refused_with_the_step_named(two_orgs: dict[str, Any],
                                                     people: DatasetVersion) -> None:
    response = api(two_orgs["steward_a"]).put(
        "/api/v1/datasets/org-a/people/recipe",
        {"yaml": "- {step: drop_duplicates}\n- {step: fill_missing, column: nme, "
                 "method: mode}"},
        content_type="application/json", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("Step 2: There is no column nme.")


def test_the_recipe_page_edits_applies_and_shows_reports_to_readers(
        two_orgs: dict[str, Any], people: DatasetVersion, client_for: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    steward = client_for(two_orgs["steward_a"])
    steward.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = "/datasets/org-a/people/recipe/"
    bad = steward.post(url, {"op": "save", "recipe": "- {step: scrub}"})
    assert bad.status_code == 400
    assert "scrub is not a step" in bad.content.decode()
    steward.post(url, {"op": "save", "recipe": RECIPE})
    assert recipe_services.recipe_of(people.dataset).auto_apply is False  # box unticked
    with django_capture_on_commit_callbacks(execute=True):
        steward.post(url, {"op": "apply"})
    apply_recipe_task.func(run_id=RecipeRun.objects.get().pk)
    page = steward.get(url).content.decode()
    assert 'data-testid="recipe-report"' in page
    assert "Map place names to KATO: district" in page
    assert "Марс" in page
    outsider = client_for(two_orgs["steward_b"])
    page = outsider.get(url).content.decode()
    assert "Марс" not in page
    assert 'data-testid="recipe-save"' not in page
    assert outsider.post(url, {"op": "apply"}).status_code == 302  # refused, told why


def test_the_cli_sets_and_applies_a_recipe(two_orgs: dict[str, Any], people: DatasetVersion,
                                           tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from aqyl.cli import app

    runner, token = CliRunner(), make_token(two_orgs["steward_a"])
    recipe_file = tmp_path / "recipe.yaml"
    recipe_file.write_text(RECIPE, encoding="utf-8")
    done = runner.invoke(app, ["dataset", "recipe", "set", "org-a/people", str(recipe_file),
                               "--no-auto", "--token", token])
    assert done.exit_code == 0, done.output
    applied = runner.invoke(app, ["dataset", "recipe", "apply", "org-a/people", "--token",
                                  token])
    assert applied.exit_code == 0, applied.output
    assert people.dataset.versions.count() == 2
    recipe_file.write_text("- {step: fix_types, columns: [name]}", encoding="utf-8")
    runner.invoke(app, ["dataset", "recipe", "set", "org-a/people", str(recipe_file),
                        "--token", token])
    failed = runner.invoke(app, ["dataset", "recipe", "apply", "org-a/people", "--token",
                                 token])
    assert failed.exit_code == 1
