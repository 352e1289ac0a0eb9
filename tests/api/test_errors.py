"""Malformed requests get a clear, translated error and change nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from aqyl.accounts.models import ApiToken, Organisation
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> Client:
    user = make_user("operator", platform_role="platform_admin")
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}", HTTP_ACCEPT_LANGUAGE="kk")


def test_malformed_json_is_refused(admin: Client) -> None:
    before = ApiToken.objects.count()
    response = admin.post("/api/v1/tokens", "{not json", content_type="application/json")
    assert response.status_code in {400, 422}
    body = response.json()["error"]
    assert body["message"] == "Сұрау дұрыс емес."
    assert ApiToken.objects.count() == before


def test_invalid_fields_are_listed(admin: Client) -> None:
    response = admin.post("/api/v1/organisations", {"slug": "Bad Slug!", "type": "pirates"},
                          content_type="application/json")
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert "slug" in fields
    assert "type" in fields
    assert not Organisation.objects.filter(slug="Bad Slug!").exists()


def test_invalid_bin_is_a_field_error(admin: Client) -> None:
    response = admin.post("/api/v1/organisations", {
        "slug": "new-body", "name_kk": "Жаңа", "name_ru": "Новый", "name_en": "New",
        "bin": "123456789012", "type": "government", "sector": "health",
    }, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "123456789012 is not a valid BIN" in error["fields"]["bin"][0]
    assert not Organisation.objects.filter(slug="new-body").exists()


def test_duplicate_organisation_is_refused(admin: Client) -> None:
    payload = {"slug": "twin", "name_kk": "Егіз", "name_ru": "Близнец", "name_en": "Twin",
               "type": "company", "sector": "finance"}
    assert admin.post("/api/v1/organisations", payload,
                      content_type="application/json").status_code == 201
    again = admin.post("/api/v1/organisations", payload, content_type="application/json")
    assert again.status_code == 400
    assert "slug" in again.json()["error"]["fields"]
    assert Organisation.objects.filter(slug="twin").count() == 1


def test_unknown_route_is_a_json_404() -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="ru").get("/api/v1/organisations/no-such-org")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Не найдено."


def test_field_errors_are_translated(admin: Client) -> None:
    response = admin.post("/api/v1/tokens", {"scope": "read", "days": 0},
                          content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    fields = response.json()["error"]["fields"]
    assert fields["name"] == ["Обязательное поле."]
    assert fields["days"] == ["Должно быть не меньше 1."]


def test_wrong_method_is_a_json_405() -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en").put("/api/v1/health")
    assert response.status_code == 405
    assert response.json()["error"]["message"] == "Method not allowed."
    assert "GET" in response["Allow"]


def test_unknown_api_path_is_a_json_404() -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="kk").get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_read_only_token_is_told_why(db: None) -> None:
    user = make_user("dana")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user, scope='read')}",
                    HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]
