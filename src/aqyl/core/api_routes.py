"""API routes for health, the audit log and background tasks."""


import uuid
from datetime import datetime
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from aqyl import __version__
from aqyl.core import audit
from aqyl.core.health import run_checks
from aqyl.core.models import Outcome, TaskRun
from aqyl.core.permissions import require
from aqyl.core.schemas import AuditEntryOut, HealthOut, TaskRunOut
from aqyl.core.task_runs import get_task_run, start_task, task_runs_of

router = Router()


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000_000)


@router.get("/health", response={200: HealthOut, 503: HealthOut}, tags=["platform"],
            summary="Database, lake and worker status")
def health(request: HttpRequest) -> Status[Any]:
    checks = run_checks()
    ok = all(check.ok for check in checks)
    body = {"status": "ok" if ok else "degraded", "version": __version__,
            "checks": [c.__dict__ for c in checks]}
    return Status(200 if ok else 503, body)


class AuditFilters(Schema):
    action: str = Field("", max_length=100)
    actor: str = Field("", max_length=200)
    outcome: Outcome | None = None
    since: datetime | None = None
    until: datetime | None = None


def _audit_queryset(request: HttpRequest, filters: AuditFilters) -> Any:
    actor = request.auth  # type: ignore[attr-defined]
    require(actor, "core.view_audit")
    return audit.filter_entries(
        audit.visible_entries(actor), action=filters.action, actor=filters.actor,
        outcome=filters.outcome or "", since=filters.since, until=filters.until,
    )


@router.get("/audit", response=list[AuditEntryOut], tags=["audit"], summary="Audit log")
@paginate(Pages)
def audit_list(request: HttpRequest, filters: Query[AuditFilters]) -> Any:
    return _audit_queryset(request, filters)


@router.get("/audit/export.csv", tags=["audit"], summary="Audit log as CSV",
            response={200: None})
def audit_export(request: HttpRequest, filters: Query[AuditFilters]) -> StreamingHttpResponse:
    entries = _audit_queryset(request, filters).order_by("seq").iterator(chunk_size=2000)
    response = StreamingHttpResponse(audit.csv_rows(entries), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="aqyl-audit.csv"'
    return response


@router.post("/audit/verify", response={202: TaskRunOut}, tags=["audit"],
             summary="Verify the audit log's hash chain in the background")
def audit_verify(request: HttpRequest) -> Status[Any]:
    from aqyl.core.tasks import verify_audit_log_task

    actor = request.auth  # type: ignore[attr-defined]
    require(actor, "core.verify_audit")
    return Status(202, start_task(actor, kind="core.audit_verify", task=verify_audit_log_task))


@router.get("/tasks", response=list[TaskRunOut], tags=["tasks"], summary="My background tasks")
@paginate(Pages)
def tasks(request: HttpRequest) -> Any:
    actor = request.auth  # type: ignore[attr-defined]
    require(actor, "core.list_own_tasks")
    return task_runs_of(actor)


@router.get("/tasks/{run_id}", response=TaskRunOut, tags=["tasks"], summary="One background task")
def task_detail(request: HttpRequest, run_id: uuid.UUID) -> TaskRun:
    return get_task_run(request.auth, run_id)  # type: ignore[attr-defined]
