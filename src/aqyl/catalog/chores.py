"""The catalog's periodic chores (see aqyl.core.periodic)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from aqyl.catalog.drafts import discard_draft
from aqyl.catalog.models import DraftStatus, UploadDraft
from aqyl.catalog.storage import purge_old_trash
from aqyl.core.actors import SYSTEM
from aqyl.core.periodic import every


@every("catalog.discard_abandoned_uploads", timedelta(hours=1))
def discard_abandoned_uploads() -> int:
    """Uploads left unpublished for AQYL_DRAFT_RETENTION_HOURS are discarded, their staged
    files removed, as their steward could have done (and audited the same way)."""
    hours = settings.AQYL["AQYL_DRAFT_RETENTION_HOURS"]
    cutoff = timezone.now() - timedelta(hours=hours)
    abandoned = UploadDraft.objects.filter(
        created_at__lt=cutoff,
        status__in=[DraftStatus.READY, DraftStatus.FAILED, DraftStatus.READING])
    count = 0
    for draft in abandoned.select_related("organisation", "dataset"):
        discard_draft(SYSTEM, draft)
        count += 1
    return count


@every("catalog.purge_lake_trash", timedelta(days=1))
def purge_lake_trash() -> int:
    """Files of deleted datasets that a crash left set aside (see catalog.lifecycle) are
    removed a day later, when no deletion can still be using them."""
    return purge_old_trash(timedelta(days=1))
