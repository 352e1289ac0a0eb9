"""Who may see a dataset and who may read its data: one rule, used by every path.

- open: anyone, signed in or not;
- restricted: anyone sees the card; the data is for the owner organisation's members and for
  users whose access request was approved and has not expired;
- confidential: the owner organisation's members only (platform administrators too; platform
  auditors see the card, never the data).

A withdrawn dataset keeps its card (which says why it was withdrawn) for those who could see
it, but is listed nowhere (search, organisation pages, feeds) and its data is read by no one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from aqyl.accounts.selectors import organisations_where
from aqyl.catalog.models import AccessLevel, AccessRequest, Dataset, RequestStatus

MANAGER_ROLES = ("org_admin", "steward")
LISTED = Q(withdrawn_at__isnull=True)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def visible_filter(user: Any) -> Q:
    """Datasets whose card `user` may see, withdrawn ones included (see `listed_filter`)."""
    public = ~Q(access_level=AccessLevel.CONFIDENTIAL)
    if not _active(user):
        return public
    if user.is_platform_admin or user.is_platform_auditor:
        return Q()
    return public | Q(organisation_id__in=organisations_where(user))


def listed_filter(user: Any) -> Q:
    """Datasets listed to `user`: visible and not withdrawn (search, feeds, pages)."""
    return visible_filter(user) & LISTED


def readable_filter(user: Any) -> Q:
    """Datasets whose data `user` may read (rows, SQL, downloads, SDK): never withdrawn."""
    public = Q(access_level=AccessLevel.OPEN) & LISTED
    if not _active(user):
        return public
    if user.is_platform_admin:
        return LISTED
    granted = AccessRequest.objects.filter(
        requester=user, status=RequestStatus.APPROVED, expires_at__gt=timezone.now()
    ).values("dataset_id")
    return public | (LISTED & (Q(organisation_id__in=organisations_where(user))
                               | Q(access_level=AccessLevel.RESTRICTED, pk__in=granted)))


def can_see(user: Any, dataset: Dataset) -> bool:
    return Dataset.objects.filter(visible_filter(user), pk=dataset.pk).exists()


def can_read(user: Any, dataset: Dataset) -> bool:
    if dataset.withdrawn_at is not None:
        return False
    if dataset.access_level == AccessLevel.OPEN:
        return True
    return Dataset.objects.filter(readable_filter(user), pk=dataset.pk).exists()


def can_manage(user: Any, organisation_id: int) -> bool:
    """Stewards and administrators of the owner organisation publish and decide requests."""
    if not _active(user):
        return False
    return bool(user.is_platform_admin
                or organisation_id in organisations_where(user, roles=MANAGER_ROLES))
