"""What the scans learn about one column, and the ColumnProfile made of it at the end."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from aqyl.quality import column_stats as cs
from aqyl.quality import semantic
from aqyl.quality.profiles import ColumnProfile, NumericStats, TemporalStats, TextStats, ValueCount
from aqyl.quality.text_repair import spelling_variants

NUMERIC = frozenset({"integer", "decimal", "float"})
TEXT = frozenset({"text"})
TEMPORAL = frozenset({"date", "timestamp"})
KEY_KINDS = frozenset({"integer", "decimal", "text", "date", "timestamp", "binary"})
_INTEGERS = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                       "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"})
Groups = tuple[pa.Array, npt.NDArray[np.int64]]  # values and how many rows hold each


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def kind_of(engine_type: str) -> str:
    base = engine_type.split("(", maxsplit=1)[0]
    if engine_type.endswith("]") or base in {"STRUCT", "MAP", "UNION"}:
        return "nested"
    if base in _INTEGERS:
        return "integer"
    if base in {"VARCHAR", "UUID", "ENUM", "JSON"}:
        return "text"
    known = {"BOOLEAN": "boolean", "DECIMAL": "decimal", "FLOAT": "float", "DOUBLE": "float",
             "DATE": "date", "BLOB": "binary", "BIT": "binary", "TIME": "time",
             "TIME WITH TIME ZONE": "time"}
    if base in known:
        return known[base]
    return "timestamp" if base.startswith("TIMESTAMP") else "other"


@dataclass
class ColumnScan:
    """What is known of one column while the scans run."""

    index: int
    name: str
    physical_type: str
    engine_type: str
    kind: str
    sample: pa.Array | None = None
    sample_nulls: int = 0
    few_values: bool = False
    key_check: bool = False
    count: int = 0
    approx_distinct: int | None = None
    aggregates: dict[str, Any] = field(default_factory=dict)
    values: Groups | None = None  # exact value counts
    repeated: int | None = None  # of likely keys: the sum of (n - 1) over repeated values
    repeated_rows: int = 0  # ... the sum of n
    repeats: Groups | None = None  # ... and the most frequent of those values, with their n
    row_repeats: int = 0  # of the first column: the rows whose whole-row hash repeats
    bins: Groups | None = None
    months: Groups | None = None
    candidates: Groups | None = None

    @property
    def sql(self) -> str:
        return quote(self.name)

    @property
    def value_sql(self) -> str:
        """The column as profiled: UUIDs and enums as text, decimals and huge ints as-is."""
        if self.kind == "text" and self.engine_type != "VARCHAR":
            return f"CAST({self.sql} AS VARCHAR)"
        return self.sql

    @property
    def number_sql(self) -> str:
        """The column as a double, non-finite floats as NULL (for mean, std, correlation)."""
        if self.kind == "float":
            return f"(CASE WHEN isfinite({self.sql}) THEN CAST({self.sql} AS DOUBLE) END)"
        return f"CAST({self.sql} AS DOUBLE)"


def to_profile(c: ColumnScan, rows: int, top: int, bins: int, whole_sample: bool
                    ) -> ColumnProfile:
    """The column's profile; `whole_sample` says the sample held every row."""
    nulls = rows - c.count
    distinct, exact = _distinct(c)
    unique = exact and nulls == 0 and rows > 0 and distinct == rows
    base = ColumnProfile(name=c.name, physical_type=c.physical_type, engine_type=c.engine_type,
                         semantic_type="empty", count=c.count, nulls=nulls, distinct=distinct,
                         distinct_exact=exact, unique=unique)
    if c.count == 0:
        return base
    if c.kind in {"nested", "binary", "other", "time"}:
        return _plain_column(c, base)
    tops, tops_exact = _top_values(c, top)
    other = c.count - sum(v.count for v in tops)
    numeric: NumericStats | None = None
    text: TextStats | None = None
    temporal: TemporalStats | None = None
    if c.kind in NUMERIC:
        numeric = _numeric(c, bins, whole_sample)
        found = semantic.judge_number(c.kind, unique=unique, sample=c.sample, rows=rows,
                                      span=_span(numeric))
    elif c.kind == "text":
        text = _text(c, top)
        sample = c.sample if c.sample is not None else pa.array([], pa.string())
        found = semantic.judge_text(sample, count=c.count, distinct=distinct, unique=unique,
                                    mean_length=text.mean_length)
    elif c.kind == "boolean":
        found = semantic.Semantic("boolean")
    else:
        temporal = TemporalStats(cs.iso_text(c.aggregates.get("min")),
                                 cs.iso_text(c.aggregates.get("max")),
                                 cs.period_histogram(*c.months) if c.months else None)
        found = semantic.Semantic("date" if c.kind == "date" else "timestamp")
    return replace(base, semantic_type=found.type, semantic_share=found.share, top_values=tops,
                   top_values_exact=tops_exact, other_count=other, numeric=numeric, text=text,
                   temporal=temporal)


def _plain_column(c: ColumnScan, base: ColumnProfile) -> ColumnProfile:
    kinds = {"nested": "nested", "binary": "binary", "time": "time"}
    reasons = {"nested": "nested type: counts and distinct values only",
               "binary": "binary values: counts, distinct values and byte lengths only",
               "time": "time of day: counts, distinct values, min and max only",
               "other": f"{c.engine_type}: counts and distinct values only"}
    text = None
    if c.kind == "binary":
        text = TextStats(_int(c.aggregates.get("min_length")),
                         _int(c.aggregates.get("max_length")),
                         _float(c.aggregates.get("mean_length")), 0, 0, (), True)
    temporal = TemporalStats(cs.iso_text(c.aggregates.get("min")),
                             cs.iso_text(c.aggregates.get("max")), None) \
        if c.kind == "time" else None
    return replace(base, semantic_type=kinds.get(c.kind, "other"), text=text, temporal=temporal,
                   skipped=reasons[c.kind])


def _distinct(c: ColumnScan) -> tuple[int, bool]:
    if c.values is not None:
        values, _ = c.values
        return len(values) - values.null_count, True
    if c.repeated is not None:
        return c.count - c.repeated, True
    if c.count == 0:
        return 0, True
    return min(c.approx_distinct or 0, c.count), False


def _top_values(c: ColumnScan, top: int) -> tuple[tuple[ValueCount, ...], bool]:
    if c.values is not None:
        return cs.top_values(*c.values, top), True
    if c.repeats is not None:  # every value not listed occurs once
        return cs.top_values(*c.repeats, top), True
    if c.candidates is not None:
        return cs.top_values(*c.candidates, top), False
    return (), False


def _numeric(c: ColumnScan, bins: int, whole_sample: bool) -> NumericStats:
    a = c.aggregates
    low, high = a.get("min"), a.get("max")
    histogram = None
    if c.values is not None:
        floats, finite = cs.finite_floats(c.values[0])
        counts = c.values[1][cs.valid_mask(c.values[0])][finite]
        quantiles = cs.weighted_quantiles(floats[finite], counts)
        exact = True
        if low is not None and high is not None:
            histogram = cs.weighted_histogram(floats[finite], counts, float(low), float(high),
                                              bins)
    else:
        sample = c.sample if c.sample is not None else pa.array([], pa.float64())
        floats, finite = cs.finite_floats(sample)
        quantiles = cs.sample_quantiles(floats[finite])
        exact = whole_sample
        if c.bins is not None and low is not None and high is not None:
            histogram = cs.histogram_from_bins(*c.bins, float(low), float(high), bins)
    return NumericStats(
        min=cs.scalar(low), max=cs.scalar(high), mean=_float(a.get("mean")),
        std=_float(a.get("std")), zeros=_int(a.get("zeros")), negatives=_int(a.get("negatives")),
        nan=_int(a.get("nan")), infinite=_int(a.get("infinite")), quantiles=quantiles,
        quantiles_exact=exact, histogram=histogram)


def _text(c: ColumnScan, top: int) -> TextStats:
    a = c.aggregates
    variants = None
    if c.values is not None:
        shapes, exact = cs.patterns(c.values[0], c.values[1], top), True
        variants = spelling_variants(c.values[0].to_pylist(), c.values[1].tolist())
    else:
        sample = c.sample if c.sample is not None else pa.array([], pa.string())
        shapes, exact = cs.patterns(sample, None, top), False
    return TextStats(_int(a.get("min_length")), _int(a.get("max_length")),
                     _float(a.get("mean_length")), _int(a.get("empty")), _int(a.get("blank")),
                     shapes, exact, variants)


def _int(value: Any) -> int:
    return int(value or 0)


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None



def _span(numeric: NumericStats | None) -> int | None:
    """max - min + 1 of a whole-number column, or None."""
    if numeric is None or not isinstance(numeric.min, int) or not isinstance(numeric.max, int):
        return None
    return numeric.max - numeric.min + 1
