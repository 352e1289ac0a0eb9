"""A dataset's preparation recipe: written by its stewards, applied by the worker to the
latest version, and again to each new upload; every application publishes a new version
(checked by the rules like an upload) and keeps its before/after report."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aqyl.catalog import drafts
from aqyl.catalog.models import Dataset, DatasetVersion
from aqyl.core import audit
from aqyl.core.actors import SYSTEM, Actor
from aqyl.core.errors import AqylError, Conflict
from aqyl.core.permissions import require
from aqyl.quality.models import DatasetRecipe, ProfileStatus, RecipeRun
from aqyl.quality.recipe_run import run_recipe
from aqyl.quality.recipes import parse_recipe, validate_recipe
from aqyl.quality.rule_messages import rule_error, rule_message
from aqyl.quality.rule_services import blocked_message
from aqyl.quality.rules import RuleError
from aqyl.quality.services import local_copy

logger = logging.getLogger(__name__)


def recipe_of(dataset: Dataset) -> DatasetRecipe | None:
    return DatasetRecipe.objects.filter(dataset=dataset).first()


def recipe_source(dataset: Dataset) -> DatasetVersion | None:
    """The version a recipe applies to: the latest one uploaded, not one a recipe made."""
    for version in dataset.versions.order_by("-number"):
        if not version.understood.get("recipe_run"):
            return version
    return None


def save_recipe(actor: Actor, dataset: Dataset, text: str, *, auto_apply: bool = False
                ) -> DatasetRecipe:
    """Store the recipe once it parses and fits the columns of the version it applies to."""
    require(actor, "catalog.change_dataset", dataset)
    text = text.replace("\r\n", "\n")  # as typed in a browser's text box
    try:
        steps = parse_recipe(text)
        source = recipe_source(dataset)
        if source is not None:
            validate_recipe(steps, {c["name"]: c["type"] for c in source.schema})
    except RuleError as exc:
        raise rule_error(exc) from exc
    with transaction.atomic():
        recipe, _created = DatasetRecipe.objects.update_or_create(
            dataset=dataset, defaults={"text": text, "auto_apply": auto_apply,
                                       "updated_by": actor.account})
        audit.record(actor, "quality.recipe.change", dataset,
                     details={"steps": len(steps), "auto_apply": auto_apply})
    return recipe


def start_recipe(actor: Actor, dataset: Dataset) -> RecipeRun:
    """Queue the recipe on the latest uploaded version; the worker publishes the result."""
    require(actor, "catalog.change_dataset", dataset)
    run = _new_run(actor, dataset)
    from aqyl.quality.tasks import apply_recipe_task

    transaction.on_commit(lambda: apply_recipe_task.enqueue(run_id=run.pk))
    return run


def _new_run(actor: Actor, dataset: Dataset) -> RecipeRun:
    recipe = recipe_of(dataset)
    if recipe is None or not parse_recipe(recipe.text):
        raise Conflict(_("This dataset has no preparation recipe yet."))
    source = recipe_source(dataset)
    if source is None:
        raise Conflict(_("%(slug)s has no versions yet.") % {"slug": dataset.slug})
    return RecipeRun.objects.create(dataset=dataset, source=source, text=recipe.text,
                                    created_by=actor.account)


def apply_now(actor: Actor, dataset: Dataset) -> RecipeRun:
    """Apply the recipe in this process (the CLI), as the worker would."""
    require(actor, "catalog.change_dataset", dataset)
    return execute(_new_run(actor, dataset), actor)


def after_upload(version: DatasetVersion) -> None:
    """A new uploaded version of a dataset whose recipe applies itself is prepared in turn
    (versions the recipe made are not prepared again)."""
    if version.understood.get("recipe_run"):
        return
    recipe = recipe_of(version.dataset)
    if recipe is None or not recipe.auto_apply or not parse_recipe(recipe.text):
        return
    from aqyl.quality.tasks import apply_recipe_task

    run = RecipeRun.objects.create(dataset=version.dataset, source=version, text=recipe.text,
                                   created_by=recipe.updated_by)
    apply_recipe_task.enqueue(run_id=run.pk)


def execute(run: RecipeRun, actor: Actor | None = None) -> RecipeRun:
    """Run the recipe on its source version and publish the result as the next version. A
    failure (a step that cannot run, a critical rule) is stored; nothing is published."""
    if actor is None:  # the worker acts for whoever started the run, with their rights
        owner = run.created_by or run.dataset.steward
        actor = Actor(user=owner, channel="worker") if owner else SYSTEM
    RecipeRun.objects.filter(pk=run.pk).update(status=ProfileStatus.RUNNING)
    report: dict[str, Any] = {}

    def progress(fraction: float) -> None:
        RecipeRun.objects.filter(pk=run.pk).update(progress=fraction)

    def produce(target: Path) -> dict[str, Any]:
        steps = parse_recipe(run.text)
        with local_copy(run.source) as source, tempfile.TemporaryDirectory() as work:
            report.update(run_recipe(source, str(target), steps, work_dir=work,
                                     progress=progress).to_json())
        return {"recipe_run": run.pk, "from_version": run.source.number}

    try:
        if recipe_source(run.dataset) != run.source:
            raise Conflict(_("A newer version has been uploaded since; apply the recipe to it "
                             "instead."))
        version = drafts.derive_version(
            actor, run.dataset, source_name=f"recipe ← {run.dataset.slug}@{run.source.number}",
            note="",  # the card says so in the reader's language, from `understood`
            produce=produce)
    except RuleError as exc:
        _failed(run, {"code": exc.code, "rule": exc.rule, **exc.params})
    except AqylError as exc:
        _failed(run, {"blocking_rules": exc.details["blocking_rules"]}
                if "blocking_rules" in exc.details else {"message": str(exc.message)})
    except Exception as exc:  # stored for the operator; users see a translated sentence
        logger.exception("recipe run %s failed", run.pk)
        _failed(run, {"internal": f"{type(exc).__name__}: {exc}"[:2000]})
    else:
        RecipeRun.objects.filter(pk=run.pk).update(
            status=ProfileStatus.DONE, progress=1.0, result=version, report=report,
            finished_at=timezone.now())
        audit.record(actor, "quality.recipe.apply", run.dataset,
                     details={"from": run.source.number, "to": version.number,
                              "rows": report.get("rows_after")})
    run.refresh_from_db()
    return run


def _failed(run: RecipeRun, error: dict[str, Any]) -> None:
    RecipeRun.objects.filter(pk=run.pk).update(status=ProfileStatus.FAILED, error=error,
                                               finished_at=timezone.now())


def error_message(run: RecipeRun) -> str:
    """Why a run failed, in the reader's language."""
    error = run.error or {}
    if "code" in error:
        params = {k: v for k, v in error.items() if k not in ("code", "rule")}
        params.setdefault("columns", "…")
        params.setdefault("steps", "…")
        return rule_message(error["code"], error.get("rule"), as_step=True, **params)
    if "blocking_rules" in error:
        return blocked_message(error["blocking_rules"])
    if "message" in error:
        return str(error["message"])
    return _("The recipe could not be applied. The operator has been told in the server log.")


def run_out(run: RecipeRun) -> dict[str, Any]:
    """A run as the API and the CLI give it."""
    return {"id": run.pk, "dataset": run.dataset.slug, "source_version": run.source.number,
            "result_version": run.result.number if run.result else None,
            "status": run.status, "progress": run.progress, "report": run.report or None,
            "error": error_message(run) if run.status == ProfileStatus.FAILED else None,
            "created_at": run.created_at, "finished_at": run.finished_at}
