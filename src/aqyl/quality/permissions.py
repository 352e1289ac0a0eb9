"""Who sees quality across organisations (see aqyl.quality.cross_services.overview)."""

from __future__ import annotations

from typing import Any

from aqyl.core.actors import Actor
from aqyl.core.permissions import rule


@rule("quality.view_overview", writes=False)
def _view_overview(actor: Actor, _: Any) -> bool:
    """Platform roles see every organisation; members see theirs."""
    from aqyl.accounts.selectors import has_role

    user: Any = actor.user
    return bool(user.is_platform_admin or user.is_platform_auditor or has_role(user))
