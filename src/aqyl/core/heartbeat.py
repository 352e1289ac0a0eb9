"""The task worker's heartbeat: a row per worker, refreshed on a timer, read by health checks;
on each beat, periodic chores that are due are enqueued (aqyl.core.periodic)."""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.db import close_old_connections, connection
from django.utils import timezone

from aqyl.core import periodic
from aqyl.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


class Heartbeat:
    def __init__(self, worker_id: str, period: float) -> None:
        self.worker_id = worker_id
        self.period = period
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="aqyl-heartbeat", daemon=True)
        self._started_at = timezone.now()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:200],
                "pid": os.getpid(),
                "started_at": self._started_at,
                "last_seen": timezone.now(),
            },
        )

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                close_old_connections()
                try:
                    self.beat()
                    periodic.enqueue_due()
                except Exception:  # a locked or briefly unreachable DB must not kill the thread
                    logger.exception("heartbeat or periodic chores failed")
                    connection.close()
                self._stop.wait(self.period)
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        finally:
            connection.close()

    def start(self) -> None:
        self.beat()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.period + 5)
