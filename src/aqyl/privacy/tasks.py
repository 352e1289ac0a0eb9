"""The worker's side: scan a version published a moment ago."""

from __future__ import annotations

from django_tasks import task

from aqyl.catalog.models import DatasetVersion


@task()
def scan_version_task(version_id: int) -> str:
    from aqyl.privacy.services import scan_version

    version = DatasetVersion.objects.filter(pk=version_id).first()
    if version is None:  # deleted before the worker came to it
        return "gone"
    return "personal data" if scan_version(version).identifiers() else "none found"
