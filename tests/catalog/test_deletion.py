"""Deleting a dataset for good: catalog entries and lake files go together or not at all, a
file another dataset shares stays, and only platform administrators may do it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from aqyl.catalog import chores, drafts, lifecycle, storage
from aqyl.catalog.models import AccessRequest, Dataset, DatasetVersion, UploadDraft
from aqyl.core.models import AuditEntry
from tests.factories import REGIONS_CSV, actor, add_version, make_dataset, make_token, make_user

pytestmark = pytest.mark.django_db
REASON = "Uploaded by mistake: it holds another ministry's records."
MORE_ROWS = REGIONS_CSV + "Астана;1354000;797,3;Астана;10.12.1997\n"


@pytest.fixture
def world(two_orgs: dict[str, Any]) -> dict[str, Any]:
    first = make_dataset(two_orgs["a"], "regions", access_level="restricted")
    add_version(first.dataset, MORE_ROWS)
    make_dataset(two_orgs["b"], "same-regions")  # the same bytes as regions@1
    AccessRequest.objects.create(dataset=first.dataset, requester=two_orgs["steward_b"],
                                 purpose="Research on regional statistics.",
                                 requested_until=timezone.localdate() + timedelta(days=30))
    two_orgs["admin"] = make_user("platform-admin", platform_role="platform_admin")
    two_orgs["regions"] = first.dataset
    return two_orgs


def lake_files() -> set[str]:
    root = Path(settings.AQYL["AQYL_LAKE_URL"])
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def keys_of(name: str) -> set[str]:
    return set(DatasetVersion.objects.filter(dataset__name=name)
               .values_list("storage_key", flat=True))


def test_delete_removes_entries_and_unshared_files_together(world: dict[str, Any]) -> None:
    own, shared = keys_of("regions"), keys_of("same-regions")
    assert len(own) == 2
    assert len(own & shared) == 1
    assert lake_files() == own | shared

    summary = lifecycle.delete_dataset(actor(world["admin"]), world["regions"], reason=REASON)

    assert summary == {"slug": "org-a/regions", "versions": 2, "rows": 7, "files": 1,
                       "reason": REASON}
    assert not Dataset.objects.filter(name="regions").exists()
    assert not DatasetVersion.objects.filter(storage_key__in=own - shared).exists()
    assert not AccessRequest.objects.exists()
    assert lake_files() == shared  # no orphan, no trash; the shared file is still read
    assert Client().get("/api/v1/datasets/org-b/same-regions/rows").status_code == 200
    entry = AuditEntry.objects.get(action="catalog.dataset.delete")
    assert entry.actor_label == "platform-admin"
    assert entry.details["reason"] == REASON
    assert entry.details["slug"] == "org-a/regions"


def test_a_failure_half_way_puts_every_file_back(world: dict[str, Any],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    real_move = storage._move
    calls: list[str] = []

    def fails_on_the_second(store: Any, key: str, target: str) -> None:
        calls.append(key)
        if len(calls) == 2:
            raise OSError("the lake refused")
        real_move(store, key, target)

    regions = make_dataset(world["a"], "two-files", csv_text="a\n1\n")  # two own files
    add_version(regions.dataset, "a\n1\n2\n")
    before = lake_files()
    monkeypatch.setattr(storage, "_move", fails_on_the_second)
    with pytest.raises(OSError, match="the lake refused"):
        lifecycle.delete_dataset(actor(world["admin"]), regions.dataset, reason=REASON)
    assert len(calls) >= 2
    assert lake_files() == before
    assert Dataset.objects.filter(name="two-files").exists()
    assert Client(headers={"Authorization": f"Bearer {make_token(world['steward_a'])}"}).get(
        "/api/v1/datasets/org-a/two-files/rows?version=1").status_code == 200
    assert not AuditEntry.objects.filter(action="catalog.dataset.delete").exists()


def test_a_failure_after_the_files_moved_puts_them_back(world: dict[str, Any],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    before = lake_files()
    real = storage.set_aside

    def then_fails(keys: Any, moved: dict[str, str]) -> None:
        real(keys, moved)
        assert moved  # the files are out of place when the commit fails
        raise RuntimeError("the database went away")

    monkeypatch.setattr(storage, "set_aside", then_fails)
    with pytest.raises(RuntimeError):
        lifecycle.delete_dataset(actor(world["admin"]), world["regions"], reason=REASON)
    assert lake_files() == before
    assert Dataset.objects.get(name="regions").versions.count() == 2


def test_pending_uploads_of_the_dataset_go_too(world: dict[str, Any]) -> None:
    draft = drafts.start_upload(actor(world["steward_a"]), world["a"], filename="more.csv",
                                chunks=[MORE_ROWS.encode()], dataset=world["regions"])
    folder = Path(settings.AQYL["AQYL_STAGING_DIR"]) / str(draft.pk)
    assert folder.is_dir()
    lifecycle.delete_dataset(actor(world["admin"]), world["regions"], reason=REASON)
    assert not folder.exists()
    assert not UploadDraft.objects.filter(pk=draft.pk).exists()


def test_delete_through_the_api(world: dict[str, Any]) -> None:
    admin = Client(headers={"Authorization": f"Bearer {make_token(world['admin'])}",
                            "Accept-Language": "en"})
    empty = admin.delete("/api/v1/datasets/org-a/regions", {"reason": ""},
                         content_type="application/json")
    assert empty.status_code == 400
    assert "reason" in empty.json()["error"]["fields"]
    for user in ("steward_a", "org_admin_a", "steward_b"):
        client = Client(headers={"Authorization": f"Bearer {make_token(world[user])}",
                                 "Accept-Language": "en"})
        refused = client.delete("/api/v1/datasets/org-a/regions", {"reason": REASON},
                                content_type="application/json")
        assert refused.status_code == 403, user
    assert Client().delete("/api/v1/datasets/org-a/regions", {"reason": REASON},
                           content_type="application/json").status_code == 401
    assert Dataset.objects.filter(name="regions").exists()
    done = admin.delete("/api/v1/datasets/org-a/regions", {"reason": REASON},
                        content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["versions"] == 2
    gone = admin.delete("/api/v1/datasets/org-a/regions", {"reason": REASON},
                        content_type="application/json")
    assert gone.status_code == 404


def test_delete_in_the_portal_asks_for_the_name(world: dict[str, Any]) -> None:
    admin = Client()
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    admin.force_login(world["admin"])
    card = admin.get("/datasets/org-a/regions/").content.decode()
    assert 'data-testid="delete"' in card
    steward = Client()
    steward.force_login(world["steward_a"])
    assert steward.get("/datasets/org-a/regions/delete/").status_code == 403
    assert steward.post("/datasets/org-a/regions/delete/",
                        {"reason": REASON, "confirm": "org-a/regions"}).status_code == 403

    page = admin.get("/datasets/org-a/regions/delete/")
    assert page.status_code == 200
    assert "2 versions" in page.content.decode()
    wrong = admin.post("/datasets/org-a/regions/delete/", {"reason": REASON, "confirm": "x"})
    assert wrong.status_code == 400
    assert "Type org-a/regions exactly" in wrong.content.decode()
    no_reason = admin.post("/datasets/org-a/regions/delete/",
                           {"reason": "", "confirm": "org-a/regions"})
    assert no_reason.status_code == 400
    assert Dataset.objects.filter(name="regions").exists()
    done = admin.post("/datasets/org-a/regions/delete/",
                      {"reason": REASON, "confirm": "org-a/regions"})
    assert done.status_code == 302
    assert done["Location"] == "/organisations/org-a/"
    assert "org-a/regions and its files have been deleted" in admin.get(
        done["Location"]).content.decode()
    assert admin.get("/datasets/org-a/regions/").status_code == 404


def test_the_chore_settles_trash_a_crash_left_behind(world: dict[str, Any]) -> None:
    own = sorted(keys_of("regions") - keys_of("same-regions"))
    lost: dict[str, str] = {}
    storage.set_aside(own, lost)  # a crash after this: the version still needs its file
    root = Path(settings.AQYL["AQYL_LAKE_URL"])
    stale = root / "trash" / "20200101T000000-abcdef" / "versions" / "00" / "gone.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"PAR1")
    (root / "trash" / "not-ours").mkdir()
    assert chores.purge_lake_trash() == 1  # the fresh batch waits a day
    assert not stale.exists()
    assert not (root / own[0]).exists()

    old = timezone.now() - timedelta(days=2)
    batch = next(iter(lost.values())).split("/")[1]
    renamed = f"{old:%Y%m%dT%H%M%S}-{batch.split('-', 1)[1]}"
    (root / "trash" / batch).rename(root / "trash" / renamed)
    assert chores.purge_lake_trash() == 1
    assert (root / own[0]).exists()  # put back: a version refers to it
    assert (root / "trash" / "not-ours").is_dir()
    assert Client(headers={"Authorization": f"Bearer {make_token(world['steward_a'])}"}).get(
        "/api/v1/datasets/org-a/regions/rows").status_code == 200
