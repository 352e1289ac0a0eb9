"""Rules for organisations, memberships and API tokens."""

from __future__ import annotations

from typing import Any

from aqyl.accounts.selectors import has_role
from aqyl.core.actors import Actor
from aqyl.core.permissions import rule


@rule("accounts.view_organisation", writes=False, needs_user=False)
def _view_organisation(actor: Actor, organisation: Any) -> bool:
    return True  # name, type, sector and BIN of an organisation are public


@rule("accounts.create_organisation", writes=True)
def _create_organisation(actor: Actor, _: Any) -> bool:
    return bool(getattr(actor.user, "is_platform_admin", False))


@rule("accounts.create_user", writes=True)
def _create_user(actor: Actor, _: Any) -> bool:
    return bool(getattr(actor.user, "is_platform_admin", False))


@rule("accounts.change_organisation", writes=True)
def _change_organisation(actor: Actor, organisation: Any) -> bool:
    user: Any = actor.user
    return bool(user.is_platform_admin or has_role(user, organisation, roles=("org_admin",)))


@rule("accounts.view_members", writes=False)
def _view_members(actor: Actor, organisation: Any) -> bool:
    user: Any = actor.user
    if user.is_platform_admin or user.is_platform_auditor:
        return True
    return has_role(user, organisation)


@rule("accounts.manage_members", writes=True)
def _manage_members(actor: Actor, organisation: Any) -> bool:
    user: Any = actor.user
    return bool(user.is_platform_admin or has_role(user, organisation, roles=("org_admin",)))


@rule("accounts.view_own_account", writes=False)
def _view_own_account(actor: Actor, owner: Any) -> bool:
    return bool(owner.pk == actor.user.pk)


@rule("accounts.manage_tokens", writes=True)
def _manage_tokens(actor: Actor, owner: Any) -> bool:
    # Revoking someone else's token is a platform admin's emergency power; issuing is never.
    return bool(owner.pk == actor.user.pk)


@rule("accounts.revoke_any_token", writes=True)
def _revoke_any_token(actor: Actor, _: Any) -> bool:
    return bool(getattr(actor.user, "is_platform_admin", False))


@rule("accounts.change_own_account", writes=True)
def _change_own_account(actor: Actor, owner: Any) -> bool:
    return bool(owner.pk == actor.user.pk)
