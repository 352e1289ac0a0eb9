"""One rule on every path: card page, API, rows, downloads, SQL, search.

open: anyone; restricted: card for anyone, data after an approved request; confidential:
members of the owner only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from aqyl.catalog import services
from aqyl.catalog.models import Dataset
from aqyl.core.errors import Conflict, InvalidInput, PermissionDenied
from aqyl.core.models import AuditEntry
from tests.factories import actor, make_dataset, make_token, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_orgs: dict[str, Any]) -> dict[str, Any]:
    for level in ("open", "restricted", "confidential"):
        make_dataset(two_orgs["a"], level, access_level=level)
    two_orgs["outsider"] = make_user("outsider")
    return two_orgs


def api(user: Any = None) -> Client:
    """Signed in through the session: pages and the API both accept it."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def status_of(client: Client, level: str) -> dict[str, int]:
    sql = {"sql": f'SELECT count(*) AS n FROM "org-a/{level}"'}
    return {
        "page": client.get(f"/datasets/org-a/{level}/").status_code,
        "api": client.get(f"/api/v1/datasets/org-a/{level}").status_code,
        "rows": client.get(f"/api/v1/datasets/org-a/{level}/rows").status_code,
        "download": client.get(f"/api/v1/datasets/org-a/{level}/download?format=csv"
                               ).status_code,
        "page_download": client.get(f"/datasets/org-a/{level}/download.csv").status_code,
        "sql": client.post("/api/v1/sql", sql, content_type="application/json").status_code,
    }


def test_open_data_is_for_everyone(world: dict[str, Any]) -> None:
    for client in (Client(), api(world["outsider"])):
        assert set(status_of(client, "open").values()) == {200}


def test_restricted_card_is_public_data_is_not(world: dict[str, Any]) -> None:
    seen = status_of(Client(), "restricted")
    assert (seen["page"], seen["api"]) == (200, 200)
    assert seen["page_download"] in (302, 401)  # anonymous: sign in first
    assert {seen["rows"], seen["download"], seen["sql"]} <= {401, 403}
    seen = status_of(api(world["outsider"]), "restricted")
    assert (seen["page"], seen["api"]) == (200, 200)
    assert {seen["rows"], seen["download"], seen["sql"]} == {403}


def test_confidential_is_invisible_to_outsiders(world: dict[str, Any]) -> None:
    for client in (Client(), api(world["outsider"]), api(world["steward_b"])):
        seen = status_of(client, "confidential")
        assert seen["api"] == 404
        assert seen["page"] == 404
        assert seen["sql"] == 404
    listed = api(world["outsider"]).get("/api/v1/datasets").json()
    assert {d["name"] for d in listed["items"]} == {"open", "restricted"}


def test_members_read_everything_of_their_organisation(world: dict[str, Any]) -> None:
    for level in ("restricted", "confidential"):
        assert set(status_of(api(world["auditor_a"]), level).values()) == {200}


def test_an_approved_request_opens_restricted_data_until_it_expires(world: dict[str, Any]
                                                                     ) -> None:
    dataset = Dataset.objects.get(name="restricted")
    request = services.request_access(actor(world["outsider"]), dataset,
                                      purpose="Training a model that forecasts demand.",
                                      until=timezone.localdate() + timedelta(days=30))
    assert status_of(api(world["outsider"]), "restricted")["rows"] == 403
    services.decide_access(actor(world["steward_a"]), request, approve=True)
    assert set(status_of(api(world["outsider"]), "restricted").values()) == {200}
    services.revoke_access(actor(world["steward_a"]), request)
    assert status_of(api(world["outsider"]), "restricted")["download"] == 403
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert {"catalog.access.request", "catalog.access.approve", "catalog.access.revoke",
            "catalog.download", "catalog.query"} <= set(actions)


def test_requests_are_decided_by_the_owners_stewards_only(world: dict[str, Any]) -> None:
    dataset = Dataset.objects.get(name="restricted")
    outsider = actor(world["outsider"])
    with pytest.raises(InvalidInput):
        services.request_access(outsider, dataset, purpose="short",
                                until=timezone.localdate() + timedelta(days=30))
    request = services.request_access(outsider, dataset, purpose="Research on school access.",
                                      until=timezone.localdate() + timedelta(days=30))
    with pytest.raises(Conflict):
        services.request_access(outsider, dataset, purpose="Research on school access.",
                                until=timezone.localdate() + timedelta(days=30))
    with pytest.raises(PermissionDenied):
        services.decide_access(actor(world["steward_b"]), request, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide_access(outsider, request, approve=True)
    services.decide_access(actor(world["steward_a"]), request, approve=False, note="No.")
    with pytest.raises(Conflict):
        services.decide_access(actor(world["steward_a"]), request, approve=True)
    open_dataset = Dataset.objects.get(name="open")
    with pytest.raises(PermissionDenied):  # nothing to request for open data
        services.request_access(outsider, open_dataset, purpose="Research on school access.",
                                until=timezone.localdate() + timedelta(days=30))


def test_api_tokens_follow_the_same_rule(world: dict[str, Any]) -> None:
    outsider = Client(headers={"Authorization": f"Bearer {make_token(world['outsider'])}"})
    member = Client(headers={"Authorization": f"Bearer {make_token(world['auditor_a'])}"})
    for level, outsider_status in (("open", 200), ("restricted", 403), ("confidential", 404)):
        path = f"/api/v1/datasets/org-a/{level}/rows"
        assert outsider.get(path).status_code == outsider_status
        assert member.get(path).status_code == 200


def test_reading_open_data_is_counted_not_logged(world: dict[str, Any]) -> None:
    before = AuditEntry.objects.count()
    Client().get("/api/v1/datasets/org-a/open/download?format=csv")
    assert AuditEntry.objects.count() == before
    assert Dataset.objects.get(name="open").download_count == 1
