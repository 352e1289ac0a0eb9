"""A member of one organisation cannot read or change another's private objects, whichever
way in they try: services, API, pages, CLI."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aqyl.accounts import services
from aqyl.accounts.models import Membership
from aqyl.core.errors import NotAuthenticated, PermissionDenied
from aqyl.core.models import AuditEntry
from tests.factories import actor, make_token, make_user

pytestmark = pytest.mark.django_db


def test_services_refuse_cross_organisation_changes(two_orgs: dict[str, Any]) -> None:
    intruder = actor(two_orgs["org_admin_a"])
    with pytest.raises(PermissionDenied):
        services.add_member(intruder, two_orgs["b"], username="steward-a", role="org_admin")
    with pytest.raises(PermissionDenied):
        services.update_organisation(intruder, two_orgs["b"], name_en="Taken over")
    membership = Membership.objects.get(user=two_orgs["steward_b"])
    with pytest.raises(PermissionDenied):
        services.change_member_role(intruder, membership, role="org_admin")
    with pytest.raises(PermissionDenied):
        services.remove_member(intruder, membership)
    two_orgs["b"].refresh_from_db()
    assert two_orgs["b"].name_en == "Organisation org-b"
    assert Membership.objects.get(user=two_orgs["steward_b"]).role == "steward"
    denied = AuditEntry.objects.filter(outcome="denied", actor_label="org_admin-a")
    assert denied.count() == 4


def test_anonymous_is_asked_to_sign_in(two_orgs: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    from aqyl.core.actors import Actor

    with pytest.raises(NotAuthenticated):
        services.add_member(Actor(user=AnonymousUser()), two_orgs["a"], username="x", role="member")


def test_steward_cannot_manage_own_organisation(two_orgs: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.add_member(actor(two_orgs["steward_a"]), two_orgs["a"], username="steward-b",
                            role="member")


def test_api_members_of_another_organisation_are_forbidden(two_orgs: dict[str, Any]) -> None:
    token = make_token(two_orgs["org_admin_a"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    own = client.get("/api/v1/organisations/org-a/members")
    assert own.status_code == 200
    assert {m["username"] for m in own.json()["items"]} == {"org_admin-a", "steward-a",
                                                            "auditor-a"}
    other = client.get("/api/v1/organisations/org-b/members", HTTP_ACCEPT_LANGUAGE="en")
    assert other.status_code == 403
    assert other.json()["error"]["message"] == "You do not have permission to do this."
    add = client.post("/api/v1/organisations/org-b/members",
                      {"username": "steward-a", "role": "org_admin"},
                      content_type="application/json")
    assert add.status_code == 403
    patch = client.patch("/api/v1/organisations/org-b", {"name_en": "Taken over"},
                         content_type="application/json")
    assert patch.status_code == 403
    remove = client.delete("/api/v1/organisations/org-b/members/steward-b")
    assert remove.status_code == 403
    assert Membership.objects.filter(organisation=two_orgs["b"]).count() == 3


def test_api_audit_is_scoped(two_orgs: dict[str, Any]) -> None:
    token = make_token(two_orgs["auditor_a"], scope="read")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.get("/api/v1/audit?limit=500")
    assert response.status_code == 200
    orgs = {item["organisation_id"] for item in response.json()["items"]}
    assert orgs == {two_orgs["a"].pk}
    steward = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(two_orgs['steward_b'])}")
    assert steward.get("/api/v1/audit").status_code == 403


def test_pages_hide_other_organisations_members(two_orgs: dict[str, Any],
                                                client_for: Any) -> None:
    client = client_for(two_orgs["steward_a"])
    own = client.get("/organisations/org-a/")
    other = client.get("/organisations/org-b/")
    assert "steward-a" in own.content.decode()
    assert "steward-b" not in other.content.decode()
    post = client_for(two_orgs["org_admin_a"]).post(
        "/organisations/org-b/members/", {"op": "add", "username": "steward-a", "role": "member"})
    assert post.status_code == 403
    assert not Membership.objects.filter(organisation=two_orgs["b"], user=two_orgs["steward_a"]
                                         ).exists()


def test_tokens_and_tasks_of_others_are_invisible(two_orgs: dict[str, Any]) -> None:
    owner = two_orgs["steward_a"]
    make_token(owner)
    other = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(two_orgs['steward_b'])}")
    listed = other.get("/api/v1/tokens").json()
    assert len(listed) == 1  # only their own
    prefix = owner.api_tokens.get().prefix
    assert other.delete(f"/api/v1/tokens/{prefix}").status_code == 404
    assert owner.api_tokens.get().revoked_at is None


def test_last_org_admin_cannot_be_removed(two_orgs: dict[str, Any]) -> None:
    admin = actor(two_orgs["org_admin_a"])
    membership = Membership.objects.get(user=two_orgs["org_admin_a"])
    from aqyl.core.errors import Conflict

    with pytest.raises(Conflict):
        services.remove_member(admin, membership)
    with pytest.raises(Conflict):
        services.change_member_role(admin, membership, role="member")


def test_org_admin_manages_own_members(two_orgs: dict[str, Any]) -> None:
    newcomer = make_user("newcomer")
    admin = actor(two_orgs["org_admin_a"])
    membership = services.add_member(admin, two_orgs["a"], username="newcomer", role="developer")
    assert membership.user == newcomer
    services.change_member_role(admin, membership, role="steward")
    services.remove_member(admin, membership)
    actions = list(AuditEntry.objects.filter(organisation_id=two_orgs["a"].pk)
                   .order_by("-seq").values_list("action", flat=True)[:3])
    assert actions == ["accounts.membership.delete", "accounts.membership.change_role",
                       "accounts.membership.create"]
