"""Chores the worker runs on a schedule, so that no cron is needed: each domain registers a
function with `@every(name, period)`; the worker's heartbeat thread enqueues the ones that are
due as tasks. A row per chore records its last start, claimed in a transaction, so several
workers never start the same chore twice in one period."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)
Chore = Callable[[], Any]
CHORES: dict[str, tuple[timedelta, Chore]] = {}


def every(name: str, period: timedelta) -> Callable[[Chore], Chore]:
    def register(chore: Chore) -> Chore:
        CHORES[name] = (period, chore)
        return chore
    return register


def claim_due(now: Any = None) -> list[str]:
    """The chores due now, each marked as started."""
    from aqyl.core.models import PeriodicChore

    now = now or timezone.now()
    due = []
    for name, (period, _chore) in CHORES.items():
        with transaction.atomic():
            row, created = PeriodicChore.objects.select_for_update().get_or_create(
                name=name, defaults={"last_started": now})
            if created or row.last_started <= now - period:
                PeriodicChore.objects.filter(name=name).update(last_started=now)
                due.append(name)
    return due


def enqueue_due() -> list[str]:
    from aqyl.core.tasks import run_chore

    due = claim_due()
    for name in due:
        run_chore.enqueue(name=name)
    return due


def run(name: str) -> Any:
    period_chore = CHORES.get(name)
    if period_chore is None:
        logger.warning("no chore %s", name)
        return None
    return period_chore[1]()
