"""The card's personal data section: how a version was de-identified, and for stewards what
the scan found."""

from __future__ import annotations

from typing import Any

from django import template

from aqyl.catalog.models import Dataset, DatasetVersion
from aqyl.privacy import services

register = template.Library()


@register.inclusion_tag("privacy/_card.html")
def version_privacy(dataset: Dataset, version: DatasetVersion | None,
                    can_view_scan: bool) -> dict[str, Any]:
    report = services.report_for(version) if version else None
    found = services.stored_scan(version) if version and can_view_scan else None
    return {"dataset": dataset, "version": version, "report": report, "scan": found,
            "identifiers": found.identifiers() if found else {},
            "can_view_scan": can_view_scan}
