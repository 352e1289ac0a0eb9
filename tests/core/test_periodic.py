"""Periodic chores run by the worker: each starts once per period across workers, abandoned
uploads are discarded with their files, and scores age without new uploads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from aqyl.catalog import drafts, storage
from aqyl.catalog.models import DraftStatus, UploadDraft
from aqyl.core import periodic
from aqyl.core.actors import SYSTEM
from aqyl.core.models import AuditEntry
from aqyl.quality.models import VersionProfile
from aqyl.quality.tasks import profile_version_task
from tests.factories import REGIONS_CSV, make_dataset

pytestmark = pytest.mark.django_db


def test_a_chore_starts_once_per_period() -> None:
    now = timezone.now()
    first = periodic.claim_due(now)
    assert {"catalog.discard_abandoned_uploads", "quality.rescore"} <= set(first)
    assert periodic.claim_due(now + timedelta(minutes=5)) == []
    assert periodic.claim_due(now + timedelta(hours=2)) == ["catalog.discard_abandoned_uploads"]


def test_abandoned_uploads_are_discarded_with_their_files(two_orgs: dict[str, Any],
                                                          settings: Any) -> None:
    settings.AQYL = {**settings.AQYL, "AQYL_DRAFT_RETENTION_HOURS": 24}
    old, fresh = (drafts.start_upload(SYSTEM, two_orgs["a"], filename="r.csv",
                                      chunks=[REGIONS_CSV.encode()],
                                      new_dataset={"name": n, "title_kk": n,
                                                   "sector": "health"}) for n in ("a", "b"))
    for draft in (old, fresh):
        drafts.read_draft(draft)
    UploadDraft.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert periodic.run("catalog.discard_abandoned_uploads") == 1
    assert UploadDraft.objects.get(pk=old.pk).status == DraftStatus.DISCARDED
    assert not (storage.staging_dir(str(old.pk)) / "work").exists()
    assert UploadDraft.objects.get(pk=fresh.pk).status == DraftStatus.READY
    assert AuditEntry.objects.filter(action="catalog.upload.discard").count() == 1


def test_scores_are_renewed_each_day(two_orgs: dict[str, Any]) -> None:
    version = make_dataset(two_orgs["a"], "air", update_frequency="daily",
                           csv_text="day;pm25\n01.11.2026;12\n02.11.2026;15\n")
    profile_version_task.func(version_id=version.pk)
    VersionProfile.objects.filter(version=version).update(score={})
    assert periodic.run("quality.rescore") == 1
    score = VersionProfile.objects.get(version=version).score
    currentness = next(d for d in score["dimensions"] if d["code"] == "currentness")
    assert currentness["facts"]["latest"] == "2026-11-02"
