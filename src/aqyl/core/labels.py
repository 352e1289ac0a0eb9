"""Human names for audit actions and background tasks, registered by each domain.

The log stores stable codes (`accounts.token.create`); pages show the name in the reader's
language, falling back to the code for actions nobody named.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_ACTIONS: dict[str, Promise] = {}
_TASKS: dict[str, Promise] = {}


def register_actions(labels: Mapping[str, Promise]) -> None:
    _ACTIONS.update(labels)


def register_tasks(labels: Mapping[str, Promise]) -> None:
    _TASKS.update(labels)


def action_label(code: str) -> str:
    label = _ACTIONS.get(code)
    if label is None and code.endswith(".start"):  # starting a background task
        task = _TASKS.get(code.removesuffix(".start"))
        return str(_("Started: %(task)s") % {"task": task}) if task else code
    return str(label) if label is not None else code


def task_label(kind: str) -> str:
    label = _TASKS.get(kind)
    return str(label) if label is not None else kind


register_actions({
    "admin.accounts.user.create": _("User created in the admin"),
    "admin.accounts.user.update": _("User changed in the admin"),
    "admin.accounts.user.delete": _("User deleted in the admin"),
    "admin.accounts.organisation.create": _("Organisation created in the admin"),
    "admin.accounts.organisation.update": _("Organisation changed in the admin"),
    "admin.accounts.organisation.delete": _("Organisation deleted in the admin"),
    "admin.accounts.apitoken.update": _("API token changed in the admin"),
    "admin.accounts.apitoken.delete": _("API token deleted in the admin"),
    "core.view_audit": _("Read the audit log"),
    "core.verify_audit": _("Verify the audit log"),
    "core.view_task": _("View a background task"),
    "core.list_own_tasks": _("List own background tasks"),
})
register_tasks({"core.audit_verify": _("Audit log verification")})
