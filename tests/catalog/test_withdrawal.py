"""Withdrawing a dataset (its owner's stewards and admins), restoring it, and deleting it for
good (platform admins): what each path does with a withdrawn dataset, who may do it, and what
bad input leaves behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aqyl.catalog import lifecycle, services
from aqyl.catalog.models import Dataset
from aqyl.core.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from aqyl.core.models import AuditEntry
from tests.factories import actor, make_dataset, make_token, make_user

pytestmark = pytest.mark.django_db
REASON = "The source system was found to publish wrong totals for 2023."


@pytest.fixture
def world(two_orgs: dict[str, Any]) -> dict[str, Any]:
    for level in ("open", "restricted", "confidential"):
        make_dataset(two_orgs["a"], level, access_level=level)
    two_orgs["outsider"] = make_user("outsider")
    two_orgs["admin"] = make_user("platform-admin", platform_role="platform_admin")
    return two_orgs


def english(user: Any = None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def token_client(user: Any, scope: str = "write") -> Client:
    return Client(headers={"Authorization": f"Bearer {make_token(user, scope=scope)}",
                           "Accept-Language": "en"})


def withdraw(world: dict[str, Any], name: str = "open") -> Dataset:
    return lifecycle.withdraw_dataset(actor(world["steward_a"]),
                                      Dataset.objects.get(name=name), reason=REASON)


def data_paths(client: Client, name: str = "open") -> dict[str, int]:
    sql = {"sql": f'SELECT count(*) FROM "org-a/{name}"'}
    return {
        "rows": client.get(f"/api/v1/datasets/org-a/{name}/rows").status_code,
        "download": client.get(f"/api/v1/datasets/org-a/{name}/download?format=csv"
                               ).status_code,
        "page_download": client.get(f"/datasets/org-a/{name}/download.csv").status_code,
        "sql": client.post("/api/v1/sql", sql, content_type="application/json").status_code,
        "croissant": client.get(f"/datasets/org-a/{name}/croissant.json").status_code,
    }


def listed(client: Client) -> set[str]:
    found = {item["slug"] for item in client.get("/api/v1/datasets").json()["items"]}
    page = client.get("/datasets/").content.decode()
    if "org-a/open" in page:
        found.add("page:org-a/open")
    return found


def test_a_withdrawn_dataset_leaves_every_listing_and_data_path(world: dict[str, Any]) -> None:
    steward = english(world["steward_a"])
    assert set(data_paths(Client()).values()) == {200}
    withdraw(world)

    for client in (Client(), steward, english(world["admin"])):
        assert "org-a/open" not in listed(client)
        assert "page:org-a/open" not in listed(client)
        assert set(data_paths(client).values()) == {410}
    refused = Client(headers={"Accept-Language": "en"}).post(
        "/api/v1/sql", {"sql": 'SELECT * FROM "org-a/open"'}, content_type="application/json")
    error = refused.json()["error"]
    assert error["code"] == "withdrawn"
    assert error["message"].startswith("org-a/open was withdrawn on ")
    assert error["message"].endswith(REASON)
    assert english().get("/api/v1/datasets/org-a/open/rows").json()["error"]["details"][
        "reason"] == REASON

    dcat = Client().get("/catalog/dcat.jsonld").content.decode()
    assert "/datasets/org-a/open/" not in dcat
    assert "/datasets/org-a/restricted/" in dcat
    assert "org-a--open" not in Client().get("/api/3/action/package_list").json()["result"]
    assert Client().get("/api/3/action/package_show", {"id": "org-a--open"}).status_code == 404
    search = Client().get("/api/3/action/package_search", {"q": "open"}).json()["result"]
    assert "org-a--open" not in [package["name"] for package in search["results"]]
    organisation = Client().get("/api/3/action/organization_show",
                                {"id": "org-a"}).json()["result"]
    assert organisation["package_count"] == 1  # the restricted one

    # The card stays and says why, without downloads, code or search-engine markup.
    card = english().get("/datasets/org-a/open/")
    assert card.status_code == 200
    html = card.content.decode()
    assert 'data-testid="withdrawn"' in html
    assert REASON in html
    assert 'data-testid="downloads"' not in html
    assert 'data-testid="access-box"' not in html  # nothing to request either
    assert "application/ld+json" not in html
    assert "croissant.json" not in html
    detail = Client().get("/api/v1/datasets/org-a/open").json()
    assert (detail["withdrawn"], detail["withdrawal_reason"]) == (True, REASON)

    lifecycle.restore_dataset(actor(world["org_admin_a"]), Dataset.objects.get(name="open"),
                              note="Totals corrected at the source.")
    assert set(data_paths(Client()).values()) == {200}
    assert "org-a/open" in listed(Client())
    assert Client().get("/api/v1/datasets/org-a/open").json()["withdrawn"] is False


def test_withdrawal_and_restoration_are_audited_with_who_and_why(world: dict[str, Any]) -> None:
    withdraw(world)
    entry = AuditEntry.objects.get(action="catalog.dataset.withdraw")
    assert entry.actor_label == "steward-a"
    assert entry.details["reason"] == REASON
    assert entry.object_id == str(Dataset.objects.get(name="open").pk)
    lifecycle.restore_dataset(actor(world["steward_a"]), Dataset.objects.get(name="open"),
                              note="Fixed.")
    restored = AuditEntry.objects.get(action="catalog.dataset.restore")
    assert restored.details["note"] == "Fixed."
    assert restored.details["withdrawal_reason"] == REASON


def test_a_withdrawn_dataset_cannot_be_changed_until_restored(world: dict[str, Any]) -> None:
    withdraw(world, "restricted")
    client = token_client(world["steward_a"])
    patched = client.patch("/api/v1/datasets/org-a/restricted", {"title_en": "New"},
                           content_type="application/json")
    assert patched.status_code == 410
    assert "was withdrawn" in patched.json()["error"]["message"]
    with pytest.raises(lifecycle.DatasetWithdrawn):
        services.update_dataset(actor(world["steward_a"]),
                                Dataset.objects.get(name="restricted"), title_en="New")
    upload = client.post("/api/v1/datasets/org-a/restricted/versions",
                         {"file": SimpleUploadedFile("x.csv", b"a\n1\n")})
    assert upload.status_code == 410
    asked = token_client(world["outsider"]).post(
        "/api/v1/datasets/org-a/restricted/access-requests",
        {"purpose": "Forecasting demand for a research project", "until": "2099-01-01"},
        content_type="application/json")
    assert asked.status_code in (403, 410)
    card = english(world["steward_a"]).get("/datasets/org-a/restricted/").content.decode()
    assert "Edit description" not in card
    assert 'data-testid="restore"' in card
    assert Dataset.objects.get(name="restricted").title_en == "restricted data"


@pytest.mark.parametrize("who", ["steward_a", "org_admin_a", "admin"])
def test_the_owners_stewards_admins_and_platform_admins_withdraw(world: dict[str, Any],
                                                                  who: str) -> None:
    response = token_client(world[who]).post(
        "/api/v1/datasets/org-a/confidential/withdraw", {"reason": REASON},
        content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["slug"], body["withdrawn"], body["withdrawal_reason"]) == (
        "org-a/confidential", True, REASON)
    restored = token_client(world[who]).generic(  # no body at all
        "POST", "/api/v1/datasets/org-a/confidential/restore")
    assert restored.status_code == 200, restored.content
    assert restored.json()["withdrawn"] is False


def test_others_may_not_withdraw_restore_or_delete(world: dict[str, Any]) -> None:
    for user in (world["steward_b"], world["auditor_a"], world["outsider"]):
        client = token_client(user)
        refused = client.post("/api/v1/datasets/org-a/open/withdraw", {"reason": REASON},
                              content_type="application/json")
        assert refused.status_code == 403, user
        assert refused.json()["error"]["message"] == (
            "Only the owner organisation's stewards and administrators may withdraw this "
            "dataset.")
    # A confidential dataset does not exist for outsiders, whatever they try.
    hidden = token_client(world["steward_b"]).post(
        "/api/v1/datasets/org-a/confidential/withdraw", {"reason": REASON},
        content_type="application/json")
    assert hidden.status_code == 404
    anonymous = Client().post("/api/v1/datasets/org-a/open/withdraw", {"reason": REASON},
                              content_type="application/json")
    assert anonymous.status_code == 401
    read_only = token_client(world["steward_a"], scope="read").post(
        "/api/v1/datasets/org-a/open/withdraw", {"reason": REASON},
        content_type="application/json")
    assert read_only.status_code == 403
    assert "read-only" in read_only.json()["error"]["message"]
    assert not Dataset.objects.filter(withdrawn_at__isnull=False).exists()
    denials = AuditEntry.objects.filter(action="catalog.withdraw_dataset", outcome="denied")
    assert denials.count() >= 3

    withdraw(world)
    for user in (world["steward_b"], world["auditor_a"]):
        refused = token_client(user).generic("POST", "/api/v1/datasets/org-a/open/restore")
        assert refused.status_code == 403
        assert "may restore this dataset" in refused.json()["error"]["message"]
    for user in (world["steward_a"], world["org_admin_a"], world["steward_b"]):
        refused = token_client(user).delete("/api/v1/datasets/org-a/open", {"reason": REASON},
                                            content_type="application/json")
        assert refused.status_code == 403
        assert refused.json()["error"]["message"].startswith(
            "Only platform administrators may delete a dataset permanently")
    assert Dataset.objects.filter(name="open").exists()


def test_the_refusal_is_translated(world: dict[str, Any]) -> None:
    client = Client(headers={
        "Authorization": f"Bearer {make_token(world['steward_b'])}", "Accept-Language": "ru"})
    refused = client.post("/api/v1/datasets/org-a/open/withdraw", {"reason": REASON},
                          content_type="application/json").json()["error"]["message"]
    assert refused != ("Only the owner organisation's stewards and administrators may "
                       "withdraw this dataset.")
    assert any("а" <= letter <= "я" for letter in refused.lower())


def test_bad_input_changes_nothing(world: dict[str, Any]) -> None:
    client = token_client(world["steward_a"])
    for reason in ("", "   \n "):
        empty = client.post("/api/v1/datasets/org-a/open/withdraw", {"reason": reason},
                            content_type="application/json")
        assert empty.status_code == 400
        assert "reason" in empty.json()["error"]["fields"]
    too_long = client.post("/api/v1/datasets/org-a/open/withdraw", {"reason": "x" * 2001},
                           content_type="application/json")
    assert too_long.status_code in (400, 422)
    missing = client.post("/api/v1/datasets/org-a/open/withdraw", {},
                          content_type="application/json")
    assert missing.status_code in (400, 422)
    unknown = client.post("/api/v1/datasets/org-a/nothing/withdraw", {"reason": REASON},
                          content_type="application/json")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "No dataset org-a/nothing."
    no_org = client.post("/api/v1/datasets/nowhere/open/withdraw", {"reason": REASON},
                         content_type="application/json")
    assert no_org.status_code == 404
    not_withdrawn = client.post("/api/v1/datasets/org-a/open/restore", {"note": ""},
                                content_type="application/json")
    assert not_withdrawn.status_code == 409
    assert not Dataset.objects.filter(withdrawn_at__isnull=False).exists()
    assert not AuditEntry.objects.filter(action__startswith="catalog.dataset.",
                                         action__in=["catalog.dataset.withdraw",
                                                     "catalog.dataset.restore"]).exists()
    withdraw(world)
    with pytest.raises(Conflict):
        withdraw(world)
    with pytest.raises(InvalidInput):
        lifecycle.delete_dataset(actor(world["admin"]), Dataset.objects.get(name="open"),
                                 reason=" ")
    assert Dataset.objects.filter(name="open").exists()


def test_services_check_rights_before_anything(world: dict[str, Any]) -> None:
    dataset = Dataset.objects.get(name="open")
    from django.contrib.auth.models import AnonymousUser

    from aqyl.core.actors import Actor

    with pytest.raises(NotAuthenticated):
        lifecycle.withdraw_dataset(Actor(user=AnonymousUser()), dataset, reason=REASON)
    with pytest.raises(PermissionDenied):  # even with no reason, the refusal comes first
        lifecycle.withdraw_dataset(actor(world["steward_b"]), dataset, reason="")
    with pytest.raises(PermissionDenied):
        lifecycle.delete_dataset(actor(world["org_admin_a"]), dataset, reason=REASON)


def test_withdraw_and_restore_in_the_portal(world: dict[str, Any]) -> None:
    steward = english(world["steward_a"])
    card = steward.get("/datasets/org-a/open/").content.decode()
    assert 'data-testid="withdraw"' in card
    assert 'data-testid="delete"' not in card  # that is for platform admins
    for other in (english(), english(world["steward_b"]), english(world["auditor_a"])):
        html = other.get("/datasets/org-a/open/").content.decode()
        assert 'data-testid="withdraw"' not in html
        assert other.get("/datasets/org-a/open/withdraw/").status_code in (302, 403)
    refused = english(world["steward_b"]).post("/datasets/org-a/open/withdraw/",
                                               {"reason": REASON})
    assert refused.status_code == 403
    assert "may withdraw this dataset" in refused.content.decode()

    form = steward.get("/datasets/org-a/open/withdraw/")
    assert form.status_code == 200
    assert "data-confirm" in form.content.decode()
    empty = steward.post("/datasets/org-a/open/withdraw/", {"reason": ""})
    assert empty.status_code == 400
    assert "Say why" in empty.content.decode()
    assert Dataset.objects.get(name="open").withdrawn_at is None

    done = steward.post("/datasets/org-a/open/withdraw/", {"reason": REASON})
    assert done.status_code == 302
    assert done["Location"] == "/datasets/org-a/open/"
    card = steward.get("/datasets/org-a/open/").content.decode()
    assert "has been withdrawn from the catalog" in card
    assert REASON in card
    assert 'data-testid="restore"' in card
    assert 'data-testid="restore"' not in english().get("/datasets/org-a/open/").content.decode()
    assert english(world["steward_b"]).post("/datasets/org-a/open/restore/").status_code == 403
    assert steward.get("/datasets/org-a/open/restore/").status_code == 405

    back = steward.post("/datasets/org-a/open/restore/", {"note": "Corrected."})
    assert back.status_code == 302
    assert "is back in the catalog" in steward.get("/datasets/org-a/open/").content.decode()
    assert Dataset.objects.get(name="open").withdrawn_at is None


@pytest.mark.parametrize(("language", "withdraw", "delete"), [
    ("kk", "Каталогтан алу", "Біржола жою"), ("ru", "Снять с публикации", "Удалить навсегда")])
def test_the_pages_speak_kazakh_and_russian(world: dict[str, Any], language: str,
                                            withdraw: str, delete: str) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(world["admin"])
    assert withdraw in client.get("/datasets/org-a/open/withdraw/").content.decode()
    assert delete in client.get("/datasets/org-a/open/delete/").content.decode()
    assert client.get("/datasets/org-a/open/columns/").status_code == 200
    withdraw_dataset = lifecycle.withdraw_dataset(actor(world["admin"]),
                                                  Dataset.objects.get(name="open"), reason=REASON)
    card = client.get("/datasets/org-a/open/").content.decode()
    assert REASON in card
    organisation = client.get("/organisations/org-a/").content.decode()
    assert withdraw_dataset.slug in organisation.split('data-testid="withdrawn-datasets"')[1]
