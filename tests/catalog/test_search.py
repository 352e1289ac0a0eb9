"""Catalog search: every word must match, in any of the three languages, with facet counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from aqyl.catalog import services
from aqyl.catalog.models import Dataset
from aqyl.catalog.search import SearchResult, search
from aqyl.core.actors import SYSTEM
from tests.factories import make_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(two_orgs: dict[str, Any]) -> dict[str, Any]:
    make_dataset(two_orgs["a"], "schools", title_kk="Жалпы білім беретін мектептер",
                 title_ru="Общеобразовательные школы", title_en="General education schools",
                 sector="education", tags=["мектеп", "education"], update_frequency="annual")
    make_dataset(two_orgs["a"], "air", title_kk="Ауа сапасы", title_ru="Качество воздуха",
                 title_en="Air quality", sector="ecology", licence="CC0-1.0",
                 update_frequency="daily")
    make_dataset(two_orgs["b"], "clinics", title_kk="Емханалар", title_ru="Поликлиники",
                 title_en="Clinics", sector="health", access_level="restricted")
    make_dataset(two_orgs["b"], "secret", access_level="confidential")
    return two_orgs


def names(result: SearchResult) -> set[str]:
    return {d.name for d in result.page(0, 100)}


@pytest.mark.parametrize("query", ["мектептер", "ШКОЛЫ", "schools", "білім мектеп"])
def test_full_text_in_each_language(catalog: dict[str, Any], query: str) -> None:
    from tests.factories import actor, make_user

    assert names(search(actor(make_user("reader")), query=query)) == {"schools"}


def test_column_names_and_owner_are_searchable(catalog: dict[str, Any]) -> None:
    assert names(search(SYSTEM, query="population")) >= {"schools", "air"}
    assert names(search(SYSTEM, query="organisation org-b")) >= {"clinics"}


def test_facets_count_what_the_other_filters_leave(catalog: dict[str, Any]) -> None:
    result = search(SYSTEM, filters={"organisation": "org-a"})
    assert names(result) == {"schools", "air"}
    assert dict(result.facets["organisation"]) == {"org-a": 2, "org-b": 1}  # not confidential
    assert dict(result.facets["sector"]) == {"education": 1, "ecology": 1}
    assert dict(result.facets["quality"]) == {"unknown": 2}
    assert dict(search(SYSTEM, filters={"licence": "CC0-1.0"}).facets["licence"]
                )["CC0-1.0"] == 1


def test_api_search_hides_confidential_from_outsiders(catalog: dict[str, Any]) -> None:
    body = Client().get("/api/v1/datasets?q=&sort=title").json()
    assert {d["name"] for d in body["items"]} == {"schools", "air", "clinics"}
    assert body["count"] == 3
    facets = {f["value"]: f["count"] for f in body["facets"]["access_level"]}
    assert facets == {"open": 2, "restricted": 1}


def test_search_page_filters_and_shows_facets(catalog: dict[str, Any]) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/datasets/?q=air&sector=ecology").content.decode()
    assert "Air quality" in html
    assert "General education schools" not in html
    assert "Ecology" in html
    fragment = Client().get("/datasets/?q=clinics", headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert "clinics" in fragment.content.decode()


def test_metadata_changes_are_searchable_at_once(catalog: dict[str, Any]) -> None:
    air = Dataset.objects.get(name="air")
    services.update_dataset(SYSTEM, air, tags=["смог", "PM2.5"])
    assert names(search(SYSTEM, query="смог")) == {"air"}


def test_developers_filter_and_sort_by_quality(catalog: dict[str, Any]) -> None:
    Dataset.objects.filter(name="schools").update(quality_score=91.0)
    Dataset.objects.filter(name="air").update(quality_score=64.0)
    ordered = [d.name for d in search(SYSTEM, sort="quality").page(0, 10)]
    assert ordered[:2] == ["schools", "air"]  # unscored datasets come last
    found = Client().get("/api/v1/datasets", {"sort": "quality", "quality": "medium"}).json()
    assert [d["name"] for d in found["items"]] == ["air"]
    assert Client().get("/api/v1/datasets", {"sort": "best"}).status_code == 422
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/datasets/", {"sort": "quality"}).content.decode()
    assert page.index("General education schools") < page.index("Air quality")
