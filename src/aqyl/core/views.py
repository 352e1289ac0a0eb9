"""Pages for the audit log and background tasks."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from aqyl.core import audit
from aqyl.core.actors import actor_from_request
from aqyl.core.models import Outcome
from aqyl.core.permissions import can, require
from aqyl.core.task_runs import get_task_run, start_task, task_runs_of


def _audit_filters(request: HttpRequest) -> dict[str, str]:
    outcome = request.GET.get("outcome", "")
    return {
        "action": request.GET.get("action", "")[:100],
        "actor": request.GET.get("actor", "")[:200],
        "outcome": outcome if outcome in Outcome.values else "",
    }


def _audit_entries(request: HttpRequest, filters: dict[str, str]) -> Any:
    actor = actor_from_request(request)
    require(actor, "core.view_audit")
    return audit.filter_entries(audit.visible_entries(actor), action=filters["action"],
                                actor=filters["actor"], outcome=filters["outcome"])


def audit_log(request: HttpRequest) -> HttpResponse:
    from aqyl.accounts.selectors import organisation_slugs

    filters = _audit_filters(request)
    page = Paginator(_audit_entries(request, filters), 50).get_page(request.GET.get("page"))
    slugs = organisation_slugs(entry.organisation_id for entry in page)
    for entry in page:
        entry.organisation_slug = slugs.get(entry.organisation_id, "")
    return render(request, "core/audit.html", {
        "page": page, "filters": filters, "outcomes": Outcome.choices,
        "can_verify": can(actor_from_request(request), "core.verify_audit"),
    })


def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    entries = _audit_entries(request, _audit_filters(request))
    response = StreamingHttpResponse(
        audit.csv_rows(entries.order_by("seq").iterator(chunk_size=2000)),
        content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="aqyl-audit.csv"'
    return response


@require_POST
def audit_verify(request: HttpRequest) -> HttpResponseBase:
    from aqyl.core.tasks import verify_audit_log_task

    actor = actor_from_request(request)
    require(actor, "core.verify_audit")
    run = start_task(actor, kind="core.audit_verify", task=verify_audit_log_task)
    return redirect("core:task", run_id=run.id)


def tasks(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    require(actor, "core.list_own_tasks")
    page = Paginator(task_runs_of(actor), 25).get_page(request.GET.get("page"))
    return render(request, "core/tasks.html", {"page": page})


def task(request: HttpRequest, run_id: str) -> HttpResponse:
    run = get_task_run(actor_from_request(request), run_id)
    template = "core/_task_status.html" if request.headers.get("HX-Request") else "core/task.html"
    return render(request, template, {"run": run})
