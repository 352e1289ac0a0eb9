"""Spatial coverage in Kazakh, Russian and English, like the title: the migration keeps the
old single text as the Kazakh one, readers see their language or the nearest, and the API
accepts the old single field as the Kazakh text."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from aqyl.catalog import services
from aqyl.catalog.models import Dataset
from aqyl.core.errors import PermissionDenied
from tests.factories import actor, make_dataset, make_token, valid_bin

pytestmark = pytest.mark.django_db
THREE = {"spatial_coverage_kk": "Қазақстан Республикасы",
         "spatial_coverage_ru": "Республика Казахстан",
         "spatial_coverage_en": "Republic of Kazakhstan"}


def reader(language: str, user: Any = None) -> Client:
    client = Client(headers={"Accept-Language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def coverage_on_card(client: Client, slug: str = "org-a/regions") -> str:
    html = client.get(f"/datasets/{slug}/").content.decode()
    for label in ("Spatial coverage", "Территориальный охват", "Аумақтық қамту"):
        if f"<dt>{label}</dt>" in html:
            return html.split(f"<dt>{label}</dt><dd>", 1)[1].split("</dd>", 1)[0]
    raise AssertionError("no spatial coverage on the card")


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_old_text_as_the_kazakh_one() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("catalog", "0001_initial")])
    old = executor.loader.project_state([("catalog", "0001_initial")]).apps
    organisation = old.get_model("accounts", "Organisation").objects.create(
        slug="stat", name_kk="Статистика бюросы", type="government", sector="digital",
        bin=valid_bin())
    old.get_model("catalog", "Dataset").objects.create(
        organisation=organisation, name="regions", title_kk="Өңірлер", sector="digital",
        spatial_coverage="Қазақстан, барлық облыстар")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    dataset = Dataset.objects.get(name="regions")
    assert dataset.spatial_coverage_kk == "Қазақстан, барлық облыстар"
    assert (dataset.spatial_coverage_ru, dataset.spatial_coverage_en) == ("", "")
    assert dataset.withdrawn_at is None


def test_each_reader_sees_their_language_or_the_nearest(two_orgs: dict[str, Any]) -> None:
    make_dataset(two_orgs["a"], "regions", **THREE)
    make_dataset(two_orgs["a"], "only-russian", spatial_coverage_ru="Алматинская область")
    for language, expected in (("kk", "Қазақстан Республикасы"),
                               ("ru", "Республика Казахстан"),
                               ("en", "Republic of Kazakhstan")):
        assert coverage_on_card(reader(language)) == expected
        assert reader(language).get("/api/v1/datasets/org-a/regions").json()[
            "spatial_coverage"] == expected
        assert coverage_on_card(reader(language), "org-a/only-russian") == "Алматинская область"
    body = Client().get("/api/v1/datasets/org-a/regions").json()
    assert {k: body[k] for k in THREE} == THREE


def test_stewards_edit_it_in_three_languages(two_orgs: dict[str, Any]) -> None:
    make_dataset(two_orgs["a"], "regions")
    steward = reader("en", two_orgs["steward_a"])
    form = steward.get("/datasets/org-a/regions/edit/").content.decode()
    for field in THREE:
        assert f'name="{field}"' in form
    saved = steward.post("/datasets/org-a/regions/edit/", {
        "title_kk": "Өңірлер", "sector": "public_administration", "access_level": "open",
        "licence": "CC-BY-4.0", "update_frequency": "annual", **THREE})
    assert saved.status_code == 302
    assert coverage_on_card(reader("ru")) == "Республика Казахстан"
    too_long = steward.post("/datasets/org-a/regions/edit/", {
        "title_kk": "Өңірлер", "sector": "public_administration", "access_level": "open",
        "licence": "CC-BY-4.0", "update_frequency": "annual", "spatial_coverage_en": "x" * 301})
    assert too_long.status_code == 400
    assert Dataset.objects.get(name="regions").spatial_coverage_en == "Republic of Kazakhstan"
    assert "республика" in Dataset.objects.get(name="regions").search_text
    found = Client().get("/api/v1/datasets", {"q": "республика казахстан"}).json()
    assert [item["slug"] for item in found["items"]] == ["org-a/regions"]


def test_the_api_takes_each_language_and_the_old_field(two_orgs: dict[str, Any]) -> None:
    make_dataset(two_orgs["a"], "regions")
    client = Client(headers={"Authorization": f"Bearer {make_token(two_orgs['steward_a'])}"})
    changed = client.patch("/api/v1/datasets/org-a/regions", THREE,
                           content_type="application/json").json()
    assert {k: changed[k] for k in THREE} == THREE
    legacy = client.patch("/api/v1/datasets/org-a/regions", {"spatial_coverage": "Алматы"},
                          content_type="application/json").json()
    assert (legacy["spatial_coverage_kk"], legacy["spatial_coverage_ru"]) == (
        "Алматы", "Республика Казахстан")
    too_long = client.patch("/api/v1/datasets/org-a/regions", {"spatial_coverage_ru": "я" * 301},
                            content_type="application/json")
    assert too_long.status_code in (400, 422)
    other = Client(headers={"Authorization": f"Bearer {make_token(two_orgs['steward_b'])}"})
    assert other.patch("/api/v1/datasets/org-a/regions", THREE,
                       content_type="application/json").status_code == 403
    assert Client().patch("/api/v1/datasets/org-a/regions", THREE,
                          content_type="application/json").status_code == 401
    with pytest.raises(PermissionDenied):
        services.update_dataset(actor(two_orgs["steward_b"]),
                                Dataset.objects.get(name="regions"), **THREE)
    assert Dataset.objects.get(name="regions").spatial_coverage_kk == "Алматы"


def test_a_new_dataset_takes_the_three_texts_through_the_upload_api(
        two_orgs: dict[str, Any]) -> None:
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import REGIONS_CSV

    client = Client(headers={"Authorization": f"Bearer {make_token(two_orgs['steward_a'])}"})
    created = client.post("/api/v1/datasets/org-a/regions/versions", {
        "file": SimpleUploadedFile("regions.csv", REGIONS_CSV.encode()),
        "metadata": json.dumps({"title_kk": "Өңірлер", **THREE})})
    assert created.status_code == 201, created.content
    dataset = Dataset.objects.get(name="regions")
    assert dataset.spatial_coverage_en == "Republic of Kazakhstan"
