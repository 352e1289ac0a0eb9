"""Access to restricted datasets: asking, and the owner's stewards deciding."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aqyl.catalog import selectors, services
from aqyl.catalog.forms import AccessRequestForm
from aqyl.catalog.models import AccessRequest, RequestStatus
from aqyl.core.actors import actor_from_request
from aqyl.core.errors import AqylError, NotAuthenticated, NotFound


@require_POST
def request_access(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    actor = actor_from_request(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    form = AccessRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        try:
            services.request_access(actor, dataset, purpose=form.cleaned_data["purpose"],
                                    until=form.cleaned_data["until"])
        except AqylError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Your request has been sent to the dataset's steward."))
    return redirect("catalog:dataset", org=org, name=name)


def access_requests(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    if not actor.is_authenticated:
        raise NotAuthenticated
    mine = AccessRequest.objects.filter(requester_id=actor.user.pk).select_related(
        "dataset__organisation", "decided_by")
    return render(request, "catalog/access_requests.html", {
        "to_decide": selectors.managed_requests(actor),
        "granted": selectors.managed_requests(actor, RequestStatus.APPROVED)[:200],
        "mine": mine[:100],
        "today": date.today().isoformat(),
    })


@require_POST
def access_request_action(request: HttpRequest, request_id: int) -> HttpResponseBase:
    """`op` = approve, reject, revoke (stewards) or withdraw (the requester)."""
    actor = actor_from_request(request)
    found = selectors.get_access_request(actor, request_id)
    op = request.POST.get("op", "")
    note = request.POST.get("note", "")[:5000]
    try:
        if op in ("approve", "reject"):
            until = request.POST.get("until") or None
            services.decide_access(actor, found, approve=op == "approve", note=note,
                                   until=date.fromisoformat(until) if until else None)
        elif op == "revoke":
            services.revoke_access(actor, found, note=note)
        elif op == "withdraw":
            services.withdraw_access_request(actor, found)
        else:
            raise NotFound
    except ValueError:
        messages.error(request, _("Enter a valid date."))
    except AqylError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Done: the request is now %(status)s.")
                         % {"status": found.get_status_display()})
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("catalog:access_requests")
