"""The audit log in the database: written by services, append-only, verifiable, scoped."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from aqyl.core import audit, audit_triggers
from aqyl.core.models import AppendOnlyError, AuditEntry
from tests.factories import actor, make_organisation, make_user

pytestmark = pytest.mark.django_db


def test_services_write_chained_entries() -> None:
    org = make_organisation("ministry")
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.action for e in entries] == ["accounts.organisation.create"]
    assert entries[0].organisation_id == org.pk
    assert entries[0].details == {"channel": "system", "slug": "ministry"}
    user = make_user("aigerim")
    audit.record(actor(user), "test.action", org)
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    assert last.prev_hash == AuditEntry.objects.get(seq=last.seq - 1).hash
    assert last.actor_label == "aigerim"
    assert last.client_address == "127.0.0.1"
    assert audit.verify_audit_log().ok


def test_orm_refuses_to_change_or_delete() -> None:
    make_organisation("ministry")
    entry = AuditEntry.objects.get()
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.parametrize("statement", [
    "UPDATE core_auditentry SET actor_label = 'forged'",
    "DELETE FROM core_auditentry",
])
def test_database_refuses_to_change_or_delete(statement: str) -> None:
    make_organisation("ministry")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.get().actor_label == "system"


def _drop_triggers() -> None:
    """What an attacker with database rights would do first."""
    audit_triggers.remove(connection)


def test_verification_detects_alteration_behind_the_triggers() -> None:
    for n in range(4):
        make_organisation(f"org-{n}")
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET outcome = 'denied' WHERE seq = 2")
    report = audit.verify_audit_log()
    assert not report.ok
    assert [(p.seq, p.kind) for p in report.problems] == [(2, "altered")]


def test_verification_detects_deletion_behind_the_triggers() -> None:
    for n in range(4):
        make_organisation(f"org-{n}")
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE seq = 4")
    report = audit.verify_audit_log()
    assert [p.kind for p in report.problems] == ["head-mismatch"]


def test_entries_roll_back_with_the_action() -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_organisation("ministry")
        raise RuntimeError("the action failed after writing")
    assert AuditEntry.objects.count() == before
    assert audit.verify_audit_log().ok


def test_csv_export_round_trips(two_orgs: dict[str, Any]) -> None:
    text = "".join(audit.csv_rows(AuditEntry.objects.order_by("seq")))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == AuditEntry.objects.count()
    assert rows[0]["action"] == "accounts.organisation.create"
    assert rows[-1]["hash"] == AuditEntry.objects.order_by("-seq").first().hash  # type: ignore[union-attr]


def test_organisation_auditor_sees_only_their_organisation(two_orgs: dict[str, Any]) -> None:
    visible = audit.visible_entries(actor(two_orgs["auditor_a"]))
    assert visible.exists()
    assert set(visible.values_list("organisation_id", flat=True)) == {two_orgs["a"].pk}
    steward = audit.visible_entries(actor(two_orgs["steward_a"]))
    assert not steward.exists()
    platform_auditor = make_user("inspector", platform_role="platform_auditor")
    assert audit.visible_entries(actor(platform_auditor)).count() == AuditEntry.objects.count()
