"""Figures of one column from what the scans returned: exact value counts, or sketches.

A column with few distinct values (most of them) comes back from the grouping scan as its value
counts, from which quantiles, histograms, top values and patterns are all exact; a column with
many comes back as aggregates, an evenly spaced sample and bin counts.
"""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from aqyl.lake.parquet import json_safe
from aqyl.quality.patterns import count_shapes
from aqyl.quality.profiles import QUANTILES, Histogram, PeriodHistogram, Scalar, ValueCount

Floats = npt.NDArray[np.float64]
Counts = npt.NDArray[np.int64]
MONTHS_SHOWN = 120  # beyond 10 years of months, the histogram counts years


def as_numpy(values: pa.Array | pa.ChunkedArray, dtype: type[np.generic]) -> npt.NDArray[Any]:
    """Null-free numbers or booleans as a numpy array of `dtype`, read from Arrow's buffers:
    pyarrow's own `to_numpy` imports pandas where it is installed, which costs more than a
    small profile takes."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks else pa.array([], values.type)
    if len(values) == 0:
        return np.empty(0, dtype)
    if pa.types.is_boolean(values.type):
        bits = np.unpackbits(np.frombuffer(values.buffers()[1], np.uint8), bitorder="little")
        return bits[values.offset:values.offset + len(values)].astype(dtype)
    arrow_type = pa.from_numpy_dtype(np.dtype(dtype))
    if values.type != arrow_type:
        values = pc.cast(values, arrow_type, safe=False)
    found = np.frombuffer(values.buffers()[1], dtype)
    return found[values.offset:values.offset + len(values)].copy()


def counts_array(counts: Counts) -> pa.Array:
    """int64 counts as an Arrow array, from their buffer (see `as_numpy`)."""
    data = np.ascontiguousarray(counts, np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def valid_mask(values: pa.Array) -> npt.NDArray[np.bool_]:
    return as_numpy(pc.is_valid(values), np.bool_)


def scalar(value: Any) -> Scalar:
    """A value as JSON carries it exactly: decimals stay text (a profile's 0.10 is not 0.1),
    the rest as the lake's cells are (dates ISO text, NaN/±inf text, bytes hex)."""
    if isinstance(value, Decimal):
        return str(value)
    found: Scalar = json_safe(value)
    return found


def iso_text(value: Any) -> str | None:
    """DuckDB's text of a date or time ("2024-01-01 10:00:00+00") as ISO 8601, like Python's
    isoformat() of the same value."""
    if value is None:
        return None
    text = str(value).replace(" ", "T", 1)
    return text + ":00" if text.endswith("+00") else text


def top_values(values: pa.Array, counts: Counts, limit: int) -> tuple[ValueCount, ...]:
    """The `limit` most frequent values, ties broken by value, so a profile is repeatable."""
    table = pa.table({"v": values, "n": counts_array(counts)})
    table = table.filter(pc.is_valid(table["v"]))
    order = pc.sort_indices(table, [("n", "descending"), ("v", "ascending")])
    top = table.take(order[:limit])
    return tuple(ValueCount(scalar(v), int(n)) for v, n in
                 zip(top["v"].to_pylist(), top["n"].to_pylist(), strict=True))


def finite_floats(values: pa.Array) -> tuple[Floats, Counts]:
    """Non-null values as float64 with a mask of the finite ones' positions."""
    valid = values.filter(pc.is_valid(values)) if values.null_count else values
    as_float = as_numpy(valid, np.float64)
    return as_float, np.flatnonzero(np.isfinite(as_float))


def weighted_quantiles(values: Floats, counts: Counts) -> tuple[float | None, ...]:
    """Exact quantiles of values repeated `counts` times, interpolated as numpy's default
    ("linear") and DuckDB's quantile_cont do."""
    total = int(counts.sum())
    if total == 0:
        return tuple(None for _ in QUANTILES)
    order = np.argsort(values, kind="stable")
    ordered, cumulative = values[order], np.cumsum(counts[order])
    result: list[float | None] = []
    for q in QUANTILES:
        position = (total - 1) * q
        low, high = math.floor(position), math.ceil(position)
        at_low = ordered[np.searchsorted(cumulative, low, side="right")]
        at_high = ordered[np.searchsorted(cumulative, high, side="right")]
        result.append(float(at_low + (at_high - at_low) * (position - low)))
    return tuple(result)


def sample_quantiles(values: Floats) -> tuple[float | None, ...]:
    if len(values) == 0:
        return tuple(None for _ in QUANTILES)
    return tuple(float(v) for v in np.quantile(values, QUANTILES))


def bin_edges(low: float, high: float, bins: int) -> tuple[float, ...]:
    if low == high:
        return (low, high)
    return tuple(float(edge) for edge in np.linspace(low, high, bins + 1))


def bin_index_sql(expression: str, low: float, high: float, bins: int) -> str:
    """SQL for the bin of each finite value, the same arithmetic as `weighted_histogram`."""
    width = (high - low) / bins
    return (f"CASE WHEN isfinite({expression}) THEN least(CAST(floor(({expression} - "
            f"CAST('{low!r}' AS DOUBLE)) / CAST('{width!r}' AS DOUBLE)) AS BIGINT), {bins - 1}) "
            "END")


def weighted_histogram(values: Floats, counts: Counts, low: float, high: float, bins: int
                       ) -> Histogram:
    if low == high:
        return Histogram((low, high), (int(counts.sum()),))
    width = (high - low) / bins
    index = np.clip(np.floor((values - low) / width).astype(np.int64), 0, bins - 1)
    return Histogram(bin_edges(low, high, bins),
                     tuple(int(c) for c in np.bincount(index, weights=counts, minlength=bins)))


def histogram_from_bins(bins_found: pa.Array, counts: Counts, low: float, high: float,
                        bins: int) -> Histogram:
    numbers: dict[int, int] = {}
    for index, count in zip(bins_found.to_pylist(), counts.tolist(), strict=True):
        if index is not None:
            numbers[int(index)] = numbers.get(int(index), 0) + int(count)
    return Histogram(bin_edges(low, high, bins),
                     tuple(numbers.get(i, 0) for i in range(bins)))


def period_histogram(months: pa.Array, counts: Counts) -> PeriodHistogram | None:
    """Counts per month (`months` = year * 12 + month - 1), or per year over long spans."""
    tally: Counter[int] = Counter()
    for month, count in zip(months.to_pylist(), counts.tolist(), strict=True):
        if month is not None:
            tally[int(month)] += int(count)
    if not tally:
        return None
    first, last = min(tally), max(tally)
    if last - first < MONTHS_SHOWN:
        span = range(first, last + 1)
        return PeriodHistogram("month", tuple(f"{m // 12:04d}-{m % 12 + 1:02d}" for m in span),
                               tuple(tally.get(m, 0) for m in span))
    years: Counter[int] = Counter()
    for month, count in tally.items():
        years[month // 12] += count
    span = range(min(years), max(years) + 1)
    return PeriodHistogram("year", tuple(f"{y:04d}" for y in span),
                           tuple(years.get(y, 0) for y in span))


def patterns(values: pa.Array, counts: Counts | None, limit: int) -> tuple[ValueCount, ...]:
    valid = pc.is_valid(values)
    texts = values.filter(valid).to_pylist()
    weights = counts[as_numpy(valid, np.bool_)] if counts is not None else None
    tally = count_shapes(texts, weights.tolist() if weights is not None else None)
    ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return tuple(ValueCount(shape, count) for shape, count in ranked)
