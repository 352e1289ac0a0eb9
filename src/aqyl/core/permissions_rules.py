"""Rules for what core owns: the audit log and background tasks."""

from __future__ import annotations

from typing import Any

from aqyl.core.actors import Actor
from aqyl.core.permissions import rule


@rule("core.view_audit", writes=False)
def _view_audit(actor: Actor, organisation: Any) -> bool:
    """Without an organisation: the whole log (platform roles). With one: its entries."""
    from aqyl.accounts.selectors import has_role

    user: Any = actor.user
    if user.is_platform_admin or user.is_platform_auditor:
        return True
    if organisation is None:
        return bool(has_role(user, roles=("org_admin", "auditor")))
    return has_role(user, organisation, roles=("org_admin", "auditor"))


@rule("core.verify_audit", writes=False)
def _verify_audit(actor: Actor, _: Any) -> bool:
    user: Any = actor.user
    return bool(user.is_platform_admin or user.is_platform_auditor)


@rule("core.view_task", writes=False)
def _view_task(actor: Actor, task_run: Any) -> bool:
    user: Any = actor.user
    return bool(task_run.started_by_id == user.pk or user.is_platform_admin)


@rule("core.list_own_tasks", writes=False)
def _list_own_tasks(actor: Actor, _: Any) -> bool:
    return True
