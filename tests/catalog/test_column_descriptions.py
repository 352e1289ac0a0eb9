"""Stewards describe each column in Kazakh, Russian and English; readers see their language
(or the nearest one) on the card, in the API, Croissant and CKAN; descriptions follow a
column's name into later versions."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from aqyl.catalog import services
from aqyl.catalog.models import Dataset
from aqyl.core.errors import InvalidInput, PermissionDenied
from aqyl.core.models import AuditEntry
from tests.factories import REGIONS_CSV, actor, add_version, make_dataset, make_token

pytestmark = pytest.mark.django_db
RENAMED = ("region;people;area_km2;centre;founded\n"
           "Абай облысы;614000;185500,5;Семей;08.06.2022\n")


@pytest.fixture
def regions(two_orgs: dict[str, Any]) -> Dataset:
    return make_dataset(two_orgs["a"], "regions").dataset


def reader(language: str, user: Any = None) -> Client:
    client = Client(headers={"Accept-Language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def token_client(user: Any, scope: str = "write") -> Client:
    return Client(headers={"Authorization": f"Bearer {make_token(user, scope=scope)}",
                           "Accept-Language": "en"})


def test_descriptions_merge_language_by_language(two_orgs: dict[str, Any],
                                                 regions: Dataset) -> None:
    steward = actor(two_orgs["steward_a"])
    services.update_dataset(steward, regions, column_descriptions={
        "region": {"kk": "Облыс немесе республикалық маңызы бар қала", "ru": "Область",
                   "en": "Region"},
        "population": {"en": "  Residents at the start of the year "}})
    services.update_dataset(steward, Dataset.objects.get(pk=regions.pk), column_descriptions={
        "region": {"ru": "Область или город республиканского значения", "en": ""},
        "population": None})
    stored = Dataset.objects.get(pk=regions.pk).column_descriptions
    assert stored == {"region": {"kk": "Облыс немесе республикалық маңызы бар қала",
                                 "ru": "Область или город республиканского значения"}}
    entry = AuditEntry.objects.filter(action="catalog.dataset.update").latest("seq")
    assert entry.details["fields"] == ["column_descriptions"]
    assert "республиканского" in Dataset.objects.get(pk=regions.pk).search_text


def test_descriptions_survive_new_versions_by_column_name(two_orgs: dict[str, Any],
                                                          regions: Dataset) -> None:
    services.update_dataset(actor(two_orgs["steward_a"]), regions, column_descriptions={
        "region": {"en": "Region"}, "population": {"en": "Residents"}})
    add_version(Dataset.objects.get(pk=regions.pk), RENAMED)
    latest = reader("en").get("/api/v1/datasets/org-a/regions/versions/2").json()
    described = {c["name"]: c["description"] for c in latest["columns"]}
    assert described["region"] == "Region"
    assert described["people"] == ""
    first = reader("en").get("/api/v1/datasets/org-a/regions/versions/1").json()
    assert {c["name"]: c["description"] for c in first["columns"]}["population"] == "Residents"


def test_each_reader_sees_their_language_or_the_nearest(two_orgs: dict[str, Any],
                                                        regions: Dataset) -> None:
    services.update_dataset(actor(two_orgs["steward_a"]), regions, column_descriptions={
        "region": {"kk": "Өңір", "ru": "Регион", "en": "Region"},
        "centre": {"ru": "Административный центр"}, "area_km2": {"en": "Area, km²"}})
    for language, expected in (("kk", ("Өңір", "Area, km²", "Административный центр")),
                               ("ru", ("Регион", "Area, km²", "Административный центр")),
                               ("en", ("Region", "Area, km²", "Административный центр"))):
        card = reader(language).get("/datasets/org-a/regions/").content.decode()
        for text in expected:
            assert f"<td>{text}</td>" in card, (language, text)
        columns = reader(language).get("/api/v1/datasets/org-a/regions/versions/1").json()[
            "columns"]
        assert [c["description"] for c in columns if c["description"]] == list(expected)


def test_croissant_and_ckan_carry_the_descriptions(two_orgs: dict[str, Any],
                                                   regions: Dataset) -> None:
    services.update_dataset(actor(two_orgs["steward_a"]), regions, column_descriptions={
        "region": {"kk": "Өңір", "ru": "Регион", "en": "Region"}})
    fields = reader("en").get("/datasets/org-a/regions/croissant.json").json()["recordSet"][0][
        "field"]
    region = next(f for f in fields if f["name"] == "region")
    assert {d["@language"]: d["@value"] for d in region["description"]} == {
        "kk": "Өңір", "ru": "Регион", "en": "Region"}
    package = reader("ru").get("/api/3/action/package_show", {"id": "org-a--regions"}).json()[
        "result"]
    schema = package["resources"][0]["schema"]
    by_name = {field["name"]: field for field in schema["fields"]}
    assert by_name["region"]["description"] == "Регион"
    assert by_name["region"]["description_translated"]["en"] == "Region"
    assert by_name["population"] == {"name": "population", "type": "integer"}
    assert by_name["area_km2"]["type"] == "number"
    assert by_name["founded"]["type"] == "date"


def test_the_api_extends_the_metadata_update(two_orgs: dict[str, Any],
                                             regions: Dataset) -> None:
    client = token_client(two_orgs["steward_a"])
    changed = client.patch("/api/v1/datasets/org-a/regions", {"column_descriptions": {
        "region": {"kk": "Өңір", "en": "Region"}}}, content_type="application/json")
    assert changed.status_code == 200, changed.content
    again = client.patch("/api/v1/datasets/org-a/regions", {"column_descriptions": {
        "region": {"ru": "Регион"}}}, content_type="application/json")
    assert again.status_code == 200
    assert Dataset.objects.get(pk=regions.pk).column_descriptions == {
        "region": {"kk": "Өңір", "en": "Region", "ru": "Регион"}}


def test_bad_descriptions_are_refused_and_change_nothing(two_orgs: dict[str, Any],
                                                         regions: Dataset) -> None:
    client = token_client(two_orgs["steward_a"])
    for body, field in (
            ({"column_descriptions": {"nope": {"en": "Missing"}}},
             "column_descriptions.nope"),
            ({"column_descriptions": {"region": {"de": "Region"}}},
             "column_descriptions.region"),
            ({"column_descriptions": {"region": {"en": "x" * 2001}}},
             "column_descriptions.region")):
        refused = client.patch("/api/v1/datasets/org-a/regions", body,
                               content_type="application/json")
        assert refused.status_code == 400, body
        assert field in refused.json()["error"]["fields"], refused.json()
    unknown = client.patch("/api/v1/datasets/org-a/nothing", {"column_descriptions": {}},
                           content_type="application/json")
    assert unknown.status_code == 404
    not_a_map = client.patch("/api/v1/datasets/org-a/regions", {"column_descriptions": [1]},
                             content_type="application/json")
    assert not_a_map.status_code in (400, 422)
    with pytest.raises(InvalidInput):
        services.update_dataset(actor(two_orgs["steward_a"]), regions,
                                column_descriptions="region: Region")
    assert Dataset.objects.get(pk=regions.pk).column_descriptions == {}


def test_only_stewards_describe_columns(two_orgs: dict[str, Any], regions: Dataset) -> None:
    body = {"column_descriptions": {"region": {"en": "Region"}}}
    for user, status in ((two_orgs["steward_b"], 403), (two_orgs["auditor_a"], 403)):
        assert token_client(user).patch("/api/v1/datasets/org-a/regions", body,
                                        content_type="application/json").status_code == status
    assert Client().patch("/api/v1/datasets/org-a/regions", body,
                          content_type="application/json").status_code == 401
    assert token_client(two_orgs["steward_a"], scope="read").patch(
        "/api/v1/datasets/org-a/regions", body,
        content_type="application/json").status_code == 403
    with pytest.raises(PermissionDenied):
        services.update_dataset(actor(two_orgs["steward_b"]), regions,
                                column_descriptions={"region": {"en": "Region"}})
    assert token_client(two_orgs["org_admin_a"]).patch(
        "/api/v1/datasets/org-a/regions", body,
        content_type="application/json").status_code == 200


def test_stewards_describe_columns_in_the_portal(two_orgs: dict[str, Any],
                                                 regions: Dataset) -> None:
    steward = reader("en", two_orgs["steward_a"])
    card = steward.get("/datasets/org-a/regions/").content.decode()
    assert 'data-testid="describe-columns"' in card
    page = steward.get("/datasets/org-a/regions/columns/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="c0_kk"' in html
    assert 'name="c4_en"' in html
    assert "<code>founded</code>" in html
    form = {f"c{i}_{lang}": "" for i in range(5) for lang in ("kk", "ru", "en")}
    form.update({"c0_kk": "Өңір", "c0_ru": "Регион", "c0_en": "Region",
                 "c1_en": "Residents at the start of the year"})
    saved = steward.post("/datasets/org-a/regions/columns/", form)
    assert saved.status_code == 302
    assert saved["Location"] == "/datasets/org-a/regions/#schema"
    card = steward.get("/datasets/org-a/regions/").content.decode()
    assert "<td>Residents at the start of the year</td>" in card
    assert "The column descriptions have been saved." in card
    assert "Өңір</textarea>" in steward.get("/datasets/org-a/regions/columns/").content.decode()
    too_long = steward.post("/datasets/org-a/regions/columns/", {**form, "c2_ru": "x" * 2001})
    assert too_long.status_code == 400
    assert Dataset.objects.get(pk=regions.pk).column_descriptions["region"]["en"] == "Region"

    for other in (reader("en", two_orgs["steward_b"]), reader("en", two_orgs["auditor_a"])):
        assert 'data-testid="describe-columns"' not in other.get(
            "/datasets/org-a/regions/").content.decode()
        assert other.get("/datasets/org-a/regions/columns/").status_code == 403
        assert other.post("/datasets/org-a/regions/columns/", form).status_code == 403
    assert reader("en").get("/datasets/org-a/regions/columns/").status_code == 302


def test_a_new_dataset_may_come_with_descriptions(two_orgs: dict[str, Any]) -> None:
    version = make_dataset(two_orgs["a"], "described", column_descriptions={
        "region": {"kk": "Өңір"}, "centre": "Орталығы"})
    assert version.dataset.column_descriptions == {"region": {"kk": "Өңір"},
                                                   "centre": {"kk": "Орталығы"}}
    assert REGIONS_CSV.startswith("region;")
