"""What the profiler found about one dataset version, as frozen dataclasses and their JSON.

`Profile.to_json()` gives a JSON-safe dict (no NaN, no infinities, no dates: NaN and ±inf
become null, dates and timestamps ISO text, exact decimals text) whose keys are the field names
below, and `Profile.from_json()` reads it back. The catalog stores it per version, so the names
are stable: add fields (with defaults), never rename them. `format` is bumped on a change that
old readers cannot follow.

Exactness is stated next to each figure that can be approximate:
- `distinct_exact`: an exact count of distinct non-null values, or a HyperLogLog estimate;
- `top_values_exact`: the list is the true top; false when its candidates came from the sample
  (their counts are still exact over all rows);
- `quantiles_exact`: exact, or computed on the evenly spaced sample of `Profile.sample_rows`;
- `patterns_exact`: shapes counted over all rows, or over the sample (counts are sample counts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

Scalar = str | int | float | bool | None
FORMAT = 1
QUANTILES = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)


@dataclass(frozen=True)
class ValueCount:
    value: Scalar
    count: int


@dataclass(frozen=True)
class Histogram:
    """Equal-width bins: `edges` has one more item than `counts`; the last bin is closed."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class PeriodHistogram:
    """Counts per calendar month ("2024-03") or, over spans of more than 10 years, per year."""

    unit: str
    periods: tuple[str, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class NumericStats:
    """Over finite values: NaN and ±inf are counted apart and left out of the rest.

    `min`/`max` keep the column's exactness: integers as int, decimals as text."""

    min: Scalar
    max: Scalar
    mean: float | None
    std: float | None  # sample standard deviation (n - 1)
    zeros: int
    negatives: int
    nan: int
    infinite: int
    quantiles: tuple[float | None, ...]  # at QUANTILES
    quantiles_exact: bool
    histogram: Histogram | None


@dataclass(frozen=True)
class TextStats:
    """Lengths in characters. `blank` counts empty and whitespace-only values together;
    `variants` the values written as another spelling of a more common value (equal once
    case, spaces, punctuation and look-alike letters are normalised), counted when the
    column's value counts are exact, else None."""

    min_length: int | None
    max_length: int | None
    mean_length: float | None
    empty: int
    blank: int
    patterns: tuple[ValueCount, ...]
    patterns_exact: bool
    variants: int | None = None


@dataclass(frozen=True)
class TemporalStats:
    min: str | None
    max: str | None
    histogram: PeriodHistogram | None


@dataclass(frozen=True)
class ColumnProfile:
    name: str
    physical_type: str  # Arrow's name of the type in the file
    engine_type: str  # DuckDB's
    semantic_type: str  # one of semantic.SEMANTIC_TYPES
    count: int  # non-null values
    nulls: int
    distinct: int
    distinct_exact: bool
    unique: bool  # a key candidate: no nulls and every value distinct (exact counts only)
    top_values: tuple[ValueCount, ...] = ()
    top_values_exact: bool = True
    other_count: int = 0  # non-null values outside top_values
    semantic_share: float | None = None  # the sampled values that fit semantic_type
    numeric: NumericStats | None = None
    text: TextStats | None = None
    temporal: TemporalStats | None = None
    skipped: str | None = None  # why statistics beyond counts were not computed


@dataclass(frozen=True)
class Matrix:
    """A symmetric matrix over `columns`; None where undefined (a constant column)."""

    columns: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]


@dataclass(frozen=True)
class Profile:
    rows: int
    column_count: int
    size_bytes: int  # of the Parquet files
    files: int
    duplicate_rows: int  # rows that repeat an earlier row exactly: rows - distinct rows
    columns: tuple[ColumnProfile, ...]
    correlations: Matrix  # Pearson, pairwise-complete, numeric measures
    missing_together: Matrix  # rows where both columns are null; the diagonal: nulls
    sample_rows: int  # rows in the evenly spaced sample behind approximate figures
    seconds: float
    format: int = FORMAT
    notes: tuple[str, ...] = field(default=())

    def column(self, name: str) -> ColumnProfile:
        return next(c for c in self.columns if c.name == name)

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = _to_json(self)
        return result

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        return _profile(data)


def _to_json(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_to_json(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _values(items: list[dict[str, Any]]) -> tuple[ValueCount, ...]:
    return tuple(ValueCount(item["value"], item["count"]) for item in items)


def _numbers(items: list[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _numeric(data: dict[str, Any] | None) -> NumericStats | None:
    if data is None:
        return None
    hist = data["histogram"]
    return NumericStats(
        **{k: data[k] for k in ("min", "max", "mean", "std", "zeros", "negatives", "nan",
                                "infinite", "quantiles_exact")},
        quantiles=_numbers(data["quantiles"]),
        histogram=Histogram(_numbers(hist["edges"]), _numbers(hist["counts"])) if hist else None)


def _text(data: dict[str, Any] | None) -> TextStats | None:
    if data is None:
        return None
    return TextStats(**{k: data[k] for k in ("min_length", "max_length", "mean_length", "empty",
                                             "blank", "patterns_exact")},
                     patterns=_values(data["patterns"]), variants=data.get("variants"))


def _temporal(data: dict[str, Any] | None) -> TemporalStats | None:
    if data is None:
        return None
    hist = data["histogram"]
    return TemporalStats(data["min"], data["max"], PeriodHistogram(
        hist["unit"], tuple(hist["periods"]), tuple(hist["counts"])) if hist else None)


def _column(data: dict[str, Any]) -> ColumnProfile:
    plain = {f.name: data[f.name] for f in fields(ColumnProfile)
             if f.name not in {"top_values", "numeric", "text", "temporal"}}
    return ColumnProfile(**plain, top_values=_values(data["top_values"]),
                         numeric=_numeric(data["numeric"]), text=_text(data["text"]),
                         temporal=_temporal(data["temporal"]))


def _matrix(data: dict[str, Any]) -> Matrix:
    return Matrix(tuple(data["columns"]), tuple(tuple(row) for row in data["values"]))


def _profile(data: dict[str, Any]) -> Profile:
    return Profile(
        **{k: data[k] for k in ("rows", "column_count", "size_bytes", "files", "duplicate_rows",
                                "sample_rows", "seconds", "format")},
        columns=tuple(_column(c) for c in data["columns"]),
        correlations=_matrix(data["correlations"]),
        missing_together=_matrix(data["missing_together"]), notes=tuple(data["notes"]))


COUNT_FIELDS = ("name", "physical_type", "engine_type", "semantic_type", "count", "nulls",
                "distinct", "distinct_exact", "unique", "semantic_share", "skipped")


def counts_only(data: dict[str, Any]) -> dict[str, Any]:
    """A stored profile without values of the data (ranges, top values, histograms, shapes,
    correlations): what those who see a dataset's card but may not read its rows get."""
    return {**{k: v for k, v in data.items()
               if k not in ("columns", "correlations", "missing_together")},
            "columns": [{k: c.get(k) for k in COUNT_FIELDS} for c in data["columns"]]}
