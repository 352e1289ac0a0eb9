"""The profile of a version through the API, for readers of its data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from aqyl.catalog import selectors
from aqyl.quality import rule_services
from aqyl.quality.models import VersionProfile
from aqyl.quality.rules import parse_rules, to_yaml

router = Router(tags=["quality"])


class ProfileOut(Schema):
    dataset: str
    version: int
    status: str  # pending, running, done, failed
    progress: float
    finished_at: datetime | None
    profile: dict[str, Any] | None  # see aqyl.quality.profiles for its keys
    score: dict[str, Any] | None  # total (0-100) and dimensions; see aqyl.quality.score


@router.get("/datasets/{org}/{name}/profile", response=ProfileOut,
            summary="Column statistics of a version (latest, or ?version=N)")
def profile(request: HttpRequest, org: str, name: str, version: int | None = None
            ) -> dict[str, Any]:
    found = selectors.resolve_readable(request.auth,  # type: ignore[attr-defined]
                                       f"{org}/{name}" + (f"@{version}" if version is not None
                                                          else ""))
    stored = VersionProfile.objects.filter(version=found).first()
    return {"dataset": found.dataset.slug, "version": found.number,
            "status": stored.status if stored else "pending",
            "progress": stored.progress if stored else 0.0,
            "finished_at": stored.finished_at if stored else None,
            "profile": stored.data if stored and stored.status == "done" else None,
            "score": stored.score if stored and stored.status == "done" else None}


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
