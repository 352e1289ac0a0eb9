"""Every published version is profiled in the worker once its transaction has committed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from aqyl.catalog.models import DatasetVersion


@receiver(post_save, sender=DatasetVersion, dispatch_uid="aqyl.quality.profile_new_version")
def profile_new_version(sender: type[DatasetVersion], instance: DatasetVersion, created: bool,
                        **kwargs: Any) -> None:
    if created:
        from aqyl.quality.services import queue_profile

        transaction.on_commit(lambda: queue_profile(instance))
