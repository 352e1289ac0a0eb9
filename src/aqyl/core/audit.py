"""Writing and reading the append-only, hash-chained audit log."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from aqyl.core.actors import Actor
from aqyl.core.audit_chain import GENESIS_HASH, ChainReport, entry_hash, verify_chain
from aqyl.core.models import AuditChainHead, AuditEntry, Outcome


@dataclass(frozen=True)
class ObjectRef:
    object_type: str = ""
    object_id: str = ""
    organisation_id: int | None = None


def describe(obj: Any) -> ObjectRef:
    """How an object is named in the log, and which organisation it belongs to."""
    if obj is None:
        return ObjectRef()
    if isinstance(obj, ObjectRef):
        return obj
    if getattr(obj, "is_anonymous", False):
        return ObjectRef("accounts.user", "anonymous")
    if isinstance(obj, models.Model):
        meta = obj._meta
        org_id = getattr(obj, "organisation_id", None)
        if meta.label == "accounts.Organisation":
            org_id = obj.pk
        return ObjectRef(meta.label_lower, str(obj.pk), org_id)
    return ObjectRef(type(obj).__name__, str(obj))


def record(
    actor: Actor,
    action: str,
    obj: Any = None,
    *,
    outcome: str = Outcome.SUCCESS,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry, chained to the previous one. Joins the caller's transaction, so an
    action and its entry are committed (or rolled back) together."""
    ref = describe(obj)
    user = actor.user if actor.is_authenticated else None
    with transaction.atomic():
        # The head row comes with the migrations; recreating it if missing (a flushed test
        # database) makes a tampered log fail loudly on the unique `seq` instead.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        entry = AuditEntry(
            seq=head.last_seq + 1,
            created_at=timezone.now(),
            actor_id=user.pk if user is not None else None,
            actor_label=actor.label[:200],
            action=action,
            object_type=ref.object_type,
            object_id=ref.object_id[:200],
            organisation_id=ref.organisation_id,
            outcome=outcome,
            client_address=actor.client_address,
            details={"channel": actor.channel, **(details or {})},
            prev_hash=head.last_hash,
        )
        entry.hash = entry_hash(head.last_hash, entry.chained_fields())
        entry.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_seq=entry.seq, last_hash=entry.hash)
    return entry


def record_denial(actor: Actor, action: str, obj: Any = None) -> None:
    record(actor, action, obj, outcome=Outcome.DENIED)


def verify_audit_log(
    *, progress: Callable[[int, int], None] | None = None, batch: int = 5000
) -> ChainReport:
    """Recompute the whole chain from the database and compare it with the chain head."""
    head = AuditChainHead.objects.filter(pk=1).first()
    total = AuditEntry.objects.count()

    def entries() -> Iterator[dict[str, Any]]:
        entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=batch)
        for done, entry in enumerate(entries, start=1):
            yield entry.chained_fields()
            if progress is not None and (done % batch == 0 or done == total):
                progress(done, total)

    if head is None:  # someone deleted the head: compare against an empty log
        return verify_chain(entries(), head_seq=0, head_hash=GENESIS_HASH)
    return verify_chain(entries(), head_seq=head.last_seq, head_hash=head.last_hash)


def visible_entries(actor: Actor) -> QuerySet[AuditEntry]:
    """Entries the actor may read: all for platform admins and auditors; for organisation
    admins and auditors, those that concern their organisations."""
    from aqyl.accounts.selectors import organisations_where

    user: Any = actor.user
    qs = AuditEntry.objects.all()
    if actor.channel == "system" or user.is_platform_admin or user.is_platform_auditor:
        return qs
    org_ids = organisations_where(user, roles=("org_admin", "auditor"))
    return qs.filter(organisation_id__in=org_ids)


def filter_entries(
    qs: QuerySet[AuditEntry],
    *,
    action: str = "",
    actor: str = "",
    outcome: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEntry]:
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_label=actor)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if since:
        qs = qs.filter(created_at__gte=since)
    if until:
        qs = qs.filter(created_at__lt=until)
    return qs


CSV_COLUMNS = (
    "seq", "created_at", "actor_label", "action", "object_type", "object_id",
    "organisation_id", "outcome", "client_address", "details", "prev_hash", "hash",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(entries: Iterable[AuditEntry]) -> Iterator[str]:
    """CSV lines, streamed, in the order given; hashes included so the export can be verified."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in entries:
        fields = entry.chained_fields()
        yield writer.writerow(
            [
                fields["seq"], fields["created_at"], fields["actor_label"], fields["action"],
                fields["object_type"], fields["object_id"], fields["organisation_id"] or "",
                fields["outcome"], fields["client_address"],
                json.dumps(fields["details"], ensure_ascii=False, sort_keys=True),
                fields["prev_hash"], fields["hash"],
            ]
        )

