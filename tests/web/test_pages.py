"""Every page renders in Kazakh (default), Russian and English, and says honestly what it has."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from aqyl.accounts.models import User
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NAV = {
    "kk": ["Деректер жиындары", "Модельдер", "Бағдарлама"],
    "ru": ["Наборы данных", "Модели", "Программа"],
    "en": ["Datasets", "Models", "Programme"],
}
PUBLIC_PAGES = ["/", "/datasets/", "/compute/", "/models/", "/products/", "/programme/",
                "/organisations/", "/organisations/org-a/", "/account/login/"]


def client_in(language: str | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")  # a browser set to English
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_public_pages_in_three_languages(two_orgs: dict[str, Any], path: str,
                                         language: str) -> None:
    response = client_in(language).get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for label in NAV[language]:
        assert label in html
    assert 'href="https://' not in html.split("<main", 1)[0]  # no CDN in the page head


def test_kazakh_is_the_default_whatever_the_browser_says() -> None:
    html = client_in(None).get("/").content.decode()
    assert '<html lang="kk">' in html
    assert "Деректер жиындары" in html


def test_language_switch_is_remembered_for_the_user(password: str) -> None:
    make_user("dana", password=password)
    client = client_in(None)
    client.post("/account/login/", {"username": "dana", "password": password})
    response = client.post("/language/", {"language": "ru", "next": "/models/"})
    assert response.status_code == 302
    assert response["Location"] == "/models/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert User.objects.get(username="dana").language == "ru"
    # on a new device the saved choice applies after sign-in
    fresh = client_in(None)
    fresh.post("/account/login/", {"username": "dana", "password": password})
    assert '<html lang="ru">' in fresh.get("/").content.decode()


def test_language_switch_refuses_open_redirects() -> None:
    response = client_in(None).post("/language/", {"language": "en",
                                                   "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_unknown_language_is_ignored() -> None:
    response = client_in(None).post("/language/", {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("path", ["/compute/", "/models/", "/products/",
                                  "/programme/"])
def test_sections_say_they_are_not_there_yet(path: str) -> None:
    html = client_in("en").get(path).content.decode()
    assert "Not available on this installation yet" in html
    assert "Nothing is published in this section yet." in html


@pytest.mark.parametrize(("language", "text"), [
    ("en", "There is no such page."), ("ru", "Такой страницы нет."),
    ("kk", "Мұндай бет жоқ."),
])
def test_not_found_is_translated(language: str, text: str) -> None:
    response = client_in(language).get("/no/such/page/")
    assert response.status_code == 404
    assert text in response.content.decode()


def test_private_pages_send_anonymous_visitors_to_sign_in() -> None:
    for path in ["/account/", "/audit/", "/tasks/"]:
        response = client_in("en").get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")


def test_audit_page_is_for_auditors(two_orgs: dict[str, Any], client_for: Any) -> None:
    assert client_for(two_orgs["steward_a"]).get("/audit/").status_code == 403
    page = client_for(two_orgs["auditor_a"]).get("/audit/")
    assert page.status_code == 200
    assert "accounts.membership.create" in page.content.decode()
    export = client_for(two_orgs["auditor_a"]).get("/audit/export.csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
    assert body.startswith("seq,created_at,actor_label,action")


def test_organisation_search(two_orgs: dict[str, Any]) -> None:
    html = client_in("en").get("/organisations/?q=org-b").content.decode()
    assert "Organisation org-b" in html
    assert "Organisation org-a" not in html


def test_admin_is_for_operators(two_orgs: dict[str, Any], client_for: Any) -> None:
    assert client_for(two_orgs["org_admin_a"]).get("/admin/").status_code == 302
    admin = make_user("root", superuser=True)
    assert client_for(admin).get("/admin/accounts/organisation/").status_code == 200


def test_api_docs_are_served_without_a_cdn() -> None:
    response = client_in("en").get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html
    assert "https://" not in html.split("<body", 1)[0]


def test_nul_characters_are_refused_cleanly(client_for: Any) -> None:
    page = client_in("en").get("/organisations/?q=a%00b")
    assert page.status_code == 400
    assert "NUL character" in page.content.decode()
    api = Client(HTTP_ACCEPT_LANGUAGE="ru").post(
        "/api/v1/tokens", '{"name": "a\\u0000"}', content_type="application/json")
    assert api.status_code == 400
    assert api.json()["error"]["message"] == "Запрос содержит символ NUL, который недопустим."


def test_last_admin_cannot_demote_themselves_from_the_page(two_orgs: dict[str, Any],
                                                           client_for: Any) -> None:
    client = client_for(two_orgs["org_admin_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for op in ("role", "remove"):
        response = client.post("/organisations/org-a/members/",
                               {"op": op, "username": "org_admin-a", "role": "member"},
                               follow=True)
        assert response.status_code == 200
        assert "An organisation must keep at least one administrator." in \
            response.content.decode()
    assert two_orgs["a"].memberships.get(user=two_orgs["org_admin_a"]).role == "org_admin"


def test_member_changes_are_confirmed(two_orgs: dict[str, Any], client_for: Any) -> None:
    make_user("newcomer")
    client = client_for(two_orgs["org_admin_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    added = client.post("/organisations/org-a/members/",
                        {"op": "add", "username": "newcomer", "role": "developer"}, follow=True)
    assert "newcomer has been added." in added.content.decode()
    removed = client.post("/organisations/org-a/members/",
                          {"op": "remove", "username": "newcomer"}, follow=True)
    assert "newcomer has been removed." in removed.content.decode()
    assert 'data-confirm="Remove' in removed.content.decode()


@pytest.mark.parametrize(("path", "target"), [
    ("/account/tokens/", "/account/"),
    ("/account/logout/", "/"),
    ("/organisations/org-a/members/", "/organisations/org-a/"),
])
def test_reloading_a_form_address_goes_back_to_its_page(two_orgs: dict[str, Any], path: str,
                                                        target: str, client_for: Any) -> None:
    response = client_for(two_orgs["org_admin_a"]).get(path)
    assert response.status_code == 302
    assert response["Location"] == target


def test_navigation_marks_the_current_section(two_orgs: dict[str, Any]) -> None:
    html = client_in("en").get("/organisations/org-a/").content.decode()
    assert '<a href="/organisations/" aria-current="page">Organisations</a>' in html


def test_sign_in_keeps_the_language_just_chosen(password: str) -> None:
    make_user("dana", password=password, language="en")
    client = client_in("ru")
    client.post("/account/login/", {"username": "dana", "password": password})
    assert '<html lang="ru">' in client.get("/").content.decode()
    assert User.objects.get(username="dana").language == "ru"


def test_audit_page_names_actions(two_orgs: dict[str, Any], client_for: Any) -> None:
    client = client_for(two_orgs["auditor_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    html = client.get("/audit/").content.decode()
    assert "Участник добавлен" in html
    assert "accounts.membership.create" in html
