"""Anonymisation policies: what is done to each column, parsed from YAML and checked against a
table's columns and its privacy scan before anything is written.

```yaml
columns:
  iin: pseudonymise                 # keyed HMAC token: one person, one token, in every dataset
  full_name: drop
  phone: mask                       # keeps what the detector documents (+7 7** *** ** 67)
  birth_date: {method: generalise, to: age_band, width: 10}
  address: {method: generalise, to: region}
  salary: {method: noise, scale: 0.1}        # Laplace noise, scale × the column's std
  district: {method: suppress, min_count: 5} # rare values become empty
  complaint: redact_text            # each found span becomes a typed placeholder
  hotline: {method: keep, reason: "the organisation's public number"}
quasi_identifiers: [birth_date, sex, district]
sensitive: [diagnosis]
k: 5                                # enforced by generalising the quasi-identifiers, then
l: 2                                # suppressing the rows still in small classes
max_suppression: 0.05
```

A detected identifier left out of the policy, or kept without a reason, is refused. Problems
are raised as `PolicyError(code, ...)`; the web layer translates the codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

METHODS = ("keep", "drop", "mask", "pseudonymise", "generalise", "suppress", "noise",
           "redact_text")
GENERALISATIONS = ("year", "month", "decade", "age_band", "range", "region", "prefix")
DATE_TARGETS = frozenset({"year", "month", "decade", "age_band"})
_COLUMN_KEYS = ("method", "to", "width", "length", "min_count", "scale", "reason")
_TOP_KEYS = {"columns", "quasi_identifiers", "sensitive", "k", "l", "max_suppression", "as_of"}
MAX_K = 1_000_000
Kind = str  # a column's logical type: "text", "integer", "number", "date", "timestamp", "other"


class PolicyError(Exception):
    """`code` names the problem, `column` the column at fault when there is one."""

    def __init__(self, code: str, message: str, *, column: str | None = None,
                 **params: Any) -> None:
        self.code, self.column, self.params = code, column, params
        prefix = f"column {column}: " if column else ""
        super().__init__(prefix + message.format(column=column, **params))


@dataclass(frozen=True)
class ColumnPolicy:
    column: str
    method: str
    to: str = ""
    width: float | None = None
    length: int | None = None
    min_count: int | None = None
    scale: float | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in _COLUMN_KEYS
                if getattr(self, key) not in (None, "")}


@dataclass(frozen=True)
class Policy:
    columns: tuple[ColumnPolicy, ...] = ()
    quasi_identifiers: tuple[str, ...] = ()
    sensitive: tuple[str, ...] = ()
    k: int | None = None
    l: int | None = None  # the l of l-diversity
    max_suppression: float = 0.05
    as_of: dt.date | None = None
    by_column: dict[str, ColumnPolicy] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_column", {item.column: item for item in self.columns})

    def method(self, column: str) -> str:
        item = self.by_column.get(column)
        return item.method if item else "keep"

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"columns": {item.column: item.to_dict()
                                              for item in self.columns}}
        for key in ("quasi_identifiers", "sensitive"):
            if getattr(self, key):
                result[key] = list(getattr(self, key))
        for key in ("k", "l"):
            if getattr(self, key) is not None:
                result[key] = getattr(self, key)
        if self.quasi_identifiers:
            result["max_suppression"] = self.max_suppression
        if self.as_of:
            result["as_of"] = self.as_of.isoformat()
        return result

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)


def parse_policy(text: str) -> Policy:
    """The policy of a YAML text, each part checked on its own (names, methods, options)."""
    try:
        loaded = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PolicyError("bad_yaml", "the YAML cannot be read at line {line}: {detail}",
                          line=mark.line + 1 if mark else 1,
                          detail=getattr(exc, "problem", None) or str(exc)) from exc
    loaded = loaded or {}
    if not isinstance(loaded, dict):
        raise PolicyError("not_a_mapping", "a policy is a mapping with columns:")
    unknown = sorted(str(key) for key in loaded if key not in _TOP_KEYS)
    if unknown:
        raise PolicyError("unknown_option", "unknown option {option}", option=unknown[0])
    columns = loaded.get("columns") or {}
    if not isinstance(columns, dict):
        raise PolicyError("columns_not_mapping", "columns: maps column names to methods")
    return Policy(
        columns=tuple(_column(str(name), item) for name, item in columns.items()),
        quasi_identifiers=_names(loaded, "quasi_identifiers"),
        sensitive=_names(loaded, "sensitive"),
        k=_whole(loaded, "k", minimum=2), l=_whole(loaded, "l", minimum=2),
        max_suppression=_share(loaded.get("max_suppression", 0.05)),
        as_of=_date(loaded.get("as_of")),
    )


def _column(name: str, item: Any) -> ColumnPolicy:
    if isinstance(item, str):
        item = {"method": item}
    if not isinstance(item, dict):
        raise PolicyError("column_not_mapping", "give a method or a mapping with method:",
                          column=name)
    unknown = sorted(str(key) for key in item if key not in _COLUMN_KEYS)
    if unknown:
        raise PolicyError("unknown_option", "unknown option {option}", column=name,
                          option=unknown[0])
    method = item.get("method")
    if method not in METHODS:
        raise PolicyError("unknown_method", "{method} is not a method", column=name,
                          method=str(method), methods=", ".join(METHODS))
    to = str(item.get("to") or "")
    if method == "generalise" and to not in GENERALISATIONS:
        raise PolicyError("unknown_generalisation", "generalise to one of {targets}",
                          column=name, to=to, targets=", ".join(GENERALISATIONS))
    width = _number(item, "width", name)
    if method == "generalise" and to == "range" and width is None:
        raise PolicyError("option_required", "{option} is needed", column=name, option="width")
    reason = str(item.get("reason") or "").strip()
    return ColumnPolicy(column=name, method=method, to=to, width=width,
                        length=_whole(item, "length", minimum=1, column=name),
                        min_count=_whole(item, "min_count", minimum=2, column=name),
                        scale=_number(item, "scale", name), reason=reason)


def _names(loaded: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = loaded.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyError("bad_names", "{option} is a list of column names", option=key)
    return tuple(dict.fromkeys(value))


def _whole(item: Mapping[str, Any], key: str, *, minimum: int,
           column: str | None = None) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_K:
        raise PolicyError("bad_whole", "{option} must be a whole number from {minimum}",
                          column=column, option=key, minimum=minimum)
    return value


def _number(item: Mapping[str, Any], key: str, column: str) -> float | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise PolicyError("bad_positive", "{option} must be a positive number", column=column,
                          option=key)
    return float(value)


def _share(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise PolicyError("bad_share", "max_suppression is a share from 0 to 1")
    return float(value)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise PolicyError("bad_date", "as_of must be a date such as 2026-01-01") from exc


# --- against a table ----------------------------------------------------------------------

_FITS: dict[str, frozenset[str]] = {
    "noise": frozenset({"integer", "number"}),
    "redact_text": frozenset({"text"}),
}
_GENERALISE_FITS: dict[str, frozenset[str]] = {
    "year": frozenset({"date", "timestamp", "text"}),
    "month": frozenset({"date", "timestamp", "text"}),
    "decade": frozenset({"date", "timestamp", "text", "integer"}),
    "age_band": frozenset({"date", "timestamp", "text"}),
    "range": frozenset({"integer", "number"}),
    "region": frozenset({"text"}),
    "prefix": frozenset({"text", "integer"}),
}


def check_policy(policy: Policy, *, types: Mapping[str, Kind], identifiers: Mapping[str, str],
                 rows: int) -> None:
    """Refuse a policy that cannot be applied to this table as it is.

    Args:
        types: the table's columns and their logical types, in order.
        identifiers: the columns the scan found personal data in, with the kind (a free-text
            column with spans found is "text").
        rows: the table's row count, which bounds k.
    """
    columns = ", ".join(types)
    for item in policy.columns:
        if item.column not in types:
            raise PolicyError("unknown_column", "there is no such column", column=item.column,
                              columns=columns)
        kind = types[item.column]
        fits = (_GENERALISE_FITS[item.to] if item.method == "generalise"
                else _FITS.get(item.method))
        if fits is not None and kind not in fits:
            raise PolicyError("wrong_type", "{method} does not apply to {type} values",
                              column=item.column, method=item.method if not item.to
                              else f"generalise to {item.to}", type=kind)
    untreated = [name for name in identifiers
                 if policy.method(name) == "keep" and not policy.by_column.get(
                     name, ColumnPolicy(name, "keep")).reason]
    if untreated:
        raise PolicyError("untreated", "{columns} hold personal data and the policy leaves "
                          "them as they are", columns=", ".join(untreated),
                          kinds=", ".join(f"{name} ({identifiers[name]})" for name in untreated))
    for name in (*policy.quasi_identifiers, *policy.sensitive):
        if name not in types:
            raise PolicyError("unknown_column", "there is no such column", column=name,
                              columns=columns)
        if policy.method(name) == "drop":
            raise PolicyError("dropped_quasi", "a dropped column cannot be a quasi-identifier",
                              column=name)
    if policy.k is not None and not policy.quasi_identifiers:
        raise PolicyError("k_without_quasi", "k needs quasi_identifiers")
    if policy.l is not None and not policy.sensitive:
        raise PolicyError("l_without_sensitive", "l needs sensitive columns")
    if policy.k is not None and policy.k > rows:
        raise PolicyError("k_too_large", "k={k} is larger than the {rows} rows", k=policy.k,
                          rows=rows)
