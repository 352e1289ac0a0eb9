"""Personal API tokens: shown once, stored hashed, scoped, expiring, revocable."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from aqyl.accounts import services
from aqyl.accounts.models import ApiToken
from aqyl.core.errors import InvalidInput
from tests.factories import actor, make_token, make_user

pytestmark = pytest.mark.django_db


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_token_is_stored_only_as_a_digest() -> None:
    user = make_user("aigerim")
    token, secret = services.issue_token(actor(user), name="laptop", scope="read", days=30)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith(f"aqyl_{stored.prefix}_")
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert len(stored.digest) == 64
    assert services.authenticate_token(secret) == stored


def test_token_authenticates_the_api() -> None:
    make_user("aigerim", first_name="Айгерім")
    secret = make_token(make_user("dana"), scope="read")
    response = bearer(secret).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "dana"


@pytest.mark.parametrize(("language", "message"), [
    ("en", "The API token is invalid, expired or revoked."),
    ("ru", None),
    ("kk", None),
])
def test_revoked_token_is_refused_in_every_language(language: str, message: str | None) -> None:
    user = make_user("dana")
    secret = make_token(user)
    services.revoke_token(actor(user), user.api_tokens.get())
    response = bearer(secret).get("/api/v1/me", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    text = response.json()["error"]["message"]
    if message:
        assert text == message
    else:
        assert text != "The API token is invalid, expired or revoked."  # translated


def test_expired_token_is_refused() -> None:
    user = make_user("dana")
    secret = make_token(user)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(secret).get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("header", [
    "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer aqyl_deadbeef_forged", "Bearer garbage",
    "Token aqyl_12345678_x",
])
def test_malformed_or_forged_authorization_is_refused(header: str) -> None:
    make_user("dana")
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_read_token_cannot_write(two_orgs: dict[str, Any]) -> None:
    secret = make_token(two_orgs["org_admin_a"], scope="read")
    response = bearer(secret).post(
        "/api/v1/organisations/org-a/members", {"username": "steward-b", "role": "member"},
        content_type="application/json")
    assert response.status_code == 403
    assert not two_orgs["a"].memberships.filter(user=two_orgs["steward_b"]).exists()
    write = make_token(two_orgs["org_admin_a"], scope="write")
    created = bearer(write).post(
        "/api/v1/organisations/org-a/members", {"username": "steward-b", "role": "member"},
        content_type="application/json")
    assert created.status_code == 201


def test_token_lifecycle_through_the_api() -> None:
    user = make_user("dana")
    client = bearer(make_token(user))
    created = client.post("/api/v1/tokens", {"name": "ci", "scope": "read", "days": 7},
                          content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith(f"aqyl_{body['prefix']}_")
    listed = client.get("/api/v1/tokens").json()
    assert "token" not in listed[0]
    assert {t["name"] for t in listed} == {"test", "ci"}
    revoked = client.delete(f"/api/v1/tokens/{body['prefix']}")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert bearer(body["token"]).get("/api/v1/me").status_code == 401


@pytest.mark.parametrize(("name", "scope", "days"), [
    ("", "read", 30), ("x" * 101, "read", 30), ("ok", "admin", 30), ("ok", "read", 0),
    ("ok", "read", 100000),
])
def test_bad_token_requests_are_refused_without_a_token(name: str, scope: str, days: int) -> None:
    user = make_user("dana")
    with pytest.raises(InvalidInput):
        services.issue_token(actor(user), name=name, scope=scope, days=days)
    assert not ApiToken.objects.exists()


def test_tokens_page_shows_the_secret_once(client_for: Any) -> None:
    user = make_user("dana")
    client = client_for(user)
    response = client.post("/account/tokens/", {"name": "notebook", "scope": "read", "days": 30})
    assert response.status_code == 201
    token = ApiToken.objects.get(user=user)
    page = response.content.decode()
    assert f"aqyl_{token.prefix}_" in page
    secret = page.split(f"aqyl_{token.prefix}_", 1)[1].split("<", 1)[0]
    assert services.authenticate_token(f"aqyl_{token.prefix}_{secret}") == token
    again = client.get("/account/").content.decode()
    assert secret not in again
    revoke = client.post(f"/account/tokens/{token.prefix}/revoke/")
    assert revoke.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
