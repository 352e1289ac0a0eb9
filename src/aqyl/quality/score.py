"""A version's quality score along the ISO/IEC 25012 dimensions that its profile can measure.

Each dimension is a share in [0, 1], or None when the data gives nothing to measure it on; the
total (0-100) is the weighted mean of the measured ones, their weights scaled to add up to 1.

- completeness: cells that are neither null nor blank text, over all cells;
- uniqueness: rows that do not repeat an earlier row exactly, over all rows;
- validity: of columns with a checkable kind (IIN, BIN, KATO, e-mail, phone, URL), the sampled
  values that pass; the finite values of float columns; and in numeric columns whose
  minimum is a "no data" code (-99, -999, -9999…) apart from the rest, the values that are not;
- consistency: of code columns and text columns holding digits, the values in their most
  common shape (a date written one way, codes of one form); of categories and short text,
  the values not written as another spelling of a more common value ("алматы  облысы" for
  "Алматы облысы");
- currentness: how recent the newest date in the data (or, without dates, the version) is
  against the promised update frequency: full marks within one period, none after four;
- accuracy: of the values that rules check against reference values (reference lists such as
  KATO, and foreign keys into other datasets), the share found there, averaged over those
  rules; not measured without such rules.

Why these weights: missing and duplicated records are what the Concept names first; the shape
and freshness of values matter less to a model than whether the records are there at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

WEIGHTS = {"completeness": 0.3, "uniqueness": 0.2, "validity": 0.2, "consistency": 0.15,
           "currentness": 0.15, "accuracy": 0.15}
REFERENCE_CHECKS = frozenset({"reference", "foreign_key"})
CHECKABLE = frozenset({"iin", "bin", "iin_bin", "kato", "email", "phone", "url"})
CODES = frozenset({"identifier", "kato", "phone", "iin", "bin", "iin_bin"})
SHAPED = frozenset({"short_text", "categorical"})
PERIOD_DAYS = {"continuous": 1, "daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92,
               "annual": 366}
STALE_PERIODS = 4  # no marks for currentness after this many missed updates
MISSING_CODES = frozenset({-9, -99, -999, -9999, -99999, -9.0, -99.0, -999.0, -9999.0,
                           -99999.0})


@dataclass(frozen=True)
class Dimension:
    code: str
    value: float | None  # share in [0, 1]; None: not measurable on this data
    weight: float  # its share of the total when measured
    facts: dict[str, Any]  # the figures behind the value, for the explanation


@dataclass(frozen=True)
class Score:
    total: float | None  # 0-100; None when nothing could be measured (an empty version)
    dimensions: tuple[Dimension, ...]

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "dimensions": [
            {"code": d.code, "value": d.value, "weight": d.weight, "facts": d.facts}
            for d in self.dimensions]}


def score_profile(profile: dict[str, Any], *, today: date, published: date,
                  update_frequency: str, rule_results: Sequence[dict[str, Any]] = ()) -> Score:
    """Score a stored profile (`Profile.to_json()`); `published` is the version's date and
    `rule_results` the stored results of the dataset's rules on the version, if any."""
    rows = int(profile["rows"])
    columns = profile["columns"]
    raw = [_completeness(columns, rows), _uniqueness(profile, rows), _validity(columns),
           _consistency(columns), _currentness(columns, today, published, update_frequency),
           _accuracy(rule_results)]
    measured = sum(WEIGHTS[code] for code, value, _facts in raw if value is not None)
    dimensions = tuple(
        Dimension(code, None if value is None else round(value, 4),
                  round(WEIGHTS[code] / measured, 4) if value is not None and measured else 0.0,
                  facts)
        for code, value, facts in raw)
    total = (round(100 * sum(d.value * d.weight for d in dimensions if d.value is not None), 1)
             if measured and rows else None)
    return Score(total, dimensions)


Raw = tuple[str, float | None, dict[str, Any]]


def _completeness(columns: list[dict[str, Any]], rows: int) -> Raw:
    cells = rows * len(columns)
    if not cells:
        return "completeness", None, {}
    missing = sum(c["nulls"] + ((c.get("text") or {}).get("blank") or 0) for c in columns)
    return "completeness", 1 - missing / cells, {"missing": missing, "cells": cells}


def _uniqueness(profile: dict[str, Any], rows: int) -> Raw:
    if not rows:
        return "uniqueness", None, {}
    duplicates = int(profile["duplicate_rows"])
    return "uniqueness", 1 - duplicates / rows, {"duplicates": duplicates, "rows": rows}


def _validity(columns: list[dict[str, Any]]) -> Raw:
    shares, names = [], []
    for column in columns:
        if column["semantic_type"] in CHECKABLE and column.get("semantic_share") is not None:
            shares.append(float(column["semantic_share"]))
            names.append(column["name"])
        numeric = column.get("numeric")
        if numeric and column["count"] and (numeric["nan"] or numeric["infinite"]):
            shares.append(1 - (numeric["nan"] + numeric["infinite"]) / column["count"])
            names.append(column["name"])
        coded = _missing_codes(column)
        if coded:
            shares.append(1 - coded / column["count"])
            names.append(column["name"])
    if not shares:
        return "validity", None, {}
    return "validity", sum(shares) / len(shares), {"columns": names}


def _missing_codes(column: dict[str, Any]) -> int:
    """Rows holding a "no data" code such as -999 in a numeric column whose other values lie
    far above it (its 1% quantile is at least zero): sensors and forms write these."""
    numeric = column.get("numeric")
    if not numeric or numeric["min"] not in MISSING_CODES or not column["count"]:
        return 0
    low = (numeric.get("quantiles") or [None])[0]
    if low is None or low < 0:
        return 0
    listed = [v["count"] for v in column.get("top_values") or () if v["value"] == numeric["min"]]
    return listed[0] if listed else int(numeric["negatives"])


def _consistency(columns: list[dict[str, Any]]) -> Raw:
    """Shapes only where one shape is expected: codes, and text holding digits (dates,
    numbers and codes written as text); names and words vary in shape by nature, so for them
    only other spellings of one value count against consistency."""
    shares, names = [], []
    for column in columns:
        patterns = (column.get("text") or {}).get("patterns") or []
        seen = sum(p["count"] for p in patterns)
        coded = column["semantic_type"] in CODES or (
            column["semantic_type"] in SHAPED and seen and "9" in str(patterns[0]["value"]))
        variants = (column.get("text") or {}).get("variants")
        if coded and seen:
            shares.append(patterns[0]["count"] / seen)
            names.append(column["name"])
        elif column["semantic_type"] in SHAPED and variants is not None and column["count"]:
            shares.append(1 - variants / column["count"])
            names.append(column["name"])
    if not shares:
        return "consistency", None, {}
    return "consistency", sum(shares) / len(shares), {"columns": names}


def _accuracy(results: Sequence[dict[str, Any]]) -> Raw:
    checked = [r for r in results if r["rule"]["check"] in REFERENCE_CHECKS
               and r["status"] != "error" and r["checked"]]
    if not checked:
        return "accuracy", None, {}
    shares = [1 - r["failed"] / r["checked"] for r in checked]
    return "accuracy", sum(shares) / len(shares), {
        "columns": [r["rule"]["column"] for r in checked],
        "failed": sum(r["failed"] for r in checked)}


def _currentness(columns: list[dict[str, Any]], today: date, published: date,
                 update_frequency: str) -> Raw:
    period = PERIOD_DAYS.get(update_frequency)
    if period is None:  # irregular or never updated: no promise to measure against
        return "currentness", None, {}
    newest = [date.fromisoformat(str(c["temporal"]["max"])[:10]) for c in columns
              if c.get("temporal") and c["temporal"].get("max")]
    latest = max(newest, default=published)
    latest = min(latest, today)  # a date in the future is not fresher than today
    age = (today - latest).days
    value = max(0.0, min(1.0, 1 - (age - period) / ((STALE_PERIODS - 1) * period)))
    return "currentness", value, {"latest": latest.isoformat(), "age_days": age,
                                  "period_days": period}
