"""Uploads become versions all or nothing: what a steward sees, corrects and publishes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.db import IntegrityError
from django.utils import translation

from aqyl.catalog import drafts, storage
from aqyl.catalog.lake_messages import DataError
from aqyl.catalog.models import Dataset, DatasetVersion, DraftStatus, UploadDraft
from aqyl.core.errors import Conflict, InvalidInput, PermissionDenied
from aqyl.core.models import AuditEntry
from tests.factories import REGIONS_CSV, actor, add_version, make_dataset

pytestmark = pytest.mark.django_db

NEW = {"name": "regions", "title_kk": "Өңірлер", "sector": "public_administration"}


def lake_files(settings: Any) -> list[Path]:
    return [p for p in Path(settings.AQYL["AQYL_LAKE_URL"]).rglob("*") if p.is_file()]


def staging_files(settings: Any) -> list[Path]:
    root = Path(settings.AQYL["AQYL_STAGING_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(steward: Any, org: Any, data: bytes, name: str = "regions.csv", **kwargs: Any
           ) -> UploadDraft:
    kwargs.setdefault("new_dataset", NEW)
    kwargs.setdefault("chunks", [data])
    return drafts.start_upload(actor(steward), org, filename=name, **kwargs)


def test_a_steward_sees_what_was_understood_then_publishes(two_orgs: dict[str, Any],
                                                           settings: Any) -> None:
    draft = drafts.read_draft(upload(two_orgs["steward_a"], two_orgs["a"],
                                     REGIONS_CSV.encode("kz1048")))
    assert draft.status == DraftStatus.READY
    assert draft.understood["encoding"] == "kz1048"
    assert draft.understood["delimiter"] == ";"
    assert [c["name"] for c in draft.schema] == ["region", "population", "area_km2", "centre",
                                                 "founded"]
    types = {c["name"]: c["type"] for c in draft.schema}
    assert types["area_km2"] == "double"
    assert types["founded"].startswith("date")
    assert draft.preview[0][0] == "Абай облысы"
    assert not Dataset.objects.exists()
    assert not lake_files(settings)

    version = drafts.publish_draft(actor(two_orgs["steward_a"]), draft, note="first")
    assert version.number == 1
    assert version.row_count == 3
    assert version.dataset.slug == "org-a/regions"
    assert version.source_name == "regions.csv"
    assert len(version.source_sha256) == 64
    assert version.created_by == two_orgs["steward_a"]
    assert version.dataset.steward == two_orgs["steward_a"]
    stored = storage.lake().local_path(version.storage_key)
    assert stored is not None
    assert pq.read_table(stored).num_rows == 3
    assert not staging_files(settings)
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "catalog.upload.start", "catalog.dataset.create", "catalog.version.create"}


def test_the_steward_corrects_the_reading_and_reads_again(two_orgs: dict[str, Any]) -> None:
    steward = actor(two_orgs["steward_a"])
    draft = drafts.read_draft(upload(two_orgs["steward_a"], two_orgs["a"],
                                     b"code;amount\n10;1,5\n20;2,5\n"))
    assert {c["name"]: c["type"] for c in draft.schema}["code"] == "int64"
    drafts.reread_draft(steward, draft, {"column_types": {"code": "VARCHAR"}})
    draft = drafts.read_draft(draft)
    assert {c["name"]: c["type"] for c in draft.schema}["code"] == "string"
    assert draft.preview[0] == ["10", 1.5]


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty_file"),
    (b"a,b\n1,2\n3,4,5\n6,7\n", "bad_rows"),
    (b'a,b\n1,"unterminated\n2,3\n', "unterminated_quote"),
    (bytes(range(256)) * 64, "binary_file"),
])
def test_bad_files_leave_nothing_behind(two_orgs: dict[str, Any], settings: Any, data: bytes,
                                        reason: str) -> None:
    with pytest.raises(DataError) as caught:
        drafts.ingest_upload(actor(two_orgs["steward_a"]), two_orgs["a"], filename="x.csv",
                             chunks=[data], new_dataset=NEW)
    assert caught.value.details["reason"] == reason
    assert not Dataset.objects.exists()
    assert not DatasetVersion.objects.exists()
    assert not UploadDraft.objects.exists()
    assert not lake_files(settings)
    assert not staging_files(settings)


def test_ragged_rows_are_reported_with_their_lines(two_orgs: dict[str, Any]) -> None:
    with translation.override("en"), pytest.raises(DataError) as caught:
        drafts.ingest_upload(actor(two_orgs["steward_a"]), two_orgs["a"], filename="x.csv",
                             chunks=[b"a,b\n1,2\n3,4,5\n6,7\n8\n"], new_dataset=NEW)
    assert caught.value.details["total"] == 2
    assert [p.split(",")[0] for p in caught.value.problems] == ["line 3", "line 5"]


def test_upload_over_the_limit_is_refused_before_it_is_stored(two_orgs: dict[str, Any],
                                                              settings: Any) -> None:
    settings.AQYL = {**settings.AQYL, "AQYL_UPLOAD_LIMIT_MB": 1}
    chunks = (b"x" * (1 << 19) for _ in range(3))
    with pytest.raises(DataError) as caught:
        upload(two_orgs["steward_a"], two_orgs["a"], b"", chunks=chunks)
    assert caught.value.details["reason"] == "too_large"
    assert not UploadDraft.objects.exists()
    assert not staging_files(settings)


def test_a_failed_publish_removes_the_stored_file(two_orgs: dict[str, Any], settings: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    draft = drafts.read_draft(upload(two_orgs["steward_a"], two_orgs["a"],
                                     REGIONS_CSV.encode()))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError("simulated")

    monkeypatch.setattr(drafts, "_create_version", broken)
    with pytest.raises(IntegrityError):
        drafts.publish_draft(actor(two_orgs["steward_a"]), draft)
    assert not Dataset.objects.exists()
    assert not lake_files(settings)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY  # the steward can try again


def test_only_the_owners_stewards_upload(two_orgs: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        upload(two_orgs["steward_b"], two_orgs["a"], REGIONS_CSV.encode())
    with pytest.raises(PermissionDenied):
        upload(two_orgs["auditor_a"], two_orgs["a"], REGIONS_CSV.encode())


def test_new_dataset_fields_are_checked_before_any_work(two_orgs: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as caught:
        upload(two_orgs["steward_a"], two_orgs["a"], REGIONS_CSV.encode(),
               new_dataset={"name": "Bad Name", "title_kk": "", "sector": "public_administration"})
    assert {"name", "title_kk"} <= set(caught.value.fields)
    make_dataset(two_orgs["a"], "regions")
    with pytest.raises(Conflict):
        upload(two_orgs["steward_a"], two_orgs["a"], REGIONS_CSV.encode())


def test_versions_chain_with_their_parents(two_orgs: dict[str, Any]) -> None:
    first = make_dataset(two_orgs["a"], "regions")
    grown = REGIONS_CSV + "Ұлытау облысы;221000;188900,0;Жезқазған;08.06.2022\n"
    second = add_version(first.dataset, grown)
    assert (second.number, second.parent, second.row_count) == (2, first, 4)
    same = add_version(first.dataset, REGIONS_CSV)
    assert same.number == 3
    assert same.storage_key == first.storage_key


def test_discarded_and_published_drafts_cannot_be_reused(two_orgs: dict[str, Any],
                                                          settings: Any) -> None:
    steward = actor(two_orgs["steward_a"])
    draft = drafts.read_draft(upload(two_orgs["steward_a"], two_orgs["a"],
                                     REGIONS_CSV.encode()))
    drafts.discard_draft(steward, draft)
    assert not staging_files(settings)
    with pytest.raises(Conflict):
        drafts.publish_draft(steward, draft)
