"""The lake and the staging area as configured: where versions and pending uploads live."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

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
