"""Organisation pages: the public list and profile, and member management for its admins."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aqyl.accounts import selectors, services
from aqyl.accounts.forms import MemberForm
from aqyl.accounts.models import Organisation, OrganisationType, Role, Sector
from aqyl.accounts.org_sections import render_sections
from aqyl.core.actors import actor_from_request
from aqyl.core.errors import AqylError, NotFound
from aqyl.core.permissions import can, require


def organisations(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    type_ = request.GET.get("type", "")
    sector = request.GET.get("sector", "")
    qs = selectors.list_organisations(
        query=query,
        type=type_ if type_ in OrganisationType.values else "",
        sector=sector if sector in Sector.values else "",
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/organisations.html", {
        "page": page, "q": query, "type": type_, "sector": sector,
        "types": OrganisationType.choices, "sectors": Sector.choices,
    })


def _organisation(slug: str) -> Organisation:
    organisation = selectors.get_organisation(slug)
    if organisation is None:
        raise NotFound
    return organisation


def organisation(request: HttpRequest, slug: str, *, member_form: MemberForm | None = None,
                 status: int = 200) -> HttpResponse:
    org = _organisation(slug)
    actor = actor_from_request(request)
    context: dict[str, Any] = {"organisation": org, "roles": Role.choices,
                               "sections": render_sections(request, org)}
    if can(actor, "accounts.view_members", org):
        context["members"] = selectors.members_of(org)
    if can(actor, "accounts.manage_members", org):
        context["member_form"] = member_form or MemberForm()
    return render(request, "accounts/organisation.html", context, status=status)


def organisation_members(request: HttpRequest, slug: str) -> HttpResponseBase:
    """POST: add a member, change a role or remove one (by `op`). GET goes back to the page."""
    if request.method != "POST":
        return redirect("accounts:organisation", slug=slug)
    org = _organisation(slug)
    actor = actor_from_request(request)
    require(actor, "accounts.manage_members", org)
    op = request.POST.get("op", "add")
    if op == "add":
        form = MemberForm(request.POST)
        if not form.is_valid():
            return organisation(request, slug, member_form=form, status=400)
        try:
            services.add_member(actor, org, **form.cleaned_data)
        except AqylError as exc:
            form.add_error(None, str(exc.message))
            return organisation(request, slug, member_form=form, status=exc.status_code)
        messages.success(request, _("%(name)s has been added.") % {
            "name": form.cleaned_data["username"]})
        return redirect("accounts:organisation", slug=slug)
    username = request.POST.get("username", "")
    membership = selectors.members_of(org).filter(user__username=username).first()
    if membership is None:
        raise NotFound
    try:
        if op == "remove":
            services.remove_member(actor, membership)
            messages.success(request, _("%(name)s has been removed.") % {"name": username})
        else:
            services.change_member_role(actor, membership, role=request.POST.get("role", ""))
            messages.success(request, _("The role of %(name)s is now: %(role)s.") % {
                "name": username, "role": membership.get_role_display()})
    except AqylError as exc:
        messages.error(request, str(exc.message))
    return redirect("accounts:organisation", slug=slug)
