"""The database-backed task worker (django-tasks-db), with a heartbeat for health checks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from aqyl.core.heartbeat import Heartbeat


class Command(DbWorkerCommand):
    help = "Run the aqyl task worker"

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:  # a one-off run that drains the queue is not a live worker
            super().handle(*args, **options)
            return
        heartbeat = Heartbeat(options["worker_id"], settings.AQYL["AQYL_WORKER_HEARTBEAT_SECONDS"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
