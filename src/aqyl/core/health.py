"""Is the platform working? Database, lake storage and the task worker, each checked for real."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import fsspec
from django.conf import settings
from django.db import connection
from django.utils import timezone

from aqyl.core.models import WorkerHeartbeat


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return Check("database", True, connection.vendor)
    except Exception as exc:  # any failure means "down"; the detail says why
        return Check("database", False, type(exc).__name__)


def check_lake() -> Check:
    """Write, read back and delete a probe object in the lake."""
    url = str(settings.AQYL["AQYL_LAKE_URL"])
    try:
        fs, root = fsspec.core.url_to_fs(url)
        fs.makedirs(root, exist_ok=True)
        probe = f"{root.rstrip('/')}/.health-{uuid.uuid4().hex}"
        fs.pipe_file(probe, b"ok")
        ok = fs.cat_file(probe) == b"ok"
        fs.rm_file(probe)
        return Check("lake", ok, fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0])
    except Exception as exc:  # unreachable store, no permission, ...
        return Check("lake", False, type(exc).__name__)


def check_worker() -> Check:
    period = int(settings.AQYL["AQYL_WORKER_HEARTBEAT_SECONDS"])
    cutoff = timezone.now() - timedelta(seconds=3 * period)
    try:
        alive = WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).count()
    except Exception as exc:
        return Check("worker", False, type(exc).__name__)
    return Check("worker", alive > 0, f"{alive} alive")


def run_checks() -> list[Check]:
    return [check_database(), check_lake(), check_worker()]
