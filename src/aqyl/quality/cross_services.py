"""Quality across datasets and organisations: two datasets compared on a shared key, and the
operator's overview of every organisation's published data."""

from __future__ import annotations

from collections import defaultdict
from contextlib import ExitStack
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from aqyl.accounts.models import Organisation
from aqyl.catalog import selectors, services
from aqyl.catalog.models import Dataset
from aqyl.core.actors import Actor
from aqyl.core.errors import InvalidInput
from aqyl.core.permissions import require
from aqyl.quality.key_match import KeyMatchError, match_keys
from aqyl.quality.models import ProfileStatus, RuleRun, VersionProfile
from aqyl.quality.services import local_copy

STALE = 0.5  # currentness below this: more than about two promised updates missed


def compare_datasets(actor: Actor, slug_a: str, slug_b: str, key_a: str,
                     key_b: str = "") -> dict[str, Any]:
    """Both datasets must be readable by the caller; reads of restricted data are audited."""
    versions = [selectors.resolve_readable(actor, slug) for slug in (slug_a, slug_b)]
    try:
        with ExitStack() as stack:
            paths = [stack.enter_context(local_copy(v)) for v in versions]
            result = match_keys(paths[0], paths[1], key_a, key_b or key_a)
    except KeyMatchError as exc:
        version = versions[0] if exc.params.get("side") != "b" else versions[1]
        raise InvalidInput(_("Dataset %(slug)s has no column %(column)s. Its columns: "
                             "%(columns)s.") % {
            "slug": version.dataset.slug, "column": exc.params["column"],
            "columns": exc.params.get("columns") or ", ".join(version.column_names)},
            details={"code": exc.code}) from exc
    for version, other in zip(versions, reversed(versions), strict=True):
        services.record_read(actor, "quality.compare", version.dataset, version,
                             compared_with=other.dataset.slug)
    return {"a": versions[0].dataset.slug, "version_a": versions[0].number,
            "b": versions[1].dataset.slug, "version_b": versions[1].number,
            "key_a": key_a, "key_b": key_b or key_a, **result.to_json()}


def overview(actor: Actor) -> list[dict[str, Any]]:
    """Per organisation, the latest versions' scores and what pulls them down: platform roles
    see every organisation, others the organisations they belong to."""
    require(actor, "quality.view_overview")
    user: Any = actor.user
    datasets = Dataset.objects.select_related("organisation")
    if not (user.is_platform_admin or user.is_platform_auditor):
        datasets = datasets.filter(Q(organisation__memberships__user=user)).distinct()
    latest: dict[int, VersionProfile] = {}
    for found in VersionProfile.objects.filter(
            version__dataset__in=datasets, status=ProfileStatus.DONE
    ).select_related("version").order_by("version__dataset_id", "-version__number"):
        latest.setdefault(found.version.dataset_id, found)
    runs = RuleRun.objects.filter(version_id__in=[p.version_id for p in latest.values()],
                                  status=ProfileStatus.DONE)
    failing = {run.version.dataset_id for run in runs.select_related("version")
               if run.version is not None and run.blocking}
    rows: dict[int, dict[str, Any]] = defaultdict(lambda: {
        "datasets": 0, "assessed": 0, "scores": [], "stale": [], "incomplete": [],
        "duplicated": [], "failing": []})
    names: dict[int, Organisation] = {}
    for dataset in datasets:
        names[dataset.organisation_id] = dataset.organisation
        row = rows[dataset.organisation_id]
        row["datasets"] += 1
        profile = latest.get(dataset.pk)
        if profile is None or not profile.score.get("dimensions"):
            continue
        row["assessed"] += 1
        if profile.score.get("total") is not None:
            row["scores"].append(profile.score["total"])
        dims = {d["code"]: d["value"] for d in profile.score["dimensions"]}
        for code, bucket, worse in (("currentness", "stale", STALE),
                                    ("completeness", "incomplete", 0.9),
                                    ("uniqueness", "duplicated", 1.0)):
            if dims.get(code) is not None and dims[code] < worse:
                row[bucket].append(dataset.slug)
        if dataset.pk in failing:
            row["failing"].append(dataset.slug)
    result = []
    for org_id, row in rows.items():
        scores = row.pop("scores")
        result.append({"organisation": names[org_id].slug, "name": names[org_id].name,
                       "mean_score": round(sum(scores) / len(scores), 1) if scores else None,
                       **row})
    return sorted(result, key=lambda r: (r["mean_score"] is None, r["mean_score"] or 0))
