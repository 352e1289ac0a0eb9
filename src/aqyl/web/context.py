"""What every page needs: navigation (with the current section), languages, version."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aqyl import __version__
from aqyl.core.actors import actor_from_request
from aqyl.core.permissions import can

NAVIGATION = (
    ("catalog:datasets", _("Datasets")),
    ("web:compute", _("Compute")),
    ("web:models", _("Models")),
    ("web:products", _("AI products")),
    ("web:programme", _("Programme")),
    ("accounts:organisations", _("Organisations")),
)


def portal(request: HttpRequest) -> dict[str, Any]:
    actor = actor_from_request(request)
    items = list(NAVIGATION)
    if actor.is_authenticated and can(actor, "quality.view_overview"):
        items.append(("quality:overview", _("Data quality")))
    if actor.is_authenticated and can(actor, "core.view_audit"):
        items.append(("core:audit", _("Audit log")))
    navigation = []
    for url_name, label in items:
        href = reverse(url_name)
        navigation.append({"href": href, "label": label,
                           "current": request.path.startswith(href)})
    return {"navigation": navigation, "languages": settings.LANGUAGES,
            "aqyl_version": __version__}
