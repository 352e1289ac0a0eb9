"""Every upload is scanned once read, and checked at the release gate before it is published;
every new version gets its scan (its upload's, or a new one in the worker)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from aqyl.catalog import signals as catalog_signals
from aqyl.catalog.models import DatasetVersion, UploadDraft
from aqyl.core.actors import Actor


@receiver(catalog_signals.draft_read, dispatch_uid="aqyl.privacy.scan_upload")
def scan_upload(sender: type[UploadDraft], draft: UploadDraft, **kwargs: Any) -> None:
    from aqyl.privacy.services import scan_draft

    scan_draft(draft)


@receiver(catalog_signals.publishing, dispatch_uid="aqyl.privacy.release_gate")
def release_gate(sender: type[UploadDraft], actor: Actor, draft: UploadDraft,
                 **kwargs: Any) -> None:
    from aqyl.privacy.services import check_release

    check_release(actor, draft)


@receiver(post_save, sender=DatasetVersion, dispatch_uid="aqyl.privacy.scan_new_version")
def scan_new_version(sender: type[DatasetVersion], instance: DatasetVersion, created: bool,
                     **kwargs: Any) -> None:
    if created:
        from aqyl.privacy.services import queue_scan

        transaction.on_commit(lambda: queue_scan(instance))
