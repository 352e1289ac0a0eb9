"""The statistics block of a dataset card, rendered from the version's stored profile."""

from __future__ import annotations

from typing import Any

from django import template

from aqyl.catalog.models import DatasetVersion
from aqyl.quality.models import VersionProfile

register = template.Library()
BAR_COLUMNS = 20  # values of a histogram or top list shown as bars


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
    return {"profile": found, "data": data, "columns": columns, "readable": readable,
            "duplicate_share": 100 * data["duplicate_rows"] / rows}


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


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
