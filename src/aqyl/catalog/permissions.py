"""Rules for datasets, versions, uploads and access requests (see aqyl.catalog.access)."""

from __future__ import annotations

from typing import Any

from aqyl.catalog import access
from aqyl.catalog.models import AccessLevel
from aqyl.core.actors import Actor
from aqyl.core.permissions import rule


@rule("catalog.view_dataset", writes=False, needs_user=False)
def _view_dataset(actor: Actor, dataset: Any) -> bool:
    return access.can_see(actor.user, dataset)


@rule("catalog.read_data", writes=False, needs_user=False)
def _read_data(actor: Actor, dataset: Any) -> bool:
    return access.can_read(actor.user, dataset)


@rule("catalog.create_dataset", writes=True)
def _create_dataset(actor: Actor, organisation: Any) -> bool:
    return access.can_manage(actor.user, organisation.pk)


@rule("catalog.change_dataset", writes=True)
def _change_dataset(actor: Actor, dataset: Any) -> bool:
    """Describing and versioning; a withdrawn dataset is frozen until it is restored."""
    return bool(dataset.withdrawn_at is None
                and access.can_manage(actor.user, dataset.organisation_id))


@rule("catalog.withdraw_dataset", writes=True)
def _withdraw_dataset(actor: Actor, dataset: Any) -> bool:
    return access.can_manage(actor.user, dataset.organisation_id)


@rule("catalog.restore_dataset", writes=True)
def _restore_dataset(actor: Actor, dataset: Any) -> bool:
    return access.can_manage(actor.user, dataset.organisation_id)


@rule("catalog.delete_dataset", writes=True)
def _delete_dataset(actor: Actor, dataset: Any) -> bool:
    """Permanent deletion is for platform administrators only: owners withdraw."""
    return bool(actor.user.is_active and actor.user.is_platform_admin)


@rule("catalog.request_access", writes=True)
def _request_access(actor: Actor, dataset: Any) -> bool:
    return bool(dataset.access_level == AccessLevel.RESTRICTED
                and dataset.withdrawn_at is None
                and not access.can_read(actor.user, dataset))


@rule("catalog.decide_access", writes=True)
def _decide_access(actor: Actor, dataset: Any) -> bool:
    return access.can_manage(actor.user, dataset.organisation_id)


@rule("catalog.view_access_request", writes=False)
def _view_access_request(actor: Actor, request: Any) -> bool:
    return bool(request.requester_id == actor.user.pk
                or access.can_manage(actor.user, request.dataset.organisation_id))


@rule("catalog.withdraw_access_request", writes=True)
def _withdraw_access_request(actor: Actor, request: Any) -> bool:
    return bool(request.requester_id == actor.user.pk)


@rule("catalog.query", writes=False, needs_user=False)
def _query(actor: Actor, _: Any) -> bool:
    return True  # each dataset a query names is checked with catalog.read_data
