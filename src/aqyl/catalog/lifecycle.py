"""Withdrawing a dataset from the catalog, restoring it, and deleting it for good.

Withdrawal is reversible: the dataset leaves search, organisation pages and feeds, no path
(rows, downloads, SQL, SDK) reads its data, its card says when and why, and the owner's
stewards may restore it. Deletion, for platform administrators, removes the catalog entries
and the lake files together: the files are moved aside, the rows deleted in one transaction,
and the files purged after the commit; if anything fails, the files go back, so there is
never an entry without its file nor a file without its entry.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from aqyl.catalog import storage
from aqyl.catalog.models import Dataset, DatasetVersion, UploadDraft
from aqyl.core import audit
from aqyl.core.actors import Actor
from aqyl.core.errors import AqylError, Conflict, InvalidInput, NotFound, PermissionDenied
from aqyl.core.permissions import require

MAX_REASON = 2000


class DatasetWithdrawn(AqylError):
    """Its data is asked for, or a change is made to it, while the dataset is withdrawn."""

    status_code = 410
    code = "withdrawn"


def withdrawn_error(dataset: Dataset) -> DatasetWithdrawn:
    moment = timezone.localtime(dataset.withdrawn_at) if dataset.withdrawn_at else None
    message = _("%(slug)s was withdrawn on %(date)s: %(reason)s") % {
        "slug": dataset.slug, "date": formats.date_format(moment, "d.m.Y") if moment else "",
        "reason": dataset.withdrawal_reason}
    return DatasetWithdrawn(message, details={
        "withdrawn_at": moment.isoformat() if moment else None,
        "reason": dataset.withdrawal_reason})


def refuse_if_withdrawn(dataset: Dataset) -> None:
    if dataset.withdrawn_at is not None:
        raise withdrawn_error(dataset)


def _refusals() -> dict[str, str]:
    return {
        "catalog.withdraw_dataset": _("Only the owner organisation's stewards and "
                                      "administrators may withdraw this dataset."),
        "catalog.restore_dataset": _("Only the owner organisation's stewards and "
                                     "administrators may restore this dataset."),
        "catalog.delete_dataset": _("Only platform administrators may delete a dataset "
                                    "permanently; its owner may withdraw it."),
    }


def require_may(actor: Actor, action: str, dataset: Dataset) -> None:
    """`require` for withdraw, restore and delete, with a refusal that says who may do it
    instead of the generic one."""
    try:
        require(actor, action, dataset)
    except PermissionDenied as exc:
        if exc.message is PermissionDenied.default_message:
            raise PermissionDenied(_refusals()[action]) from None
        raise


def _locked(dataset: Dataset) -> Dataset:
    found = (Dataset.objects.select_for_update(of=("self",)).select_related("organisation")
             .filter(pk=dataset.pk).first())
    if found is None:  # deleted meanwhile
        raise NotFound(_("No dataset %(slug)s.") % {"slug": dataset.slug})
    return found


def clean_reason(text: str | None, field: str = "reason") -> str:
    """A reason to withdraw or delete: required, and short enough to show on a page."""
    cleaned = (text or "").strip()
    if not cleaned:
        message = _("Say why: the reason is shown on the dataset's page and kept in the "
                    "audit log.")
        raise InvalidInput(message, fields={field: [message]})
    if len(cleaned) > MAX_REASON:
        message = _("Keep the reason under %(limit)s characters.") % {"limit": MAX_REASON}
        raise InvalidInput(message, fields={field: [message]})
    return cleaned


def withdraw_dataset(actor: Actor, dataset: Dataset, *, reason: str) -> Dataset:
    """Take the dataset out of the catalog, saying why; its versions stay in the lake."""
    require_may(actor, "catalog.withdraw_dataset", dataset)
    cleaned = clean_reason(reason)
    with transaction.atomic():
        locked = _locked(dataset)
        if locked.withdrawn_at is not None:
            raise Conflict(_("%(slug)s is already withdrawn.") % {"slug": locked.slug})
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor.account
        locked.withdrawal_reason = cleaned
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        audit.record(actor, "catalog.dataset.withdraw", locked,
                     details={"slug": locked.slug, "reason": cleaned})
    return locked


def restore_dataset(actor: Actor, dataset: Dataset, *, note: str = "") -> Dataset:
    """Put a withdrawn dataset back in the catalog, as it was."""
    require_may(actor, "catalog.restore_dataset", dataset)
    cleaned = (note or "").strip()[:MAX_REASON]
    with transaction.atomic():
        locked = _locked(dataset)
        if locked.withdrawn_at is None:
            raise Conflict(_("%(slug)s is not withdrawn.") % {"slug": locked.slug})
        audit.record(actor, "catalog.dataset.restore", locked,
                     details={"slug": locked.slug, "note": cleaned,
                              "withdrawn_at": locked.withdrawn_at.isoformat(),
                              "withdrawal_reason": locked.withdrawal_reason})
        locked.withdrawn_at = None
        locked.withdrawn_by = None
        locked.withdrawal_reason = ""
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return locked


def delete_dataset(actor: Actor, dataset: Dataset, *, reason: str) -> dict[str, Any]:
    """Delete the dataset, its versions, drafts, access requests and quality records, and the
    lake files no other dataset shares, all together. Returns what was removed."""
    require_may(actor, "catalog.delete_dataset", dataset)
    cleaned = clean_reason(reason)
    moved: dict[str, str] = {}
    try:
        with transaction.atomic():
            locked = _locked(dataset)
            versions = locked.versions.all()
            keys = set(versions.values_list("storage_key", flat=True))
            shared = set(DatasetVersion.objects.filter(storage_key__in=keys)
                         .exclude(dataset=locked).values_list("storage_key", flat=True))
            drafts = [str(pk) for pk in UploadDraft.objects.filter(dataset=locked)
                      .values_list("pk", flat=True)]
            summary = {"slug": locked.slug, "versions": versions.count(),
                       "rows": versions.aggregate(n=Sum("row_count"))["n"] or 0,
                       "files": len(keys - shared), "reason": cleaned}
            audit.record(actor, "catalog.dataset.delete", locked, details=summary)
            locked.delete()
            storage.set_aside(keys - shared, moved)
    except BaseException:
        storage.put_back(moved)
        raise
    storage.purge(moved)
    for draft in drafts:
        storage.remove_staging_dir(draft)
    return summary
