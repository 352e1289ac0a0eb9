"""The rules and recipe pages of a dataset: rules' results on the latest version, the YAML
editors for its stewards, the rules suggested from the profile, the recipe's runs with their
before/after reports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aqyl.catalog import selectors
from aqyl.core.actors import actor_from_request
from aqyl.core.errors import AqylError
from aqyl.core.permissions import can
from aqyl.quality import cross_services, recipe_services, rule_services
from aqyl.quality.models import RecipeRun
from aqyl.quality.recipe_labels import STEP_HELP, describe_step
from aqyl.quality.rule_labels import CHECK_HELP, describe_result
from aqyl.quality.rules import rules_digest, to_yaml


def rules(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    """POST `op` = save (the YAML), add (chosen suggestions) or run (again, now queued)."""
    actor = actor_from_request(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    can_change = can(actor, "catalog.change_dataset", dataset)
    text = rule_services.rules_text(dataset)
    status, error = 200, ""
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "save":
                text = request.POST.get("rules", "")
                saved = rule_services.save_rules(actor, dataset, text)
                messages.success(request, _("The rules have been saved (%(count)s) and will "
                                            "run on the latest version.")
                                 % {"count": len(saved)})
                return redirect("quality:rules", org=org, name=name)
            if op == "add":
                chosen = [int(i) for i in request.POST.getlist("suggestion") if i.isdigit()]
                rule_services.add_suggestions(actor, dataset, chosen)
                messages.success(request, _("The chosen rules have been added."))
                return redirect("quality:rules", org=org, name=name)
            if op == "run":
                rule_services.rerun_latest(actor, dataset)
                messages.success(request, _("The rules will run again in a moment."))
                return redirect("quality:rules", org=org, name=name)
        except AqylError as exc:
            if op != "save":
                messages.error(request, str(exc.message))
                return redirect("quality:rules", org=org, name=name)
            status, error = exc.status_code, str(exc.message)
    version = dataset.versions.first()
    run = rule_services.current_run(version) if version else None
    readable = can(actor, "catalog.read_data", dataset)
    context: dict[str, Any] = {
        "dataset": dataset, "version": version, "run": run, "text": text, "error": error,
        "can_change": can_change, "readable": readable,
        "current": run is not None and run.digest == rules_digest(
            rule_services.rules_text(dataset)),
        "results": [describe_result(r, readable) for r in (run.results if run else [])],
        "suggestions": [(i, to_yaml([rule])) for i, rule in
                        enumerate(rule_services.suggestions(dataset))] if can_change else [],
        "checks": CHECK_HELP,
    }
    return render(request, "quality/rules.html", context, status=status)


def recipe(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    """POST `op` = save (the YAML and whether it applies itself) or apply (queued)."""
    actor = actor_from_request(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    can_change = can(actor, "catalog.change_dataset", dataset)
    found = recipe_services.recipe_of(dataset)
    text = found.text if found else ""
    auto_apply = found.auto_apply if found else False
    status, error = 200, ""
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "save":
                text, auto_apply = request.POST.get("recipe", ""), "auto_apply" in request.POST
                recipe_services.save_recipe(actor, dataset, text, auto_apply=auto_apply)
                messages.success(request, _("The recipe has been saved."))
                return redirect("quality:recipe", org=org, name=name)
            if op == "apply":
                recipe_services.start_recipe(actor, dataset)
                messages.success(request, _("The recipe is being applied; the new version "
                                            "appears when it is done."))
                return redirect("quality:recipe", org=org, name=name)
        except AqylError as exc:
            if op != "save":
                messages.error(request, str(exc.message))
                return redirect("quality:recipe", org=org, name=name)
            status, error = exc.status_code, str(exc.message)
    readable = can(actor, "catalog.read_data", dataset)
    runs = list(RecipeRun.objects.filter(dataset=dataset).select_related("source", "result")
                [:20]) if readable else []
    context: dict[str, Any] = {
        "dataset": dataset, "text": text, "auto_apply": auto_apply, "error": error,
        "can_change": can_change, "readable": readable, "help": STEP_HELP,
        "runs": [{"run": run, "error": recipe_services.error_message(run)
                  if run.status == "failed" else "",
                  "steps": [describe_step(s, readable)
                            for s in (run.report or {}).get("steps", [])]} for run in runs],
    }
    return render(request, "quality/recipe.html", context, status=status)


def overview(request: HttpRequest) -> HttpResponseBase:
    """The operator's view: each organisation's published data by quality, worst first."""
    actor = actor_from_request(request)
    return render(request, "quality/overview.html",
                  {"rows": cross_services.overview(actor)})


def compare(request: HttpRequest) -> HttpResponseBase:
    """Two datasets compared on a shared key (GET, so a comparison can be linked)."""
    actor = actor_from_request(request)
    fields = {name: request.GET.get(name, "").strip() for name in ("a", "b", "key", "key_b")}
    result, error, status = None, "", 200
    if fields["a"] and fields["b"] and fields["key"]:
        try:
            result = cross_services.compare_datasets(actor, fields["a"], fields["b"],
                                                     fields["key"], fields["key_b"])
        except AqylError as exc:
            error, status = str(exc.message), exc.status_code
    return render(request, "quality/compare.html",
                  {"fields": fields, "result": result, "error": error}, status=status)
