"""The one place that decides who may do what. Every view, API endpoint and CLI command goes
through `require` (or `can` to decide what to show); each domain registers its rules here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from aqyl.core.actors import Actor
from aqyl.core.errors import NotAuthenticated, PermissionDenied

RuleFunc = Callable[[Actor, Any], bool]


@dataclass(frozen=True)
class Rule:
    action: str
    check: RuleFunc
    writes: bool
    needs_user: bool


_RULES: dict[str, Rule] = {}


def rule(action: str, *, writes: bool, needs_user: bool = True) -> Callable[[RuleFunc], RuleFunc]:
    """Register the check for `action`. `writes` rules also need a write-scoped token."""

    def register(check: RuleFunc) -> RuleFunc:
        if action in _RULES:
            raise ValueError(f"rule {action!r} is registered twice")
        _RULES[action] = Rule(action, check, writes, needs_user)
        return check

    return register


def registered_actions() -> list[str]:
    return sorted(_RULES)


def _get(action: str) -> Rule:
    try:
        return _RULES[action]
    except KeyError:
        raise LookupError(f"no permission rule for {action!r}") from None


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    entry = _get(action)
    if actor.channel == "system":
        return True
    if entry.needs_user and not actor.is_authenticated:
        return False
    if entry.writes and not actor.can_write:
        return False
    return entry.check(actor, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    """Raise unless `actor` may do `action` on `obj`; refusals are written to the audit log."""
    if can(actor, action, obj):
        return
    from aqyl.core.audit import record_denial

    record_denial(actor, action, obj)
    entry = _get(action)
    if not actor.is_authenticated:  # signing in may be all it takes
        raise NotAuthenticated
    if entry.writes and not actor.can_write and entry.check(actor, obj):
        raise PermissionDenied(_("This API token is read-only: use a token with write scope."))
    raise PermissionDenied
