"""Profiling a published version: queued when it is published, run by the worker, stored."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils import timezone

from aqyl.catalog import storage
from aqyl.catalog.downloads import open_version
from aqyl.catalog.models import Dataset, DatasetVersion
from aqyl.quality.models import ProfileStatus, VersionProfile
from aqyl.quality.profiler import profile_parquet
from aqyl.quality.score import score_profile

logger = logging.getLogger(__name__)


def queue_profile(version: DatasetVersion) -> VersionProfile:
    """Record that the version waits for its profile and hand it to the worker."""
    from aqyl.quality.tasks import profile_version_task

    found, _created = VersionProfile.objects.get_or_create(version=version)
    profile_version_task.enqueue(version_id=version.pk)
    return found


def profile_version(version: DatasetVersion) -> VersionProfile:
    """Compute and store the version's profile; a failure is stored too, never half a profile."""
    found, _created = VersionProfile.objects.get_or_create(version=version)
    VersionProfile.objects.filter(pk=found.pk).update(status=ProfileStatus.RUNNING, progress=0.0,
                                                      error="")

    def progress(fraction: float) -> None:
        VersionProfile.objects.filter(pk=found.pk).update(progress=fraction)

    try:
        with local_copy(version) as path:
            result = profile_parquet(path, progress=progress)
    except Exception as exc:  # stored for the operator; users see a translated sentence
        logger.exception("profiling %s failed", version)
        VersionProfile.objects.filter(pk=found.pk).update(
            status=ProfileStatus.FAILED, finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000])
    else:
        VersionProfile.objects.filter(pk=found.pk).update(
            status=ProfileStatus.DONE, progress=1.0, data=result.to_json(),
            finished_at=timezone.now(), error="")
        rescore(version)
    found.refresh_from_db()
    return found


def rescore(version: DatasetVersion) -> None:
    """Score the version from its profile and its rules' results (accuracy comes from the
    rules that check reference values); the catalog's quality facet follows the latest."""
    from aqyl.quality.models import RuleRun

    found = VersionProfile.objects.filter(version=version, status=ProfileStatus.DONE).first()
    if found is None:
        return
    run = RuleRun.objects.filter(version=version, status=ProfileStatus.DONE).first()
    score = score_profile(found.data, today=timezone.localdate(),
                          published=timezone.localdate(version.created_at),
                          update_frequency=version.dataset.update_frequency,
                          rule_results=run.results if run else [])
    VersionProfile.objects.filter(pk=found.pk).update(score=score.to_json())
    newest = version.dataset.versions.order_by("-number").values_list("pk", flat=True)[:1]
    if version.pk in list(newest):
        Dataset.objects.filter(pk=version.dataset_id).update(quality_score=score.total)


@contextmanager
def local_copy(version: DatasetVersion) -> Iterator[str]:
    """The version's Parquet file on local disk: the lake's own file when the lake is a
    folder, else a temporary copy removed afterwards (DuckDB reads local files only here)."""
    local = storage.lake().local_path(version.storage_key)
    if local is not None:
        yield str(local)
        return
    folder = tempfile.mkdtemp(prefix="aqyl-profile-")
    try:
        target = Path(folder) / "data.parquet"
        with open_version(version) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        yield str(target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
