"""The statistics block of a dataset card, rendered from the version's stored profile."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from aqyl.catalog.models import DatasetVersion
from aqyl.quality.models import VersionProfile

register = template.Library()
BAR_COLUMNS = 20  # values of a histogram or top list shown as bars
MATRIX_COLUMNS = 12  # columns of a correlation or missingness heat map


@register.inclusion_tag("quality/_profile.html")
def version_profile(version: DatasetVersion | None, readable: bool) -> dict[str, Any]:
    """Counts are shown to everyone who sees the card; values (ranges, top values) only to
    those who may read the data, as the rows are."""
    found = (VersionProfile.objects.filter(version=version).first()
             if version is not None else None)
    if found is None or found.status != "done":
        return {"profile": found, "columns": [], "readable": readable}
    data = found.data
    rows = data["rows"] or 1
    columns = [_column(column, rows) for column in data["columns"]]
    trend = list(VersionProfile.objects.filter(version__dataset_id=found.version.dataset_id,
                                               status="done")
                 .order_by("version__number").values_list("version__number", "score"))
    return {"profile": found, "data": data, "columns": columns, "readable": readable,
            "missing": [(c["name"], c["null_share"]) for c in columns if c["null_share"]],
            "heatmaps": [
                (_("Correlations"), _matrix(data["correlations"], lambda v: v), "correlations",
                 _("Pearson correlation of each pair of numeric columns, from -1 to 1.")),
                (_("Missing together"),
                 _matrix(data["missing_together"], lambda v: v / rows), "missing-together",
                 _("Rows where both columns are empty; the diagonal: each column's empty "
                   "cells."))],
            "duplicate_share": 100 * data["duplicate_rows"] / rows,
            "score": found.score.get("total"),
            "dimensions": [_dimension(d) for d in found.score.get("dimensions", [])],
            "trend": [(number, score.get("total")) for number, score in trend
                      if score.get("total") is not None]}


DIMENSIONS = {
    "completeness": (_("Completeness"), _(
        "%(missing)s of %(cells)s cells are empty (null or blank).")),
    "uniqueness": (_("Uniqueness"), _(
        "%(duplicates)s of %(rows)s rows repeat an earlier row exactly.")),
    "validity": (_("Validity"), _(
        "Share of values that pass their checks (IIN/BIN checksums, KATO codes, e-mail, "
        "phone and URL forms, finite numbers) in: %(columns)s.")),
    "consistency": (_("Consistency"), _(
        "Share of values written in their column's most common shape in: %(columns)s.")),
    "currentness": (_("Currentness"), _(
        "The newest date is %(latest)s, %(age_days)s days ago; the dataset promises an update "
        "every %(period_days)s days. Full marks within one period, none after four.")),
    "accuracy": (_("Accuracy"), _(
        "Share of values found in their reference list or dataset, by the rules that check "
        "%(columns)s against reference values (%(failed)s values not found).")),
}
NOT_MEASURED = _("Not measured: the data gives nothing to measure it on.")
NOT_ACCURACY = _("Not measured: no rule checks this dataset against reference values (a "
                 "reference list such as KATO, or another dataset).")


def _dimension(dimension: dict[str, Any]) -> dict[str, Any]:
    label, explained = DIMENSIONS[dimension["code"]]
    facts = dict(dimension["facts"])
    if "columns" in facts:
        facts["columns"] = ", ".join(facts["columns"])
    if dimension["value"] is not None:
        text = str(explained) % facts
    else:
        text = str(NOT_ACCURACY if dimension["code"] == "accuracy" else NOT_MEASURED)
    return {**dimension, "label": label, "text": text,
            "percent": None if dimension["value"] is None else 100 * dimension["value"]}


def _column(column: dict[str, Any], rows: int) -> dict[str, Any]:
    bars: list[tuple[str, int, float]] = []
    numeric, temporal = column.get("numeric"), column.get("temporal")
    if numeric and numeric.get("histogram"):
        edges, counts = numeric["histogram"]["edges"], numeric["histogram"]["counts"]
        bars = [(f"{_short(edges[i])} – {_short(edges[i + 1])}", count, 0.0)
                for i, count in enumerate(counts)]
    elif temporal and temporal.get("histogram"):
        hist = temporal["histogram"]
        bars = [(period, count, 0.0) for period, count in zip(hist["periods"], hist["counts"],
                                                              strict=True)][-BAR_COLUMNS:]
    elif column.get("top_values"):
        bars = [(str(item["value"]), item["count"], 0.0)
                for item in column["top_values"][:BAR_COLUMNS // 2]]
    tallest = max((count for _, count, _ in bars), default=0) or 1
    return {**column, "null_share": 100 * column["nulls"] / rows,
            "bars": [(label, count, 100 * count / tallest) for label, count, _ in bars]}


def _matrix(matrix: dict[str, Any], scale: Any) -> dict[str, Any] | None:
    """A heat map of at most MATRIX_COLUMNS columns: each cell's value and its shade (0-1,
    as CSS reads it whatever the language's decimal mark)."""
    names = matrix["columns"][:MATRIX_COLUMNS]
    if len(names) < 2:
        return None
    rows = [(name, [(value, None if value is None else f"{min(1.0, abs(scale(value))):.2f}")
                    for value in row[:MATRIX_COLUMNS]])
            for name, row in zip(names, matrix["values"], strict=False)]
    return {"columns": names, "rows": rows}


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


@register.inclusion_tag("quality/_rules_summary.html")
def version_rules(dataset: Any, version: DatasetVersion | None, readable: bool,
                  can_change: bool) -> dict[str, Any]:
    """How the latest rules fared on the version, with a link to the rules page."""
    from aqyl.quality.rule_labels import describe_result
    from aqyl.quality.rule_services import current_run

    run = current_run(version) if version is not None else None
    results = run.results if run and run.status == "done" else []
    return {"dataset": dataset, "run": run, "can_change": can_change,
            "passed": sum(r["status"] == "pass" for r in results),
            "failing": [describe_result(r, readable) for r in results if r["status"] != "pass"]}


@register.inclusion_tag("quality/_draft_rules.html")
def draft_rules(draft: Any) -> dict[str, Any]:
    """The dataset's rules on an upload waiting to be published: the steward reads them."""
    from aqyl.quality.rule_labels import describe_result
    from aqyl.quality.rule_services import current_run

    run = current_run(draft)
    results = run.results if run and run.status == "done" else []
    return {"run": run, "results": [describe_result(r, True) for r in results],
            "blocking": run.blocking if run and run.status == "done" else []}
