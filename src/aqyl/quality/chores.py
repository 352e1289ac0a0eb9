"""The quality domain's periodic chores (see aqyl.core.periodic)."""

from __future__ import annotations

from datetime import timedelta

from aqyl.catalog.models import Dataset
from aqyl.core.periodic import every
from aqyl.quality.services import rescore


@every("quality.rescore", timedelta(days=1))
def rescore_latest_versions() -> int:
    """Currentness falls as days pass without an update, so every dataset's latest version is
    scored again each day (from its stored profile: no data is read)."""
    count = 0
    for dataset in Dataset.objects.all():
        latest = dataset.versions.order_by("-number").first()
        if latest is not None:
            rescore(latest)
            count += 1
    return count
