"""Background tasks as their users see them: start one, report progress, record how it ended.

A task body receives a `TaskRunHandle` and calls `progress()`; failures are stored with a
message the user can read (our own errors are already translated; others get a reference).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from aqyl.core import audit
from aqyl.core.actors import Actor
from aqyl.core.errors import AqylError, NotFound
from aqyl.core.models import TaskRun, TaskStatus
from aqyl.core.permissions import require

logger = logging.getLogger(__name__)


def start_task(actor: Actor, *, kind: str, task: Any, **kwargs: Any) -> TaskRun:
    """Record a TaskRun for `actor` and enqueue `task(run_id=..., **kwargs)` once committed."""
    user: Any = actor.user  # start_task is only reached after require() admitted a user
    run = TaskRun(id=uuid.uuid4(), kind=kind, started_by=user)
    with transaction.atomic():
        run.save(force_insert=True)
        audit.record(actor, f"{kind}.start", run)
        transaction.on_commit(lambda: task.enqueue(run_id=str(run.id), **kwargs))
    return run


class TaskRunHandle:
    def __init__(self, run: TaskRun) -> None:
        self.run = run

    def progress(self, done: int, total: int) -> None:
        """Record `done` of `total` units; the page renders the counts in its own language."""
        fraction = min(max(done / total, 0.0), 1.0) if total else 0.0
        TaskRun.objects.filter(pk=self.run.pk).update(progress=fraction, done=done, total=total)
        self.run.progress, self.run.done, self.run.total = fraction, done, total


@contextmanager
def tracked_run(run_id: str) -> Iterator[TaskRunHandle]:
    """Mark the run as running, then succeeded or failed; re-raise so the worker logs it."""
    run = TaskRun.objects.select_related("started_by").get(pk=run_id)
    language = getattr(run.started_by, "language", "") or "kk"
    TaskRun.objects.filter(pk=run.pk).update(status=TaskStatus.RUNNING, started_at=timezone.now())
    handle = TaskRunHandle(run)
    with override(language):
        try:
            yield handle
        except AqylError as exc:
            _finish(run, TaskStatus.FAILED, error=str(exc.message))
            raise
        except Exception:
            logger.exception("task run %s failed", run.pk)
            _finish(run, TaskStatus.FAILED,
                    error=_("The task failed unexpectedly. Reference for the operator: %(ref)s")
                    % {"ref": run.pk})
            raise
        _finish(run, TaskStatus.SUCCEEDED, result=run.result)


def _finish(run: TaskRun, status: str, *, error: str = "", result: dict[str, Any] | None = None
            ) -> None:
    """`result` None keeps what the run already holds (what it is about, where to look)."""
    TaskRun.objects.filter(pk=run.pk).update(
        status=status, error=error, result=run.result if result is None else result,
        finished_at=timezone.now(),
        progress=1.0 if status == TaskStatus.SUCCEEDED else run.progress,
    )


def get_task_run(actor: Actor, run_id: uuid.UUID | str) -> TaskRun:
    try:
        run = TaskRun.objects.get(pk=run_id)
    except (TaskRun.DoesNotExist, ValueError):
        raise NotFound from None
    require(actor, "core.view_task", run)
    return run


def task_runs_of(actor: Actor) -> QuerySet[TaskRun]:
    return TaskRun.objects.filter(started_by_id=actor.user.pk)
