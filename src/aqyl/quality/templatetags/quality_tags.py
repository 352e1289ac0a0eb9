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
KEY_KINDS = frozenset({"identifier", "iin", "bin", "iin_bin", "kato", "email", "phone"})
SEMANTIC_LABELS = {
    "empty": _("empty"), "boolean": _("yes/no"), "integer": _("whole number"),
    "decimal": _("exact decimal"), "float": _("number"), "date": _("date"),
    "timestamp": _("date and time"), "time": _("time of day"), "iin": _("IIN"),
    "bin": _("BIN"), "iin_bin": _("IIN or BIN"), "kato": _("KATO code"), "email": _("e-mail"),
    "url": _("web address"), "phone": _("phone number"), "categorical": _("category"),
    "identifier": _("identifier"), "free_text": _("free text"), "short_text": _("short text"),
    "binary": _("binary"), "nested": _("nested"), "other": _("other"),
}


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
                (_("Correlations"), _correlations(data["correlations"]), "correlations",
                 _("Pearson correlation of each pair of numeric columns, from -1 (blue) to 1 "
                   "(red).")),
                (_("Missing together"), _missing_together(data["missing_together"], rows),
                 "missing-together",
                 _("Share of rows where both columns are empty; the diagonal: each column's "
                   "empty cells."))],
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
        "phone and URL forms, finite numbers, no \"no data\" codes such as -999) in: "
        "%(columns)s.")),
    "consistency": (_("Consistency"), _(
        "Share of values written in their column's usual form in: %(columns)s (codes in their "
        "most common shape; categories without other spellings of the same value).")),
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
            "key": column["unique"] and column["semantic_type"] in KEY_KINDS,
            "kind_label": SEMANTIC_LABELS.get(column["semantic_type"], column["semantic_type"]),
            "labelled": not (numeric or temporal) and bool(bars),
            "bars": [(label, count, 100 * count / tallest) for label, count, _ in bars]}


def _correlations(matrix: dict[str, Any]) -> dict[str, Any] | None:
    """Values to two decimals, shaded red above zero and blue below."""
    def cell(value: float | None) -> tuple[str, str]:
        if value is None:
            return "—", ""
        colour = "214, 39, 40" if value > 0 else "31, 119, 180"
        return f"{value:.2f}", f"rgba({colour}, {min(1.0, abs(value)) * 0.8:.2f})"
    return _matrix(matrix, cell)


def _missing_together(matrix: dict[str, Any], rows: int) -> dict[str, Any] | None:
    """Shares of rows, shaded against the largest, for the columns that have empty cells."""
    empty = [i for i, name in enumerate(matrix["columns"]) if matrix["values"][i][i]]
    if len(empty) < 2:
        return None
    names = [matrix["columns"][i] for i in empty]
    values = [[matrix["values"][i][j] for j in empty] for i in empty]
    largest = max((v or 0 for row in values for v in row), default=0) or 1

    def cell(count: float | None) -> tuple[str, str]:
        share = 100 * (count or 0) / rows
        shade = f"rgba(31, 119, 180, {0.1 + 0.7 * (count or 0) / largest:.2f})" if count else ""
        return f"{share:.1f}%", shade
    return _matrix({"columns": names, "values": values}, cell)


def _matrix(matrix: dict[str, Any], cell: Any) -> dict[str, Any] | None:
    """A heat map of at most MATRIX_COLUMNS columns: each cell as (text, CSS background),
    formatted here so that no language's decimal mark reaches the CSS."""
    names = matrix["columns"][:MATRIX_COLUMNS]
    if len(names) < 2:
        return None
    rows = [(name, [cell(value) for value in row[:MATRIX_COLUMNS]])
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
