"""Background tasks that core owns."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from aqyl.core.audit import verify_audit_log
from aqyl.core.task_runs import tracked_run


@task()
def verify_audit_log_task(run_id: str) -> dict[str, Any]:
    with tracked_run(run_id) as handle:
        report = verify_audit_log(progress=handle.progress)
        result: dict[str, Any] = {
            "ok": report.ok,
            "checked": report.checked,
            "last_seq": report.last_seq,
            "last_hash": report.last_hash,
            "problems": [
                {"seq": p.seq, "kind": p.kind, "detail": p.detail} for p in report.problems
            ],
        }
        handle.run.result = result
        return result


@task()
def run_chore(name: str) -> Any:
    """A periodic chore (see aqyl.core.periodic), run when the worker found it due."""
    from aqyl.core import periodic

    return periodic.run(name)
