"""Signing in and out, throttling, CSRF, passwords."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from aqyl.accounts.models import User
from aqyl.core.models import AuditEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(password: str) -> None:
    user = make_user("dana", password=password)
    assert user.password.startswith("argon2$")
    assert password not in user.password


def test_sign_in_and_out(password: str) -> None:
    make_user("dana", password=password)
    client = Client()
    response = client.post("/account/login/", {"username": "dana", "password": password})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    out = client.post("/account/logout/")
    assert out.status_code == 200
    assert client.get("/account/").status_code == 302
    actions = list(AuditEntry.objects.filter(actor_label="dana").order_by("seq")
                   .values_list("action", flat=True))
    assert actions == ["accounts.login", "accounts.logout"]


@pytest.mark.parametrize(("language", "text"), [
    ("en", "The user name or password is not correct."),
    ("ru", "Неверное имя пользователя или пароль."),
    ("kk", "Пайдаланушы аты немесе құпия сөз қате."),
])
def test_wrong_password_is_a_translated_error(language: str, text: str) -> None:
    make_user("dana")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/account/login/", {"username": "dana", "password": "wrong"})
    assert response.status_code == 200
    assert text in response.content.decode()
    failure = AuditEntry.objects.filter(action="accounts.login", outcome="failure").get()
    assert failure.object_id == "dana"
    assert "wrong" not in str(failure.details)


def test_repeated_failures_lock_sign_in(password: str) -> None:
    make_user("dana", password=password)
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert client.post("/account/login/", {"username": "dana", "password": "x"}
                           ).status_code == 200
    locked = client.post("/account/login/", {"username": "dana", "password": "x"})
    assert locked.status_code == 429
    # even the right password is refused while locked
    still = client.post("/account/login/", {"username": "dana", "password": password})
    assert still.status_code == 429
    assert "_auth_user_id" not in client.session


def test_missing_csrf_token_is_refused_with_a_translated_page(password: str) -> None:
    make_user("dana", password=password)
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/account/login/", {"username": "dana", "password": password})
    assert response.status_code == 403
    assert "The form has expired or was sent from another site." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_session_api_writes_need_csrf(two_orgs: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(two_orgs["org_admin_a"])
    response = client.post("/api/v1/organisations/org-a/members",
                           {"username": "steward-b", "role": "member"},
                           content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not two_orgs["a"].memberships.filter(user=two_orgs["steward_b"]).exists()
    # reads need no CSRF token
    assert client.get("/api/v1/organisations/org-a/members").status_code == 200


def test_password_change(password: str, client_for: Any) -> None:
    user = make_user("dana", password=password)
    client = client_for(user)
    wrong = client.post("/account/password/", {"old_password": "nope",
                                                "new_password": "N3w-pass-word",
                                                "new_password_again": "N3w-pass-word"})
    assert wrong.status_code == 400
    weak = client.post("/account/password/", {"old_password": password,
                                               "new_password": "1234567890",
                                               "new_password_again": "1234567890"})
    assert weak.status_code == 400
    ok = client.post("/account/password/", {"old_password": password,
                                            "new_password": "N3w-pass-word",
                                            "new_password_again": "N3w-pass-word"})
    assert ok.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("N3w-pass-word")
    assert client.get("/account/").status_code == 200  # session survives the change
    outcomes = list(AuditEntry.objects.filter(action="accounts.password.change")
                    .order_by("seq").values_list("outcome", flat=True))
    assert outcomes == ["failure", "success"]
