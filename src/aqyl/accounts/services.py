"""Actions that change accounts, organisations, memberships and tokens. Each checks rights
through the permission service and writes the audit log in the same transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aqyl.accounts import tokens
from aqyl.accounts.models import ApiToken, Membership, Organisation, Role, TokenScope, User
from aqyl.core import audit
from aqyl.core.actors import Actor
from aqyl.core.errors import Conflict, InvalidInput, NotFound
from aqyl.core.permissions import require

ORGANISATION_FIELDS = ("slug", "name_kk", "name_ru", "name_en", "bin", "type", "sector", "website")


def _validated(instance: Any, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise InvalidInput(
            _("Some fields are not valid."),
            fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()},
        ) from exc


def create_organisation(actor: Actor, *, is_demo: bool = False, **fields: Any) -> Organisation:
    require(actor, "accounts.create_organisation")
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    organisation = Organisation(is_demo=is_demo, **fields)
    organisation.bin = organisation.bin or None
    _validated(organisation)
    with transaction.atomic():
        organisation.save()
        audit.record(actor, "accounts.organisation.create", organisation,
                     details={"slug": organisation.slug})
    return organisation


def update_organisation(actor: Actor, organisation: Organisation, **fields: Any) -> Organisation:
    require(actor, "accounts.change_organisation", organisation)
    editable = set(ORGANISATION_FIELDS) - {"slug"}
    unknown = set(fields) - editable
    if unknown:
        raise InvalidInput(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    changed = {name: value for name, value in fields.items()
               if getattr(organisation, name) != value}
    for name, value in changed.items():
        setattr(organisation, name, value)
    organisation.bin = organisation.bin or None
    _validated(organisation)
    with transaction.atomic():
        organisation.save()
        audit.record(actor, "accounts.organisation.update", organisation,
                     details={"fields": sorted(changed)})
    return organisation


def add_member(actor: Actor, organisation: Organisation, *, username: str, role: str) -> Membership:
    require(actor, "accounts.manage_members", organisation)
    if role not in Role.values:
        raise InvalidInput(_("Unknown role: %(role)s") % {"role": role})
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(_("No active user named %(name)s.") % {"name": username})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, organisation=organisation, role=role)
            audit.record(actor, "accounts.membership.create", organisation,
                         details={"user": username, "role": role})
    except IntegrityError:
        raise Conflict(_("%(name)s is already a member.") % {"name": username}) from None
    return membership


def _org_admins_left(membership: Membership, new_role: str | None) -> int:
    admins = Membership.objects.filter(organisation=membership.organisation, role=Role.ORG_ADMIN)
    count = admins.exclude(pk=membership.pk).count()
    return count + (1 if new_role == Role.ORG_ADMIN else 0)


def change_member_role(actor: Actor, membership: Membership, *, role: str) -> Membership:
    require(actor, "accounts.manage_members", membership.organisation)
    if role not in Role.values:
        raise InvalidInput(_("Unknown role: %(role)s") % {"role": role})
    if membership.role == Role.ORG_ADMIN and _org_admins_left(membership, role) == 0:
        raise Conflict(_("An organisation must keep at least one administrator."))
    with transaction.atomic():
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(actor, "accounts.membership.change_role", membership.organisation,
                     details={"user": membership.user.username, "from": old, "to": role})
    return membership


def remove_member(actor: Actor, membership: Membership) -> None:
    require(actor, "accounts.manage_members", membership.organisation)
    if membership.role == Role.ORG_ADMIN and _org_admins_left(membership, None) == 0:
        raise Conflict(_("An organisation must keep at least one administrator."))
    with transaction.atomic():
        membership.delete()
        audit.record(actor, "accounts.membership.delete", membership.organisation,
                     details={"user": membership.user.username})


def issue_token(actor: Actor, *, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the actor; the secret is returned once and never stored."""
    user: Any = actor.user
    require(actor, "accounts.manage_tokens", user)
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput(_("Give the token a name of 1 to 100 characters."))
    if scope not in TokenScope.values:
        raise InvalidInput(_("Scope must be read or write."))
    max_days = settings.AQYL["AQYL_TOKEN_MAX_DAYS"]
    if not 1 <= days <= max_days:
        raise InvalidInput(_("A token lasts from 1 to %(max)d days.") % {"max": max_days})
    new = tokens.generate_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=new.prefix, digest=new.digest, scope=scope,
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit.record(actor, "accounts.token.create", token,
                     details={"name": name, "scope": scope, "days": days})
    return token, new.secret


def revoke_token(actor: Actor, token: ApiToken) -> ApiToken:
    if token.user_id != actor.user.pk:
        require(actor, "accounts.revoke_any_token")
    else:
        require(actor, "accounts.manage_tokens", token.user)
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor, "accounts.token.revoke", token, details={"name": token.name})
    return token


def authenticate_token(secret: str) -> ApiToken | None:
    """The usable token behind `secret`, or None (unknown, malformed, expired, revoked)."""
    prefix = tokens.parse_prefix(secret)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not tokens.digests_match(secret, token.digest) or not token.is_usable():
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def change_password(actor: Actor, *, old_password: str, new_password: str) -> None:
    user: Any = actor.user
    require(actor, "accounts.change_own_account", user)
    if not user.check_password(old_password):
        audit.record(actor, "accounts.password.change", user, outcome="failure")
        raise InvalidInput(_("The current password is not correct."),
                           fields={"old_password": [_("The current password is not correct.")]})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise InvalidInput(_("Choose a stronger password."),
                           fields={"new_password": [str(m) for m in exc.messages]}) from exc
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit.record(actor, "accounts.password.change", user)


def set_language(actor: Actor, *, language: str) -> None:
    user: Any = actor.user
    require(actor, "accounts.change_own_account", user)
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("Unknown language."))
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def create_user(
    actor: Actor, *, username: str, password: str | None, email: str = "",
    first_name: str = "", last_name: str = "", platform_role: str = "", superuser: bool = False,
    language: str = "",
) -> User:
    """Operators create users (registration policy is a later decision of each deployment)."""
    require(actor, "accounts.create_user")
    if User.objects.filter(username=username).exists():
        raise Conflict(_("A user named %(name)s already exists.") % {"name": username})
    user = User(username=username, email=email, first_name=first_name, last_name=last_name,
                platform_role=platform_role, is_superuser=superuser, is_staff=superuser,
                language=language)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    _validated(user, exclude=["password"])
    with transaction.atomic():
        user.save()
        audit.record(actor, "accounts.user.create", user,
                     details={"username": username, "platform_role": platform_role,
                              "superuser": superuser})
    return user
