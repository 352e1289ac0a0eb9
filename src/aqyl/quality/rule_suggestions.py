"""Rules drafted from a version's profile for the steward to accept."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from aqyl.quality.rules import Rule

FRESHNESS_DAYS = {"continuous": 2, "daily": 3, "weekly": 10, "monthly": 45, "quarterly": 120,
                  "annual": 400}  # the promised period and some slack, by update frequency
_SUGGESTED_SHAPE = re.compile(r"^[9A\- ./+()]+$")  # digits, capital Latin letters, punctuation


def suggest_rules(profile: Mapping[str, Any], *, update_frequency: str = "",
                  today: dt.date | None = None) -> list[Rule]:
    """Rules that the current version already passes (`today`, for freshness) and that catch
    the usual breakages of the next: keys that stop being unique or complete, identifiers
    that fail their checksum, categories that gain a new spelling, numbers leaving their
    range, a shrinking row count, a date column that stops moving. The steward reads and
    accepts them."""
    rules: list[Rule] = []
    rows = int(profile.get("rows") or 0)
    if not rows:
        return rules
    for column in profile["columns"]:
        rules += _suggest_for_column(column, rows)
    rules.append(Rule("row_count", min=max(1, rows // 2)))
    days = FRESHNESS_DAYS.get(update_frequency)
    dated = [c for c in profile["columns"] if c["semantic_type"] in ("date", "timestamp")
             and c["nulls"] == 0 and c.get("temporal")]
    newest = dated[0]["temporal"]["max"] if dated else None
    if days and newest and today and \
            (today - dt.date.fromisoformat(str(newest)[:10])).days <= days:
        rules.append(Rule("freshness", column=dated[0]["name"], max_age_days=days))
    return rules


def _suggest_for_column(column: Mapping[str, Any], rows: int) -> list[Rule]:
    name, semantic = column["name"], column["semantic_type"]
    key = column["unique"] and semantic in ("iin", "bin", "iin_bin", "identifier")
    rules = []
    if column["nulls"] == 0 and not (column.get("text") or {}).get("blank"):
        rules.append(Rule("not_null", column=name, severity="critical" if key else "warning"))
    if key:
        rules.append(Rule("unique", column=name, severity="critical"))
    if semantic in ("iin", "bin") and (column.get("semantic_share") or 0) >= 1.0:
        rules.append(Rule(semantic, column=name))
    numeric = column.get("numeric")
    if numeric and semantic in ("integer", "decimal", "float") and not key \
            and numeric["min"] is not None and not isinstance(numeric["min"], str):
        rules.append(Rule("range", column=name, min=_round_down(numeric["min"]),
                          max=_round_up(numeric["max"])))
    if semantic in ("categorical", "boolean") and column["top_values_exact"] \
            and 1 < column["distinct"] <= 30 and column["other_count"] == 0:
        values = tuple(v["value"] for v in column["top_values"] if v["value"] is not None)
        rules.append(Rule("allowed_values", column=name, values=values))
    if semantic in ("identifier", "phone", "kato", "short_text") and column.get("text") \
            and column["text"]["patterns_exact"]:
        patterns = column["text"]["patterns"]
        if len(patterns) == 1 and _SUGGESTED_SHAPE.match(str(patterns[0]["value"])):
            rules.append(Rule("regex", column=name, pattern=_shape_regex(patterns[0]["value"])))
    if semantic == "kato":
        rules.append(Rule("reference", column=name, reference="kato"))
    return rules


def _round_down(value: float) -> float | int:
    return 0 if 0 <= value < 1 else _nice(value, down=True)


def _round_up(value: float) -> float | int:
    return _nice(value, down=False)


def _nice(value: float, *, down: bool) -> float | int:
    """A round bound just outside the value: 87 → 100 above, 13 → 10 below."""
    if value == 0:
        return 0
    magnitude = 10 ** max(0, len(str(int(abs(value)))) - 1)
    steps = abs(value) / magnitude
    rounded = int(steps) if (down == (value > 0)) else -(-steps // 1)
    bound = rounded * magnitude * (1 if value > 0 else -1)
    return int(bound) if float(bound).is_integer() else bound


def _shape_regex(shape: str) -> str:
    """A value shape such as "AA-999" (see aqyl.quality.patterns) as a regular expression."""
    out = []
    for char, count in _runs(shape):
        token = {"9": "[0-9]", "A": "[A-Z]"}.get(char, re.escape(char))
        out.append(token + (f"{{{count}}}" if count > 1 else ""))
    return "".join(out)


def _runs(text: str) -> list[tuple[str, int]]:
    runs: list[tuple[str, int]] = []
    for char in text:
        if runs and runs[-1][0] == char:
            runs[-1] = (char, runs[-1][1] + 1)
        else:
            runs.append((char, 1))
    return runs
