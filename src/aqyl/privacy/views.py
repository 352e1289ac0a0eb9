"""The personal data page of a dataset: the latest version's scan, the policy editor with a
suggested policy, a preview of its result with the risk before and after, and publishing the
de-identified version."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aqyl.catalog import selectors
from aqyl.catalog.models import AccessLevel
from aqyl.core.actors import actor_from_request
from aqyl.core.errors import AqylError
from aqyl.core.permissions import can, require
from aqyl.privacy import services
from aqyl.privacy.policy import GENERALISATIONS, METHODS


def privacy(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    """POST `op` = save (the policy), preview, or publish (the de-identified version)."""
    actor = actor_from_request(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    require(actor, "privacy.view_scan", dataset)
    can_change = can(actor, "catalog.change_dataset", dataset)
    version = dataset.versions.order_by("-number").first()
    text = services.policy_text(dataset)
    status, error, previewed = 200, "", None
    if request.method == "POST" and can_change:
        op = request.POST.get("op")
        text = request.POST.get("policy", text)
        try:
            if op == "save":
                services.save_policy(actor, dataset, text)
                messages.success(request, _("The privacy policy has been saved."))
                return redirect("privacy:privacy", org=org, name=name)
            if op == "preview":
                previewed = services.preview(actor, dataset, text)
            if op == "publish":
                made = _publish(actor, dataset, request, text)
                messages.success(request, _("The de-identified version %(slug)s@%(n)s has "
                                            "been published.")
                                 % {"slug": made.dataset.slug, "n": made.number})
                return redirect("catalog:dataset", org=made.dataset.organisation.slug,
                                name=made.dataset.name)
        except AqylError as exc:
            status, error = exc.status_code, str(exc.message)
    found = services.scan_version(version) if version else None
    if found is not None and not text.strip():
        text = services.suggested_policy(found)
    context: dict[str, Any] = {
        "dataset": dataset, "version": version, "scan": found,
        "identifiers": found.identifiers() if found else {}, "text": text, "error": error,
        "can_change": can_change, "preview": previewed,
        "preview_columns": list(previewed["rows"][0]) if previewed and previewed["rows"]
        else [],
        "methods": METHODS, "generalisations": GENERALISATIONS,
        "access_levels": AccessLevel.choices,
        "default_name": f"{dataset.name}-deidentified"[:80],
    }
    return render(request, "privacy/privacy.html", context, status=status)


def _publish(actor: Any, dataset: Any, request: HttpRequest, text: str) -> Any:
    return services.deidentify(actor, dataset, text=text,
                               into=request.POST.get("into", ""),
                               access_level=request.POST.get("access_level", AccessLevel.OPEN))
