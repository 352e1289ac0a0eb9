"""Every published version is profiled, checked against its dataset's rules and, when its
recipe applies itself, prepared, in the worker once its transaction has committed; uploads
are checked when read and before publishing."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from aqyl.catalog import signals as catalog_signals
from aqyl.catalog.models import DatasetVersion, UploadDraft
from aqyl.core.actors import Actor


@receiver(post_save, sender=DatasetVersion, dispatch_uid="aqyl.quality.profile_new_version")
def profile_new_version(sender: type[DatasetVersion], instance: DatasetVersion, created: bool,
                        **kwargs: Any) -> None:
    if created:
        from aqyl.quality.recipe_services import after_upload
        from aqyl.quality.rule_services import queue_version_rules
        from aqyl.quality.services import queue_profile

        transaction.on_commit(lambda: queue_profile(instance))
        transaction.on_commit(lambda: queue_version_rules(instance))
        transaction.on_commit(lambda: after_upload(instance))


@receiver(catalog_signals.draft_read, dispatch_uid="aqyl.quality.check_upload")
def check_upload(sender: type[UploadDraft], draft: UploadDraft, **kwargs: Any) -> None:
    from aqyl.quality.rule_services import run_draft_rules

    run_draft_rules(draft)


@receiver(catalog_signals.publishing, dispatch_uid="aqyl.quality.refuse_blocked_upload")
def refuse_blocked_upload(sender: type[UploadDraft], actor: Actor, draft: UploadDraft,
                          **kwargs: Any) -> None:
    from aqyl.quality.rule_services import refuse_if_blocked

    refuse_if_blocked(actor, draft)
