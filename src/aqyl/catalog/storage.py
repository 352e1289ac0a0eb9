"""The lake and the staging area as configured: where versions and pending uploads live, and
how versions leave the lake when their dataset is deleted."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from aqyl.catalog.models import DatasetVersion
from aqyl.lake.storage import LakeStorage


def lake() -> LakeStorage:
    return LakeStorage(settings.AQYL["AQYL_LAKE_URL"])


def staging_dir(name: str) -> Path:
    """A private folder for one pending upload; removed when it is published or discarded."""
    root = Path(settings.AQYL["AQYL_STAGING_DIR"])
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def remove_staging_dir(name: str) -> None:
    shutil.rmtree(Path(settings.AQYL["AQYL_STAGING_DIR"]) / name, ignore_errors=True)


def version_location(version: DatasetVersion) -> str:
    """What DuckDB or pyarrow open to read a version: a local path or the store's URL."""
    storage = lake()
    local = storage.local_path(version.storage_key)
    return str(local) if local is not None else f"{storage.url.rstrip('/')}/{version.storage_key}"


def forget_unreferenced(key: str) -> None:
    """Delete a lake object no version refers to (after a publish that failed half-way)."""
    if not DatasetVersion.objects.filter(storage_key=key).exists():
        lake().delete(key)


# ---- deleting versions for good -------------------------------------------------------------
# Objects are first moved under trash/ (nothing reads there), the catalog rows are deleted,
# and only after the commit are the moved objects purged: a failed deletion moves them back.

TRASH = "trash"
TRASH_BATCH = "%Y%m%dT%H%M%S"


def _location(store: LakeStorage, key: str) -> str:
    if key.startswith("/") or ".." in key.split("/"):
        raise ValueError(f"key outside the lake: {key!r}")
    return f"{store.root}/{key}"


def _move(store: LakeStorage, key: str, target: str) -> None:
    destination = _location(store, target)
    store.fs.makedirs(destination.rsplit("/", 1)[0], exist_ok=True)
    store.fs.mv(_location(store, key), destination)


def set_aside(keys: Iterable[str], moved: dict[str, str]) -> None:
    """Move the objects at `keys` into a new trash batch, recording each in `moved` (key →
    where it went) as it goes, so that whatever fails next can `put_back` exactly those."""
    store = lake()
    batch = f"{TRASH}/{timezone.now():{TRASH_BATCH}}-{uuid.uuid4().hex[:12]}"
    for key in sorted(keys):
        if store.exists(key):
            _move(store, key, f"{batch}/{key}")
            moved[key] = f"{batch}/{key}"


def put_back(moved: dict[str, str]) -> None:
    """Undo `set_aside`, after the deletion it served was rolled back."""
    store = lake()
    for key, aside in moved.items():
        if not store.exists(key):
            _move(store, aside, key)
    _remove_batches(store, moved.values())


def purge(moved: dict[str, str]) -> None:
    """Delete what `set_aside` moved, once the catalog rows are gone for good. An object that a
    version published meanwhile refers to again (same content, another dataset) goes back."""
    store = lake()
    for key, aside in moved.items():
        if DatasetVersion.objects.filter(storage_key=key).exists() and not store.exists(key):
            _move(store, aside, key)
    _remove_batches(store, moved.values())


def _remove_batches(store: LakeStorage, asides: Iterable[str]) -> None:
    for batch in {"/".join(aside.split("/")[:2]) for aside in asides}:
        if store.fs.exists(_location(store, batch)):
            store.fs.rm(_location(store, batch), recursive=True)


def purge_old_trash(older_than: timedelta) -> int:
    """Trash batches a crash left behind (between the commit and the purge, or while putting
    files back) are settled once older than any deletion in progress could be: an object a
    version still refers to goes back to its place, the rest is deleted. Returns how many
    batches went."""
    store = lake()
    root = _location(store, TRASH)
    if not store.fs.exists(root):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for entry in store.fs.ls(root, detail=False):
        batch = str(entry).rstrip("/").rsplit("/", 1)[-1]
        try:
            made = datetime.strptime(batch.split("-", 1)[0], TRASH_BATCH).replace(tzinfo=UTC)
        except ValueError:
            continue  # not ours: leave it
        if made >= cutoff:
            continue
        prefix = f"{TRASH}/{batch}/"
        found = store.fs.find(_location(store, f"{TRASH}/{batch}"))
        moved = {path.split(prefix, 1)[1]: prefix + path.split(prefix, 1)[1]
                 for path in map(str, found) if prefix in path}
        purge(moved)
        if store.fs.exists(_location(store, f"{TRASH}/{batch}")):
            store.fs.rm(_location(store, f"{TRASH}/{batch}"), recursive=True)
        removed += 1
    return removed
