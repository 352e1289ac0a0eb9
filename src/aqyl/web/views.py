"""Portal pages: home, sections, organisations, audit log, background tasks, language, errors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aqyl.accounts import selectors as account_selectors
from aqyl.accounts import services as account_services
from aqyl.accounts.forms import MemberForm
from aqyl.accounts.models import Organisation, OrganisationType, Role, Sector
from aqyl.core import audit
from aqyl.core.actors import actor_from_request
from aqyl.core.errors import AqylError, NotFound
from aqyl.core.models import Outcome
from aqyl.core.permissions import can, require
from aqyl.core.task_runs import get_task_run, start_task, task_runs_of
from aqyl.web.sections import SECTIONS


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {
        "sections": SECTIONS.values(),
        "organisation_count": Organisation.objects.count(),
    })


def section(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in SECTIONS:
        raise Http404
    return render(request, "web/section.html", {"section": SECTIONS[slug]})


def organisations(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    type_ = request.GET.get("type", "")
    sector = request.GET.get("sector", "")
    qs = account_selectors.list_organisations(
        query=query,
        type=type_ if type_ in OrganisationType.values else "",
        sector=sector if sector in Sector.values else "",
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "web/organisations.html", {
        "page": page, "q": query, "type": type_, "sector": sector,
        "types": OrganisationType.choices, "sectors": Sector.choices,
    })


def _organisation(slug: str) -> Organisation:
    organisation = account_selectors.get_organisation(slug)
    if organisation is None:
        raise NotFound
    return organisation


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(slug)
    actor = actor_from_request(request)
    context: dict[str, Any] = {"organisation": org, "roles": Role.choices}
    if can(actor, "accounts.view_members", org):
        context["members"] = account_selectors.members_of(org)
    if can(actor, "accounts.manage_members", org):
        context["member_form"] = MemberForm()
    return render(request, "web/organisation.html", context)


@require_POST
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a member, change a role or remove a member, depending on the submitted `op`."""
    org = _organisation(slug)
    actor = actor_from_request(request)
    require(actor, "accounts.manage_members", org)
    op = request.POST.get("op", "add")
    try:
        if op == "add":
            form = MemberForm(request.POST)
            if not form.is_valid():
                return _organisation_with_errors(request, org, form)
            account_services.add_member(actor, org, **form.cleaned_data)
        else:
            membership = account_selectors.members_of(org).filter(
                user__username=request.POST.get("username", "")).first()
            if membership is None:
                raise NotFound
            if op == "remove":
                account_services.remove_member(actor, membership)
            else:
                account_services.change_member_role(actor, membership,
                                                    role=request.POST.get("role", ""))
    except AqylError as exc:
        form = MemberForm(request.POST if op == "add" else None)
        form.is_valid()
        form.add_error(None, str(exc.message))
        return _organisation_with_errors(request, org, form, status=exc.status_code)
    return redirect("web:organisation", slug=org.slug)


def _organisation_with_errors(request: HttpRequest, org: Organisation, form: MemberForm,
                              status: int = 400) -> HttpResponse:
    return render(request, "web/organisation.html", {
        "organisation": org, "roles": Role.choices, "member_form": form,
        "members": account_selectors.members_of(org),
    }, status=status)


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
    filters = _audit_filters(request)
    page = Paginator(_audit_entries(request, filters), 50).get_page(request.GET.get("page"))
    return render(request, "web/audit.html", {
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
    return redirect("web:task", run_id=run.id)


def tasks(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    require(actor, "core.list_own_tasks")
    page = Paginator(task_runs_of(actor), 25).get_page(request.GET.get("page"))
    return render(request, "web/tasks.html", {"page": page})


def task(request: HttpRequest, run_id: str) -> HttpResponse:
    run = get_task_run(actor_from_request(request), run_id)
    template = "web/_task_status.html" if request.headers.get("HX-Request") else "web/task.html"
    return render(request, template, {"run": run})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                            max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE)
        if request.user.is_authenticated:
            account_services.set_language(actor_from_request(request), language=language)
    return response


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "web/error.html", {"status": status, "message": message},
                  status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("You do not have permission to see this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("There is no such page."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, _("Something went wrong on our side. It has been logged."))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403, _("The form has expired or was sent from another site. "
                                  "Reload the page and try again."))
