"""Reads about users, organisations and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from aqyl.accounts.models import ApiToken, Membership, Organisation, User


def organisations_where(user: Any, *, roles: Iterable[str] | None = None) -> list[int]:
    """IDs of the organisations where `user` is a member (with one of `roles`, if given)."""
    if not getattr(user, "is_authenticated", False):
        return []
    qs = Membership.objects.filter(user=user)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return list(qs.values_list("organisation_id", flat=True))


def has_role(user: Any, organisation: Organisation | None = None, *,
             roles: Iterable[str] | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    qs = Membership.objects.filter(user=user)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return qs.exists()


def list_organisations(*, query: str = "", type: str = "", sector: str = "") -> QuerySet[
    Organisation
]:
    qs = Organisation.objects.all()
    if query:
        qs = qs.filter(
            Q(name_kk__icontains=query) | Q(name_ru__icontains=query)
            | Q(name_en__icontains=query) | Q(slug__icontains=query) | Q(bin=query)
        )
    if type:
        qs = qs.filter(type=type)
    if sector:
        qs = qs.filter(sector=sector)
    return qs


def get_organisation(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def organisation_slugs(ids: Iterable[int | None]) -> dict[int, str]:
    return dict(Organisation.objects.filter(pk__in={i for i in ids if i is not None})
                .values_list("pk", "slug"))


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__username")


def memberships_of(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organisation").order_by("organisation__slug")


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return user.api_tokens.all()
