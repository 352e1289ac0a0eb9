"""Every published version is profiled by the worker; the card, the API and the access rules."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from aqyl.quality.models import ProfileStatus, VersionProfile
from aqyl.quality.tasks import profile_version_task
from tests.factories import make_dataset, make_token

pytestmark = pytest.mark.django_db


def published(two_orgs: dict[str, Any], name: str, access_level: str = "open") -> Any:
    return make_dataset(two_orgs["a"], name, access_level=access_level)


def test_a_published_version_is_queued_then_profiled(
        two_orgs: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = published(two_orgs, "regions")
    stored = VersionProfile.objects.get(version=version)
    assert stored.status == ProfileStatus.PENDING  # the worker's turn
    assert profile_version_task.func(version_id=version.pk) == ProfileStatus.DONE
    stored.refresh_from_db()
    assert stored.data["rows"] == version.row_count == 3
    assert [c["name"] for c in stored.data["columns"]] == [c["name"] for c in version.schema]
    assert stored.progress == 1.0


def test_the_card_shows_statistics_and_values_only_to_readers(
        two_orgs: dict[str, Any], client_for: Any) -> None:
    version = published(two_orgs, "clinics", access_level="restricted")
    profile_version_task.func(version_id=version.pk)
    outsider = client_for(two_orgs["steward_b"]).get(
        "/datasets/org-a/clinics/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="column-stats"' in outsider
    assert "614000" not in outsider  # a range would show values of restricted data
    assert 'data-testid="correlations"' not in outsider
    owner = client_for(two_orgs["steward_a"]).get(
        "/datasets/org-a/clinics/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "614000 … 2228000" in owner.replace("\u202f", "").replace(",", "")
    assert 'class="bars"' in owner


def test_the_api_gives_the_profile_to_readers_only(two_orgs: dict[str, Any]) -> None:
    version = published(two_orgs, "clinics", access_level="restricted")
    url = "/api/v1/datasets/org-a/clinics/profile"
    owner = Client(headers={"Authorization": f"Bearer {make_token(two_orgs['steward_a'])}"})
    waiting = owner.get(url).json()
    assert (waiting["status"], waiting["profile"]) == ("pending", None)
    profile_version_task.func(version_id=version.pk)
    done = owner.get(f"{url}?version=1").json()
    assert (done["status"], done["version"], done["profile"]["rows"]) == ("done", 1, 3)
    outsider = Client(headers={"Authorization": f"Bearer {make_token(two_orgs['steward_b'])}"})
    counted = outsider.get(url).json()  # as on the card: counts, not values
    assert (counted["values_included"], counted["profile"]["rows"]) == (False, 3)
    assert "numeric" not in counted["profile"]["columns"][1]
    assert "614000" not in json.dumps(counted)
    assert Client().get(url).json()["values_included"] is False
    assert owner.get(f"{url}?version=0").status_code == 400


def test_a_failure_is_stored_not_half_a_profile(two_orgs: dict[str, Any],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from aqyl.quality import services

    version = published(two_orgs, "regions")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(services, "profile_parquet", broken)
    assert profile_version_task.func(version_id=version.pk) == ProfileStatus.FAILED
    stored = VersionProfile.objects.get(version=version)
    assert (stored.data, stored.error) == ({}, "OSError: disk gone")
    assert profile_version_task.func(version_id=version.pk + 1000) == "gone"


def test_the_score_reaches_the_card_the_api_and_the_catalog(two_orgs: dict[str, Any],
                                                            client_for: Any) -> None:
    from aqyl.catalog.models import Dataset

    version = published(two_orgs, "regions")
    profile_version_task.func(version_id=version.pk)
    stored = VersionProfile.objects.get(version=version)
    total = stored.score["total"]
    assert 0 < total <= 100
    assert Dataset.objects.get(pk=version.dataset_id).quality_score == total
    client = client_for(two_orgs["steward_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    card = client.get("/datasets/org-a/regions/").content.decode()
    assert f"Quality score: {total:.1f} of 100" in card
    assert "rows repeat an earlier row exactly" in card
    body = Client().get("/api/v1/datasets/org-a/regions/profile").json()
    assert body["score"]["total"] == total
    found = Client().get("/api/v1/datasets?quality=high").json()["items"]
    assert [d["name"] for d in found] == (["regions"] if total >= 80 else [])


def test_the_card_charts_missing_values_correlations_and_the_score_trend(
        two_orgs: dict[str, Any], client_for: Any) -> None:
    from tests.factories import add_version

    version = published(two_orgs, "regions")
    profile_version_task.func(version_id=version.pk)
    gappy = ("region;population;area_km2;centre;founded\n"
             "Абай облысы;614000;;Семей;08.06.2022\n"
             "Ақмола облысы;;146219,1;;14.10.1939\n"
             "Алматы;2228000;682,5;Алматы;01.01.1854\n")
    second = add_version(version.dataset, gappy)
    profile_version_task.func(version_id=second.pk)
    client = client_for(two_orgs["steward_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"  # a decimal comma must not break CSS
    card = client.get("/datasets/org-a/regions/").content.decode()
    assert 'data-testid="score-trend"' in card
    assert 'data-testid="missing-chart"' in card
    assert 'data-testid="correlations"' in card
    assert 'data-testid="missing-together"' in card
    assert "rgba(214, 39, 40, 0.80)" in card  # a column correlates with itself


def test_an_empty_version_says_there_is_nothing_to_profile(two_orgs: dict[str, Any],
                                                           client_for: Any) -> None:
    from typer.testing import CliRunner

    from aqyl.cli import app

    version = make_dataset(two_orgs["a"], "empty", csv_text="region;population\n")
    assert profile_version_task.func(version_id=version.pk) == ProfileStatus.DONE
    client = client_for(two_orgs["steward_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    card = client.get("/datasets/org-a/empty/").content.decode()
    assert 'data-testid="profile-empty"' in card
    printed = CliRunner().invoke(app, ["dataset", "profile", "org-a/empty"])
    assert printed.exit_code == 1
    assert CliRunner().invoke(app, ["dataset", "profile", "org-a/empty", "--json"]
                              ).exit_code == 0
