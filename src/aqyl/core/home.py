"""The platform's home folder: created by `aqyl init`, never at import time."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings


def ensure_home(values: dict[str, Any] | None = None) -> list[Path]:
    """Create AQYL_HOME, the log folder, the secrets folder (0700) and a local lake folder.
    Returns the folders that were created."""
    cfg = values or settings.AQYL
    created: list[Path] = []
    secret_dir = Path(cfg["AQYL_SECRET_KEY_FILE"]).parent
    folders = [Path(cfg["AQYL_HOME"]), Path(cfg["AQYL_LOG_DIR"]), secret_dir,
               Path(settings.STATIC_ROOT)]
    lake = str(cfg["AQYL_LAKE_URL"])
    if "://" not in lake or lake.startswith("file://"):
        folders.append(Path(lake.removeprefix("file://")))
    for folder in folders:
        if not folder.exists():
            folder.mkdir(parents=True)
            created.append(folder)
    secret_dir.chmod(0o700)
    return created


def ensure_secret_key(path: Path) -> bool:
    """Write a new random secret key with mode 0600 unless one exists. True when created."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(64))
    return True


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
