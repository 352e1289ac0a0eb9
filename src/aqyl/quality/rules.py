"""Declarative checks on a dataset version, parsed from YAML and validated against its columns
(aqyl.quality.rule_checks runs them over the whole Parquet file).

A rule set is a YAML list (or a mapping with a `rules:` list) of rules such as

```yaml
- check: not_null          # also blank text counts as missing
  column: iin
  severity: critical       # a failing critical rule blocks publishing; default: warning
- check: iin               # IIN checksum and birth date; `bin` for BINs
  column: iin
- check: unique
  column: iin
- check: range             # numbers, or ISO dates for date columns; min and/or max
  column: age
  min: 0
  max: 120
- check: allowed_values
  column: sex
  values: [M, F]
- check: regex             # the whole value must match (RE2 syntax)
  column: phone
  pattern: '\\+7 7\\d{2} \\d{3} \\d{4}'
- check: reference         # a reference list shipped with the platform, such as kato
  column: region_code
  reference: kato
- check: foreign_key       # every value exists in another dataset's column
  column: bin
  dataset: mojust/legal-entities
  key: bin
- check: row_count
  min: 1000
- check: freshness         # the newest date in the column is at most this old
  column: report_date
  max_age_days: 45
- check: freshness         # without a column: the version itself
  max_age_days: 400
```

Empty values pass every check but `not_null`, so each says one thing. Problems are raised as
`RuleError(code, **params)` with the rule's number; the web layer translates them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import duckdb
import yaml

CHECKS = ("not_null", "unique", "range", "allowed_values", "regex", "reference", "foreign_key",
          "iin", "bin", "row_count", "freshness")
SEVERITIES = ("critical", "warning")
TABLE_CHECKS = frozenset({"row_count"})  # no column
COLUMN_OPTIONAL = frozenset({"freshness"})
MAX_RULES = 200
MAX_VALUES = 10_000
_KEYS = {"check", "column", "severity", "name", "min", "max", "values", "pattern", "reference",
         "dataset", "key", "max_age_days"}
_NEEDS: dict[str, tuple[str, ...]] = {
    "allowed_values": ("values",), "regex": ("pattern",), "reference": ("reference",),
    "foreign_key": ("dataset", "key"), "freshness": ("max_age_days",)}
_ALLOWS: dict[str, frozenset[str]] = {
    "range": frozenset({"min", "max"}), "row_count": frozenset({"min", "max"}),
    "allowed_values": frozenset({"values"}), "regex": frozenset({"pattern"}),
    "reference": frozenset({"reference"}), "foreign_key": frozenset({"dataset", "key"}),
    "freshness": frozenset({"max_age_days"})}


class RuleError(Exception):
    """`code` names the problem, `rule` is the rule's number (from 1) when one is at fault."""

    def __init__(self, code: str, message: str, *, rule: int | None = None,
                 **params: Any) -> None:
        self.code, self.rule, self.params = code, rule, params
        prefix = f"rule {rule}: " if rule else ""
        super().__init__(prefix + (message.format(**params) if params else message))


@dataclass(frozen=True)
class Rule:
    check: str
    column: str | None = None
    severity: str = "warning"
    name: str = ""
    min: Any = None
    max: Any = None
    values: tuple[Any, ...] = ()
    pattern: str = ""
    reference: str = ""
    dataset: str = ""
    key: str = ""
    max_age_days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Only what is set, in a stable order: the YAML a steward would write."""
        result: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "severity" and value == "warning":
                continue
            if value not in (None, "", ()):
                result[item.name] = list(value) if isinstance(value, tuple) else value
        return result


def rules_digest(text: str) -> str:
    """Tells whether stored results were computed with the current rules."""
    return hashlib.sha256(text.encode()).hexdigest()


def load_yaml_list(text: str, *, wrapper: str, limit: int,
                   error: type[RuleError] = RuleError) -> list[Any]:
    """The items of a YAML list, also written as a mapping `{wrapper: [...]}`; empty text is
    an empty list."""
    try:
        loaded = yaml.safe_load(text) if text.strip() else []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error("bad_yaml", "the YAML cannot be read at line {line}: {detail}",
                    line=mark.line + 1 if mark else 1,
                    detail=getattr(exc, "problem", None) or str(exc)) from exc
    if isinstance(loaded, dict) and set(loaded) == {wrapper}:
        loaded = loaded[wrapper]
    if loaded is None:
        loaded = []
    if not isinstance(loaded, list):
        raise error("not_a_list", "the YAML must be a list")
    if len(loaded) > limit:
        raise error("too_many_items", "at most {limit} items", limit=limit)
    return loaded


def parse_rules(text: str) -> list[Rule]:
    """The rules of a YAML text, each checked on its own (names, options, types of options)."""
    items = load_yaml_list(text, wrapper="rules", limit=MAX_RULES)
    return [_rule(item, number) for number, item in enumerate(items, start=1)]


def _rule(item: Any, number: int) -> Rule:
    if not isinstance(item, dict):
        raise RuleError("rule_not_mapping", "each rule is a mapping with a check", rule=number)
    unknown = sorted(str(key) for key in item if key not in _KEYS)
    if unknown:
        raise RuleError("unknown_option", "unknown option {option}", rule=number,
                        option=unknown[0])
    check = item.get("check")
    if check not in CHECKS:
        raise RuleError("unknown_check", "{check} is not a known check", rule=number,
                        check=str(check), checks=", ".join(CHECKS))
    severity = item.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RuleError("bad_severity", "severity must be critical or warning", rule=number)
    column = item.get("column")
    if check in TABLE_CHECKS and column is not None:
        raise RuleError("column_not_allowed", "{check} takes no column", rule=number,
                        check=check)
    if check not in TABLE_CHECKS | COLUMN_OPTIONAL and not column:
        raise RuleError("column_required", "{check} needs a column", rule=number, check=check)
    if column is not None and not isinstance(column, str):
        raise RuleError("bad_option", "{option} must be text", rule=number, option="column")
    allowed = _ALLOWS.get(check, frozenset()) | {"check", "column", "severity", "name"}
    extra = sorted(str(key) for key in item if key not in allowed)
    if extra:
        raise RuleError("option_not_allowed", "{check} takes no {option}", rule=number,
                        check=check, option=extra[0])
    for option in _NEEDS.get(check, ()):
        if item.get(option) in (None, "", []):
            raise RuleError("option_required", "{check} needs {option}", rule=number,
                            check=check, option=option)
    if check in ("range", "row_count") and item.get("min") is None and item.get("max") is None:
        raise RuleError("option_required", "{check} needs {option}", rule=number, check=check,
                        option="min/max")
    return Rule(check=check, column=column, severity=severity, name=str(item.get("name") or ""),
                min=_bound(item, "min", number, check), max=_bound(item, "max", number, check),
                values=_values(item, number), pattern=_pattern(item, number),
                reference=_text(item, "reference", number), dataset=_text(item, "dataset", number),
                key=_text(item, "key", number), max_age_days=_age(item, number))


def _text(item: dict[str, Any], option: str, number: int) -> str:
    value = item.get(option)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RuleError("bad_option", "{option} must be text", rule=number, option=option)
    return value.strip()


def _bound(item: dict[str, Any], option: str, number: int, check: str) -> Any:
    value = item.get(option)
    if value is None:
        return None
    if check == "row_count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RuleError("bad_count", "{option} must be a whole number of rows", rule=number,
                            option=option)
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RuleError("bad_bound", "{option} must be a number or a date", rule=number,
                        option=option)
    return value


def _values(item: dict[str, Any], number: int) -> tuple[Any, ...]:
    values = item.get("values")
    if values is None:
        return ()
    if not isinstance(values, list) or len(values) > MAX_VALUES:
        raise RuleError("bad_values", "values must be a list of at most {limit} items",
                        rule=number, limit=MAX_VALUES)
    if any(isinstance(v, dict | list) for v in values):
        raise RuleError("bad_values", "values must be a list of at most {limit} items",
                        rule=number, limit=MAX_VALUES)
    return tuple(v.isoformat() if isinstance(v, dt.date) else v for v in values)


def _pattern(item: dict[str, Any], number: int) -> str:
    pattern = _text(item, "pattern", number)
    if pattern:
        try:  # DuckDB's regular expressions are RE2: check with the engine that runs them
            duckdb.execute("SELECT regexp_full_match('', ?)", [pattern]).fetchall()
        except duckdb.Error as exc:
            raise RuleError("bad_pattern", "the pattern is not a valid regular expression: "
                            "{detail}", rule=number, detail=str(exc).split("\n")[0]) from exc
    return pattern


def _age(item: dict[str, Any], number: int) -> int | None:
    value = item.get("max_age_days")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError("bad_age", "max_age_days must be a whole number of days", rule=number)
    return value


def column_kind(arrow_type: str) -> str:
    """numeric, temporal, text or other, from the type name the catalog stores per column."""
    if arrow_type.startswith(("int", "uint", "float", "double", "halffloat", "decimal")):
        return "numeric"
    if arrow_type.startswith(("date", "timestamp")):
        return "temporal"
    if arrow_type in ("string", "large_string", "string_view"):
        return "text"
    return "other"


_KINDS_FOR = {"range": {"numeric", "temporal"}, "iin": {"text"}, "bin": {"text"},
              "freshness": {"temporal"}}


def validate(rules: Sequence[Rule], columns: Mapping[str, str], *,
             references: Sequence[str] = (),
             dataset_columns: Callable[[str], Mapping[str, str] | None] = lambda s: None) -> None:
    """Each rule fits this version's columns (`name -> Arrow type`): the columns exist, the
    checks suit their types, the reference lists and datasets named exist and can be read."""
    for number, rule in enumerate(rules, start=1):
        if rule.column is not None and rule.column not in columns:
            raise RuleError("unknown_column", "there is no column {column}", rule=number,
                            column=rule.column, columns=", ".join(columns))
        kind = column_kind(columns[rule.column]) if rule.column is not None else ""
        wanted = _KINDS_FOR.get(rule.check)
        if rule.column is not None and wanted and kind not in wanted:
            raise RuleError("wrong_type", "{check} cannot check column {column} of type {type}",
                            rule=number, check=rule.check, column=rule.column,
                            type=columns[rule.column])
        if rule.check == "range":
            for bound in (rule.min, rule.max):
                if bound is not None and coerce(bound, kind) is None:
                    raise RuleError("bad_bound_for_type", "{bound} is not a {kind} value",
                                    rule=number, bound=bound, kind=kind)
            low, high = coerce(rule.min, kind), coerce(rule.max, kind)
            if low is not None and high is not None and low > high:
                raise RuleError("min_above_max", "min is above max", rule=number)
        if rule.check == "row_count" and rule.min is not None and rule.max is not None \
                and rule.min > rule.max:
            raise RuleError("min_above_max", "min is above max", rule=number)
        if rule.check == "reference" and rule.reference not in references:
            raise RuleError("unknown_reference", "there is no reference list {reference}",
                            rule=number, reference=rule.reference,
                            references=", ".join(references))
        if rule.check == "foreign_key":
            other = dataset_columns(rule.dataset)
            if other is None:
                raise RuleError("unknown_dataset", "dataset {dataset} does not exist or cannot "
                                "be read", rule=number, dataset=rule.dataset)
            if rule.key not in other:
                raise RuleError("unknown_key", "dataset {dataset} has no column {column}",
                                rule=number, dataset=rule.dataset, column=rule.key,
                                columns=", ".join(other))


def coerce(value: Any, kind: str) -> Any:
    """A bound as the column's kind compares it, or None when it cannot be one."""
    if value is None:
        return None
    if kind == "numeric":
        if isinstance(value, int | float):
            return value
        try:
            return float(str(value).replace(",", "."))
        except ValueError:
            return None
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def to_yaml(rules: Sequence[Rule]) -> str:
    """The rules as a steward would write them."""
    if not rules:
        return ""
    text: str = yaml.safe_dump([rule.to_dict() for rule in rules], allow_unicode=True,
                               sort_keys=False, width=100)
    return text
