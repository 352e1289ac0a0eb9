"""Quality through the API: profiles, rules, recipes, comparisons and the overview."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from aqyl.catalog import selectors
from aqyl.core.permissions import can
from aqyl.quality import cross_services, recipe_services, rule_services
from aqyl.quality.models import RecipeRun, VersionProfile
from aqyl.quality.profiles import counts_only
from aqyl.quality.recipes import parse_recipe
from aqyl.quality.rules import parse_rules, to_yaml

router = Router(tags=["quality"])


class ProfileOut(Schema):
    dataset: str
    version: int
    status: str  # pending, running, done, failed
    progress: float
    finished_at: datetime | None
    profile: dict[str, Any] | None  # see aqyl.quality.profiles; counts only without read access
    values_included: bool  # ranges, top values, histograms, patterns, correlations
    score: dict[str, Any] | None  # total (0-100) and dimensions; see aqyl.quality.score


@router.get("/datasets/{org}/{name}/profile", response=ProfileOut,
            summary="Column statistics of a version (latest, or ?version=N); as on the card, "
                    "values only for readers of the data")
def profile(request: HttpRequest, org: str, name: str, version: int | None = None
            ) -> dict[str, Any]:
    actor = request.auth  # type: ignore[attr-defined]
    slug = f"{org}/{name}" + (f"@{version}" if version is not None else "")
    _org, _name, number = selectors.parse_slug(slug)  # @0 is refused, not the latest
    dataset = selectors.get_dataset(actor, slug)
    found = selectors.get_version(dataset, number)
    readable = can(actor, "catalog.read_data", dataset)
    stored = VersionProfile.objects.filter(version=found).first()
    done = stored is not None and stored.status == "done"
    return {"dataset": dataset.slug, "version": found.number,
            "status": stored.status if stored else "pending",
            "progress": stored.progress if stored else 0.0,
            "finished_at": stored.finished_at if stored else None,
            "profile": (stored.data if readable else counts_only(stored.data))
            if stored and done else None,
            "values_included": readable,
            "score": stored.score if stored and done else None}


class RulesIn(Schema):
    yaml: str  # the rules as YAML: a list of checks (see docs/quality.md)


class RulesOut(Schema):
    dataset: str
    yaml: str
    rules: list[dict[str, Any]]
    suggested: str  # YAML of rules drafted from the latest profile, not yet adopted


class RuleRunOut(Schema):
    dataset: str
    version: int
    status: str  # none (no rules), pending, running, done, failed
    current: bool  # computed with the dataset's current rules
    blocking: int  # failing critical rules
    results: list[dict[str, Any]]


def _rules_out(dataset: Any) -> dict[str, Any]:
    text = rule_services.rules_text(dataset)
    return {"dataset": dataset.slug, "yaml": text,
            "rules": [rule.to_dict() for rule in parse_rules(text)],
            "suggested": to_yaml(rule_services.suggestions(dataset))}


@router.get("/datasets/{org}/{name}/rules", response=RulesOut,
            summary="The dataset's rules and the rules suggested from its profile")
def get_rules(request: HttpRequest, org: str, name: str) -> dict[str, Any]:
    return _rules_out(selectors.get_dataset(request.auth,  # type: ignore[attr-defined]
                                            f"{org}/{name}"))


@router.put("/datasets/{org}/{name}/rules", response=RulesOut,
            summary="Replace the dataset's rules (stewards); they run on the latest version")
def put_rules(request: HttpRequest, org: str, name: str, payload: RulesIn) -> dict[str, Any]:
    dataset = selectors.get_dataset(request.auth, f"{org}/{name}")  # type: ignore[attr-defined]
    rule_services.save_rules(request.auth, dataset, payload.yaml)  # type: ignore[attr-defined]
    return _rules_out(dataset)


@router.get("/datasets/{org}/{name}/rules/results", response=RuleRunOut,
            summary="The rules' results on a version (latest, or ?version=N), with failing "
                    "sample rows")
def rule_results(request: HttpRequest, org: str, name: str, version: int | None = None
                 ) -> dict[str, Any]:
    found = selectors.resolve_readable(request.auth,  # type: ignore[attr-defined]
                                       f"{org}/{name}" + (f"@{version}" if version is not None
                                                          else ""))
    return rule_services.run_summary(found)


class RecipeIn(Schema):
    yaml: str  # the steps as YAML (see docs/quality.md)
    auto_apply: bool = False  # prepare every new upload with it


class RecipeOut(Schema):
    dataset: str
    yaml: str
    auto_apply: bool
    steps: list[dict[str, Any]]


class RecipeRunOut(Schema):
    id: int
    dataset: str
    source_version: int
    result_version: int | None
    status: str  # pending, running, done, failed
    progress: float
    report: dict[str, Any] | None  # per step: rows before and after, what changed
    error: str | None
    created_at: datetime
    finished_at: datetime | None


def _recipe_out(dataset: Any) -> dict[str, Any]:
    recipe = recipe_services.recipe_of(dataset)
    text = recipe.text if recipe else ""
    return {"dataset": dataset.slug, "yaml": text,
            "auto_apply": recipe.auto_apply if recipe else False,
            "steps": [step.to_dict() for step in parse_recipe(text)]}


@router.get("/datasets/{org}/{name}/recipe", response=RecipeOut,
            summary="The dataset's preparation recipe")
def get_recipe(request: HttpRequest, org: str, name: str) -> dict[str, Any]:
    return _recipe_out(selectors.get_dataset(request.auth,  # type: ignore[attr-defined]
                                             f"{org}/{name}"))


@router.put("/datasets/{org}/{name}/recipe", response=RecipeOut,
            summary="Replace the dataset's preparation recipe (stewards)")
def put_recipe(request: HttpRequest, org: str, name: str, payload: RecipeIn
               ) -> dict[str, Any]:
    dataset = selectors.get_dataset(request.auth, f"{org}/{name}")  # type: ignore[attr-defined]
    recipe_services.save_recipe(request.auth, dataset, payload.yaml,  # type: ignore[attr-defined]
                                auto_apply=payload.auto_apply)
    return _recipe_out(dataset)


@router.post("/datasets/{org}/{name}/recipe/runs", response={202: RecipeRunOut},
             summary="Apply the recipe to the latest version; the result is a new version")
def apply_recipe(request: HttpRequest, org: str, name: str) -> Status[Any]:
    dataset = selectors.get_dataset(request.auth, f"{org}/{name}")  # type: ignore[attr-defined]
    run = recipe_services.start_recipe(request.auth, dataset)  # type: ignore[attr-defined]
    return Status(202, recipe_services.run_out(run))


@router.get("/datasets/{org}/{name}/recipe/runs", response=list[RecipeRunOut],
            summary="The recipe's applications, newest first, with their reports")
def recipe_runs(request: HttpRequest, org: str, name: str) -> list[dict[str, Any]]:
    dataset = selectors.get_dataset(request.auth, f"{org}/{name}",  # type: ignore[attr-defined]
                                    action="catalog.read_data")
    return [recipe_services.run_out(run) for run in
            RecipeRun.objects.filter(dataset=dataset).select_related(
                "dataset__organisation", "source", "result")[:50]]


class CompareOut(Schema):
    a: str
    version_a: int
    b: str
    version_b: int
    key_a: str
    key_b: str
    keys_a: int  # distinct non-empty keys
    keys_b: int
    matched: int
    only_a: int
    only_b: int
    repeated_a: int  # keys on more than one row
    repeated_b: int
    empty_a: int  # rows without a key
    empty_b: int
    attributes: list[dict[str, Any]]  # a, b, conflicts, share, samples [key, value a, value b]
    samples_only_a: list[Any]
    samples_only_b: list[Any]


@router.get("/quality/compare", response=CompareOut,
            summary="Two datasets you may read compared on a shared key (IIN, BIN, KATO…)")
def compare(request: HttpRequest, a: str, b: str, key: str, key_b: str = "") -> dict[str, Any]:
    return cross_services.compare_datasets(request.auth, a, b, key,  # type: ignore[attr-defined]
                                           key_b)


class OverviewRow(Schema):
    organisation: str
    name: str  # in the caller's language
    datasets: int
    assessed: int
    mean_score: float | None
    stale: list[str]
    incomplete: list[str]
    duplicated: list[str]
    failing: list[str]  # datasets whose latest version fails a critical rule


@router.get("/quality/overview", response=list[OverviewRow],
            summary="Quality by organisation (all of them for platform roles)")
def quality_overview(request: HttpRequest) -> list[dict[str, Any]]:
    return cross_services.overview(request.auth)  # type: ignore[attr-defined]
