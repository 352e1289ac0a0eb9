"""Reads of the catalog, always through what the actor may see: search with facets, one
dataset by slug, its versions and what changed between them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    OuterRef,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext as _

from aqyl.accounts.selectors import organisations_where
from aqyl.catalog.access import MANAGER_ROLES, listed_filter, readable_filter, visible_filter
from aqyl.catalog.lifecycle import withdrawn_error
from aqyl.catalog.models import (
    AccessRequest,
    Dataset,
    DatasetVersion,
    RequestStatus,
    UploadDraft,
)
from aqyl.core.actors import Actor
from aqyl.core.errors import InvalidInput, NotFound
from aqyl.core.permissions import can, require

SLUG = re.compile(r"^(?P<org>[-a-zA-Z0-9_]+)/(?P<name>[a-z0-9-]+)(?:@(?P<version>\d+))?$")


def parse_slug(slug: str) -> tuple[str, str, int | None]:
    match = SLUG.match(slug.strip())
    if not match:
        raise InvalidInput(_("%(slug)s is not a dataset name: use organisation/name or "
                             "organisation/name@version.") % {"slug": slug[:200]})
    version = match.group("version")
    if version is not None and int(version) < 1:  # "@0" must not quietly mean the latest
        raise InvalidInput(_("Versions are numbered from 1."))
    return match.group("org"), match.group("name"), int(version) if version else None


# What may still be done to a withdrawn dataset: read its card, and bring it back or delete it.
WITHDRAWN_ACTIONS = frozenset({"catalog.view_dataset", "catalog.restore_dataset",
                               "catalog.delete_dataset", "catalog.withdraw_dataset"})


def visible_datasets(actor: Actor) -> QuerySet[Dataset]:
    """The datasets listed to the actor: search, feeds, organisation pages. Withdrawn ones are
    left out; their cards are found by `get_dataset`."""
    return (Dataset.objects.filter(listed_filter(actor.user))
            .select_related("organisation"))


def readable_datasets(actor: Actor) -> QuerySet[Dataset]:
    return Dataset.objects.filter(readable_filter(actor.user)).select_related("organisation")


def withdrawn_datasets(actor: Actor) -> QuerySet[Dataset]:
    """Withdrawn datasets the actor could restore: their organisations' stewards and admins."""
    user: Any = actor.user
    qs = Dataset.objects.filter(withdrawn_at__isnull=False).select_related(
        "organisation", "withdrawn_by")
    if not actor.is_authenticated or not user.is_active:
        return qs.none()
    if getattr(user, "is_platform_admin", False):
        return qs
    return qs.filter(organisation_id__in=organisations_where(user, roles=MANAGER_ROLES))


def get_dataset(actor: Actor, slug: str, *, action: str = "catalog.view_dataset") -> Dataset:
    """The dataset named `org/name`; outsiders get NotFound for confidential ones (their
    existence is not revealed), and `action` is checked on what is found. A withdrawn dataset
    answers every action but reading its card (and restoring or deleting it) with why it was
    withdrawn."""
    org, name, _version = parse_slug(slug)
    dataset = (Dataset.objects.filter(visible_filter(actor.user))
               .select_related("organisation").filter(organisation__slug=org, name=name)
               .first())
    if dataset is None:
        raise NotFound(_("No dataset %(slug)s.") % {"slug": f"{org}/{name}"})
    if dataset.withdrawn_at is not None and action not in WITHDRAWN_ACTIONS:
        raise withdrawn_error(dataset)
    require(actor, action, dataset)
    return dataset


def get_version(dataset: Dataset, number: int | None = None) -> DatasetVersion:
    versions = dataset.versions.all()
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        if number:
            raise NotFound(_("%(slug)s has no version %(number)s.")
                           % {"slug": dataset.slug, "number": number})
        raise NotFound(_("%(slug)s has no versions yet.") % {"slug": dataset.slug})
    return version


def resolve_readable(actor: Actor, slug: str) -> DatasetVersion:
    """`org/name` (latest) or `org/name@3` as a version the actor may read."""
    _org, _name, number = parse_slug(slug)
    dataset = get_dataset(actor, slug, action="catalog.read_data")
    return get_version(dataset, number)


def version_changes(versions: list[DatasetVersion]) -> list[dict[str, Any]]:
    """Each version against its predecessor: rows gained or lost, columns added, removed or
    retyped. `versions` are newest first, as the card lists them."""
    changes = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        entry: dict[str, Any] = {"version": version, "row_delta": None, "added": [],
                                 "removed": [], "retyped": []}
        if previous is not None:
            entry["row_delta"] = version.row_count - previous.row_count
            entry.update(schema_changes(previous.schema, version.schema))
        changes.append(entry)
    return changes


def schema_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]
                   ) -> dict[str, list[Any]]:
    """Columns added, removed, and retyped as (name, old type, new type)."""
    old = {c["name"]: c["type"] for c in before}
    new = {c["name"]: c["type"] for c in after}
    return {"added": [name for name in new if name not in old],
            "removed": [name for name in old if name not in new],
            "retyped": [(name, old[name], new[name]) for name in new
                        if name in old and old[name] != new[name]]}


def access_requests_for(actor: Actor, dataset: Dataset) -> QuerySet[AccessRequest]:
    """The owner's stewards see all requests for the dataset; others see their own."""
    qs = dataset.access_requests.select_related("requester", "decided_by")
    if can(actor, "catalog.decide_access", dataset):
        return qs
    return qs.filter(requester_id=actor.user.pk) if actor.is_authenticated else qs.none()


def managed_requests(actor: Actor, status: str = RequestStatus.PENDING
                     ) -> QuerySet[AccessRequest]:
    """Requests in `status` for datasets of organisations where the actor is a steward."""
    user: Any = actor.user
    qs = AccessRequest.objects.filter(status=status).select_related(
        "dataset__organisation", "requester")
    if getattr(user, "is_platform_admin", False):
        return qs
    return qs.filter(dataset__organisation_id__in=organisations_where(user, roles=MANAGER_ROLES))


def latest_versions(datasets: Iterable[Dataset]) -> dict[int, DatasetVersion]:
    """Each dataset's newest version in one query, bound to the given dataset objects."""
    by_id = {dataset.pk: dataset for dataset in datasets}
    newest = (DatasetVersion.objects.filter(dataset_id=OuterRef("dataset_id"))
              .order_by("-number").values("number")[:1])
    found = {}
    for version in DatasetVersion.objects.filter(dataset_id__in=list(by_id),
                                                 number=Subquery(newest)):
        version.dataset = by_id[version.dataset_id]
        found[version.dataset_id] = version
    return found


def get_draft(actor: Actor, draft_id: Any) -> UploadDraft:
    """An upload being checked: visible to the person who uploaded it only."""
    draft = (UploadDraft.objects.select_related("organisation", "dataset__organisation",
                                                "version", "task_run")
             .filter(pk=draft_id).first())
    if draft is None or draft.created_by_id != actor.user.pk:
        raise NotFound
    return draft


def get_access_request(actor: Actor, request_id: int) -> AccessRequest:
    found = (AccessRequest.objects.select_related("dataset__organisation", "requester")
             .filter(pk=request_id).first())
    if found is None:
        raise NotFound
    require(actor, "catalog.view_access_request", found)
    return found
