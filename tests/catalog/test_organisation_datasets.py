"""An organisation's page lists its datasets the viewer may see, as the catalog would: open and
restricted ones for everyone, confidential ones for members, withdrawn ones for those who can
restore them; with counts, sort orders and pages like the catalog's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from aqyl.catalog import lifecycle
from aqyl.catalog.models import Dataset
from aqyl.catalog.search import PAGE_SIZE
from tests.factories import actor, make_dataset, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_orgs: dict[str, Any]) -> dict[str, Any]:
    for level in ("open", "restricted", "confidential"):
        make_dataset(two_orgs["a"], level, access_level=level)
    make_dataset(two_orgs["b"], "elsewhere")
    two_orgs["outsider"] = make_user("outsider")
    two_orgs["admin"] = make_user("platform-admin", platform_role="platform_admin")
    return two_orgs


def page_of(user: Any = None, query: str = "") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    response = client.get(f"/organisations/org-a/{query}")
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str) -> list[str]:
    section = html.split('data-testid="organisation-datasets"', 1)[1]
    section = section.split('data-testid="withdrawn-datasets"', 1)[0]
    return re.findall(r"<code>(org-[ab]/[a-z0-9-]+)</code> ·", section)


def test_each_viewer_sees_what_the_catalog_shows_them(world: dict[str, Any]) -> None:
    public = page_of()
    assert listed(public) == ["org-a/restricted", "org-a/open"]  # newest first
    assert "2 datasets: open 1, restricted 1" in public
    assert listed(page_of(world["outsider"])) == ["org-a/restricted", "org-a/open"]
    assert listed(page_of(world["steward_b"])) == ["org-a/restricted", "org-a/open"]
    member = page_of(world["auditor_a"])
    assert listed(member) == ["org-a/confidential", "org-a/restricted", "org-a/open"]
    assert "3 datasets: open 1, restricted 1, confidential 1" in member
    assert len(listed(page_of(world["admin"]))) == 3
    assert '/datasets/?organisation=org-a' in public
    catalog = Client().get("/api/v1/datasets", {"organisation": "org-a"}).json()
    assert catalog["count"] == 2


def test_sorted_like_the_catalog(world: dict[str, Any]) -> None:
    Dataset.objects.filter(name="open").update(download_count=5)
    Dataset.objects.filter(name="confidential").update(quality_score=90.0)
    assert listed(page_of(world["auditor_a"], "?sort=downloads"))[0] == "org-a/open"
    assert listed(page_of(world["auditor_a"], "?sort=quality"))[0] == "org-a/confidential"
    by_title = listed(page_of(world["auditor_a"], "?sort=title"))
    assert by_title == ["org-a/confidential", "org-a/open", "org-a/restricted"]
    nonsense = page_of(world["auditor_a"], "?sort=drop-table&page=abc")
    assert listed(nonsense) == listed(page_of(world["auditor_a"]))


def test_pages_of_the_catalogs_size(world: dict[str, Any]) -> None:
    template = Dataset.objects.get(name="open")
    now = timezone.now()
    Dataset.objects.bulk_create([
        Dataset(organisation=world["a"], name=f"extra-{i:02d}", title_kk=f"Қосымша {i:02d}",
                sector="digital", search_text=f"extra-{i:02d}",
                updated_at=now - timezone.timedelta(days=i + 1))
        for i in range(PAGE_SIZE)])
    first = page_of()
    assert f"{PAGE_SIZE + 2} datasets" in first
    assert len(listed(first)) == PAGE_SIZE
    assert "Page 1 of 2" in first
    second = page_of(query="?sort=updated&page=2")
    assert len(listed(second)) == 2
    assert set(listed(first)).isdisjoint(listed(second))
    assert template.slug in listed(first) + listed(second)


def test_withdrawn_datasets_are_listed_apart_for_those_who_can_restore_them(
        world: dict[str, Any]) -> None:
    lifecycle.withdraw_dataset(actor(world["steward_a"]), Dataset.objects.get(name="open"),
                               reason="Wrong totals in the source system.")
    for user in (None, world["steward_b"], world["auditor_a"]):
        html = page_of(user)
        assert "org-a/open" not in listed(html)
        assert 'data-testid="withdrawn-datasets"' not in html
    for user in (world["steward_a"], world["org_admin_a"], world["admin"]):
        html = page_of(user)
        assert "org-a/open" not in listed(html)
        withdrawn = html.split('data-testid="withdrawn-datasets"', 1)[1]
        assert "org-a/open" in withdrawn
        assert "Wrong totals in the source system." in withdrawn


def test_an_organisation_without_datasets_says_so(world: dict[str, Any]) -> None:
    Dataset.objects.filter(organisation=world["a"]).exclude(
        access_level="confidential").delete()
    html = page_of()
    assert "0 datasets" in html
    assert "has published no datasets you can see" in html
    assert Client().get("/organisations/nowhere/").status_code == 404
