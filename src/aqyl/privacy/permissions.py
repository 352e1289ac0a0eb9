"""Who sees the privacy scans of a dataset (masked examples included)."""

from __future__ import annotations

from typing import Any

from aqyl.catalog import access
from aqyl.core.actors import Actor
from aqyl.core.permissions import rule


@rule("privacy.view_scan", writes=False)
def _view_scan(actor: Actor, dataset: Any) -> bool:
    """The dataset's stewards, and auditors and administrators of the platform."""
    user: Any = actor.user
    return bool(user.is_platform_admin or user.is_platform_auditor
                or access.can_manage(user, dataset.organisation_id))
