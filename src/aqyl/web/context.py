"""What every page needs: navigation, languages, the current path for the language switch."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from aqyl import __version__
from aqyl.core.actors import actor_from_request
from aqyl.core.permissions import can

NAVIGATION = (
    ("web:datasets", _("Datasets")),
    ("web:compute", _("Compute")),
    ("web:models", _("Models")),
    ("web:products", _("AI products")),
    ("web:programme", _("Programme")),
    ("web:organisations", _("Organisations")),
)


def portal(request: HttpRequest) -> dict[str, Any]:
    actor = actor_from_request(request)
    return {
        "navigation": NAVIGATION,
        "languages": settings.LANGUAGES,
        "aqyl_version": __version__,
        "can_view_audit": actor.is_authenticated and can(actor, "core.view_audit"),
    }
