"""Pages that withdraw, restore and delete a dataset: each asks for a reason and a
confirmation, then calls the same service as the API and the CLI."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aqyl.catalog import lifecycle, selectors
from aqyl.catalog.forms import DeleteForm, WithdrawForm
from aqyl.core.actors import actor_from_request
from aqyl.core.errors import InvalidInput


def _field_errors(form: WithdrawForm | DeleteForm, exc: InvalidInput) -> None:
    if not exc.fields:
        form.add_error(None, str(exc.message))
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    actor = actor_from_request(request)
    found = selectors.get_dataset(actor, f"{org}/{name}")
    lifecycle.require_may(actor, "catalog.withdraw_dataset", found)
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.withdraw_dataset(actor, found, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            _field_errors(form, exc)
        else:
            messages.success(request, _("%(slug)s has been withdrawn from the catalog.")
                             % {"slug": found.slug})
            return redirect("catalog:dataset", org=org, name=name)
    if request.method == "POST":
        status = 400
    return render(request, "catalog/withdraw.html", {"dataset": found, "form": form},
                  status=status)


@require_POST
def restore(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    actor = actor_from_request(request)
    found = selectors.get_dataset(actor, f"{org}/{name}")
    lifecycle.restore_dataset(actor, found, note=request.POST.get("note", "")[:2000])
    messages.success(request, _("%(slug)s is back in the catalog.") % {"slug": found.slug})
    return redirect("catalog:dataset", org=org, name=name)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    actor = actor_from_request(request)
    found = selectors.get_dataset(actor, f"{org}/{name}")
    lifecycle.require_may(actor, "catalog.delete_dataset", found)
    form = DeleteForm(request.POST or None, slug=found.slug)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.delete_dataset(actor, found, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            _field_errors(form, exc)
        else:
            messages.success(request, _("%(slug)s and its files have been deleted.")
                             % {"slug": found.slug})
            return redirect("accounts:organisation", slug=org)
    if request.method == "POST":
        status = 400
    versions = found.versions.count()
    return render(request, "catalog/delete.html", {"dataset": found, "form": form,
                                                   "version_count": versions}, status=status)
