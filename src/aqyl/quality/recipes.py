"""Preparation recipes: an ordered list of steps, written as YAML, that turns a version into a
cleaner one (aqyl.quality.recipe_run runs them).

```yaml
- step: normalise_text          # NFC, spaces, look-alike letters, mojibake; all text columns
  columns: [name, address]      #   or these
- step: fix_types               # "1 234,5" → 1234.5, "08.06.2022" → a date; columns that
  columns: [amount]             #   clearly hold them, or these (what fails becomes empty)
- step: drop_duplicates         # exact duplicate rows
- step: merge_near_duplicates   # rows whose keys are equal once normalised and case-folded:
  columns: [name, birth_date]   #   one row, each column's first non-empty value
- step: fill_missing            # mean, median, mode, constant (with value) or model
  column: income                #   (a regression on the other numeric columns);
  method: model                 #   income__imputed marks the filled cells
- step: flag_outliers           # income__outlier: outside Tukey's fences (iqr) or a robust
  column: income                #   z-score above 3.5 (mad)
  method: iqr
- step: map_territory           # region_kato: the KATO code of a free-text place name
  column: region
  parent_column: oblast         #   optional: the oblast, to tell same-named districts apart
- step: synthesize              # rows drawn from a Gaussian copula fitted to the data:
  rows: 10000                   #   appended (mode: append) or instead (mode: replace),
  mode: replace                 #   marked in a synthetic column
  seed: 42
```
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from aqyl.quality.rules import RuleError, column_kind, load_yaml_list

STEPS = ("normalise_text", "fix_types", "drop_duplicates", "merge_near_duplicates",
         "fill_missing", "flag_outliers", "map_territory", "synthesize")
FILL_METHODS = ("mean", "median", "mode", "constant", "model")
OUTLIER_METHODS = ("iqr", "mad")
SYNTHESIS_MODES = ("append", "replace")
MAX_STEPS = 50
MAX_SYNTHETIC_ROWS = 10_000_000
_OPTIONS: dict[str, frozenset[str]] = {
    "normalise_text": frozenset({"columns"}), "fix_types": frozenset({"columns"}),
    "drop_duplicates": frozenset(), "merge_near_duplicates": frozenset({"columns"}),
    "fill_missing": frozenset({"column", "method", "value"}),
    "flag_outliers": frozenset({"column", "method"}),
    "map_territory": frozenset({"column", "parent_column"}),
    "synthesize": frozenset({"rows", "mode", "seed"}),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "merge_near_duplicates": ("columns",), "fill_missing": ("column", "method"),
    "flag_outliers": ("column",), "map_territory": ("column",), "synthesize": ("rows",)}


class RecipeError(RuleError):
    """As RuleError; `rule` is the step's number."""


@dataclass(frozen=True)
class Step:
    step: str
    columns: tuple[str, ...] = ()
    column: str | None = None
    method: str = ""
    value: Any = None
    parent_column: str | None = None
    rows: int | None = None
    mode: str = ""
    seed: int | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value not in (None, "", ()):
                result[item.name] = list(value) if isinstance(value, tuple) else value
        return result

    def added_columns(self) -> tuple[str, ...]:
        """The columns this step adds to the table."""
        if self.step == "fill_missing" and self.column:
            return (f"{self.column}__imputed",)
        if self.step == "flag_outliers" and self.column:
            return (f"{self.column}__outlier",)
        if self.step == "map_territory" and self.column:
            return (f"{self.column}_kato",)
        if self.step == "synthesize":
            return ("synthetic",)
        return ()


def parse_recipe(text: str) -> list[Step]:
    items = load_yaml_list(text, wrapper="steps", limit=MAX_STEPS, error=RecipeError)
    return [_step(item, number) for number, item in enumerate(items, start=1)]


def _step(item: Any, number: int) -> Step:
    if not isinstance(item, dict):
        raise RecipeError("step_not_mapping", "each step is a mapping with a step name",
                          rule=number)
    name = item.get("step")
    if name not in STEPS:
        raise RecipeError("unknown_step", "{step} is not a known step", rule=number,
                          step=str(name), steps=", ".join(STEPS))
    extra = sorted(str(key) for key in item if key != "step" and key not in _OPTIONS[name])
    if extra:
        raise RecipeError("option_not_allowed", "{check} takes no {option}", rule=number,
                          check=name, option=extra[0])
    for option in _REQUIRED.get(name, ()):
        if item.get(option) in (None, "", []):
            raise RecipeError("option_required", "{check} needs {option}", rule=number,
                              check=name, option=option)
    columns = item.get("columns") or []
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise RecipeError("bad_columns", "columns must be a list of column names", rule=number)
    for option in ("column", "parent_column", "method", "mode"):
        if item.get(option) is not None and not isinstance(item[option], str):
            raise RecipeError("bad_option", "{option} must be text", rule=number, option=option)
    method = _method(item, name, number)
    mode = _synthesis(item, number) if name == "synthesize" else ""
    return Step(step=name, columns=tuple(columns), column=item.get("column"), method=method,
                value=item.get("value"), parent_column=item.get("parent_column"),
                rows=item.get("rows"), mode=mode, seed=item.get("seed"))


def _method(item: dict[str, Any], name: str, number: int) -> str:
    method = item.get("method") or ("iqr" if name == "flag_outliers" else "")
    allowed = {"fill_missing": FILL_METHODS, "flag_outliers": OUTLIER_METHODS}.get(name, ())
    if method and method not in allowed:
        raise RecipeError("bad_method", "{method} is not one of {methods}", rule=number,
                          method=method, methods=", ".join(allowed))
    if method == "constant" and item.get("value") is None:
        raise RecipeError("option_required", "{check} needs {option}", rule=number,
                          check=name, option="value")
    if isinstance(item.get("value"), dict | list):
        raise RecipeError("bad_option", "{option} must be text", rule=number, option="value")
    return str(method)


def _synthesis(item: dict[str, Any], number: int) -> str:
    """The synthesis mode, once rows and seed are whole numbers in bounds."""
    mode = item.get("mode") or "append"
    if mode not in SYNTHESIS_MODES:
        raise RecipeError("bad_method", "{method} is not one of {methods}", rule=number,
                          method=mode, methods=", ".join(SYNTHESIS_MODES))
    for option in ("rows", "seed"):
        value = item.get(option)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < (1 if option == "rows" else 0)):
            raise RecipeError("bad_count", "{option} must be a whole number", rule=number,
                              option=option)
    if item["rows"] > MAX_SYNTHETIC_ROWS:
        raise RecipeError("too_many_rows", "at most {limit} synthetic rows", rule=number,
                          limit=MAX_SYNTHETIC_ROWS)
    return str(mode)


_NUMERIC_ONLY = {("fill_missing", "mean"), ("fill_missing", "median"),
                 ("fill_missing", "model"), ("flag_outliers", "iqr"), ("flag_outliers", "mad")}


def validate_recipe(steps: Sequence[Step], columns: Mapping[str, str]) -> None:
    """Each step fits the columns it will meet (`name -> Arrow type`), following the columns
    that earlier steps add and the types fix_types may change."""
    known = dict(columns)
    typed_later = False  # fix_types without columns: which become numbers is found at run time
    for number, step in enumerate(steps, start=1):
        named = [*step.columns, *(c for c in (step.column, step.parent_column) if c)]
        for name in named:
            if name not in known:
                raise RecipeError("unknown_column", "there is no column {column}", rule=number,
                                  column=name, columns=", ".join(known))
        kinds = {name: column_kind(known[name]) for name in named}
        if step.step == "normalise_text":
            wrong = [n for n in step.columns if kinds[n] != "text"]
            if wrong:
                raise RecipeError("wrong_type", "{check} cannot be applied to column {column} "
                                  "of type {type}", rule=number, check=step.step,
                                  column=wrong[0], type=known[wrong[0]])
        if step.step == "fix_types":  # columns already typed are left as they are
            for name in step.columns:  # fixed types are known only when the step runs
                if kinds[name] == "text":
                    known[name] = "double"
            typed_later = typed_later or not step.columns
        if (step.step, step.method) in _NUMERIC_ONLY and step.column \
                and kinds[step.column] != "numeric" \
                and not (typed_later and kinds[step.column] == "text"):
            raise RecipeError("wrong_type", "{check} cannot be applied to column {column} of "
                              "type {type}", rule=number, check=f"{step.step} ({step.method})",
                              column=step.column, type=known[step.column])
        if step.step == "map_territory" and step.column and kinds[step.column] != "text":
            raise RecipeError("wrong_type", "{check} cannot be applied to column {column} of "
                              "type {type}", rule=number, check=step.step,
                              column=step.column, type=known[step.column])
        for added in step.added_columns():
            if added in known and step.step != "synthesize":
                raise RecipeError("column_exists", "column {column} already exists",
                                  rule=number, column=added)
            known[added] = "bool" if not added.endswith("_kato") else "string"
