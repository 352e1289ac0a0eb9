"""The worker's side: profile a version published a moment ago."""

from __future__ import annotations

from django_tasks import task

from aqyl.catalog.models import DatasetVersion
from aqyl.quality.services import profile_version


@task()
def profile_version_task(version_id: int) -> str:
    version = DatasetVersion.objects.filter(pk=version_id).first()
    if version is None:  # deleted before the worker came to it
        return "gone"
    return profile_version(version).status


@task()
def run_version_rules_task(version_id: int) -> str:
    from aqyl.quality.rule_services import run_version_rules

    version = DatasetVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "gone"
    return run_version_rules(version).status


@task()
def apply_recipe_task(run_id: int) -> str:
    from aqyl.quality.models import RecipeRun
    from aqyl.quality.recipe_services import execute

    run = RecipeRun.objects.select_related("dataset", "source").filter(pk=run_id).first()
    if run is None:
        return "gone"
    return execute(run).status
