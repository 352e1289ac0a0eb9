"""Generalisation: a value replaced by a coarser one that many people share (a birth date by
its year or an age band, an address by its region, an amount by a range).

Each function maps a whole Arrow column and keeps nulls null; a value that cannot be read
(a text date that is no date) becomes null rather than passing through unchanged. The
ladders used to reach k-anonymity are built from the same functions (`ladder`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aqyl.quality.territory import TerritorialUnit, match_territory, unit_by_code

TEXT_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
SUPPRESSED = "*"
DASH = "–"


_LOGICAL_TYPES: tuple[tuple[Callable[[pa.DataType], bool], str], ...] = (
    (pa.types.is_string, "text"), (pa.types.is_large_string, "text"),
    (pa.types.is_integer, "integer"), (pa.types.is_floating, "number"),
    (pa.types.is_decimal, "number"), (pa.types.is_date, "date"),
    (pa.types.is_timestamp, "timestamp"), (pa.types.is_boolean, "boolean"))


def logical_type(kind: pa.DataType) -> str:
    """The type a policy speaks of: text, integer, number, date, timestamp, boolean, other."""
    return next((name for test, name in _LOGICAL_TYPES if test(kind)), "other")


def as_dates(values: pa.Array) -> pa.Array:
    """A date32 column from dates, timestamps or text in the usual local and ISO forms."""
    kind = logical_type(values.type)
    if kind == "date":
        return values.cast(pa.date32())
    if kind == "timestamp":
        return pc.cast(values, pa.date32())
    text = pc.utf8_trim_whitespace(values.cast(pa.string()))
    result = pa.nulls(len(values), pa.timestamp("s"))
    for pattern in TEXT_DATE_FORMATS:
        parsed = pc.strptime(text, format=pattern, unit="s", error_is_null=True)
        result = pc.coalesce(result, parsed)
    return pc.cast(result, pa.date32())


def _years(values: pa.Array) -> pa.Array:
    return pc.year(as_dates(values))


def to_year(values: pa.Array) -> pa.Array:
    return _years(values).cast(pa.int32())


def to_month(values: pa.Array) -> pa.Array:
    return pc.strftime(pc.cast(as_dates(values), pa.timestamp("s")), format="%Y-%m")


def to_year_band(values: pa.Array, width: int) -> pa.Array:
    """1987 → "1985–1989" for a width of 5; "1980–1989" for a decade."""
    years = _years(values).to_numpy(zero_copy_only=False)
    return _bands(years, float(width), integer=True)


def to_age_band(values: pa.Array, width: float, as_of: dt.date) -> pa.Array:
    """Age on `as_of` in bands of `width` years: "30–39"."""
    dates = as_dates(values)
    born = pc.year(dates).to_numpy(zero_copy_only=False).astype(float)
    month = pc.month(dates).to_numpy(zero_copy_only=False).astype(float)
    day = pc.day(dates).to_numpy(zero_copy_only=False).astype(float)
    before_birthday = (month > as_of.month) | ((month == as_of.month) & (day > as_of.day))
    ages = as_of.year - born - before_birthday
    ages[ages < 0] = np.nan
    return _bands(ages, width, integer=True)


def to_range(values: pa.Array, width: float) -> pa.Array:
    """Numbers in bins of `width` starting at a multiple of it: "30–39" (integers, inclusive)
    or "2.5–5" (decimals, the upper end excluded)."""
    numbers = pc.cast(values, pa.float64()).to_numpy(zero_copy_only=False)
    integer = logical_type(values.type) == "integer" and float(width).is_integer()
    return _bands(numbers.astype(float), width, integer=integer)


def _bands(numbers: np.ndarray, width: float, *, integer: bool) -> pa.Array:
    present = ~np.isnan(numbers)
    lows = np.floor(numbers[present] / width) * width
    unique, inverse = np.unique(lows, return_inverse=True)
    labels = [_band(low, width, integer=integer) for low in unique]
    result = np.full(len(numbers), None, dtype=object)
    result[present] = np.asarray(labels, dtype=object)[inverse] if labels else []
    return pa.array(result, pa.string())


def _band(low: float, width: float, *, integer: bool) -> str:
    if integer:
        return f"{int(low)}{DASH}{int(low + width - 1)}"
    return f"{low:g}{DASH}{low + width:g}"


def to_prefix(values: pa.Array, length: int) -> pa.Array:
    text = pc.utf8_trim_whitespace(values.cast(pa.string()))
    return pc.utf8_slice_codeunits(text, 0, length)


def to_region(values: pa.Array) -> pa.Array:
    """An address or place name replaced by its oblast or city of republican significance
    (Kazakh name, from the KATO reference); null when no part of it names a known unit."""
    text = values.cast(pa.string())
    encoded = text.dictionary_encode()
    regions = pa.array([region_of(value) for value in encoded.dictionary.to_pylist()],
                       pa.string())
    return pc.take(regions, encoded.indices)


@lru_cache(maxsize=65536)
def region_of(text: str) -> str | None:
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    for part in parts:
        found = match_territory(part)
        if found is not None:
            return _top(found.unit).name_kk
    return None


def _top(unit: TerritorialUnit) -> TerritorialUnit:
    parent = unit_by_code(unit.parent_code) if unit.parent_code else None
    return unit if parent is None else _top(parent)


def suppress_all(values: pa.Array) -> pa.Array:
    """The last rung of every ladder: the column no longer tells anyone apart."""
    return pc.if_else(pc.is_null(values), pa.scalar(None, pa.string()),
                      pa.scalar(SUPPRESSED, pa.string()))


# --- ladders for k-anonymity --------------------------------------------------------------

@dataclass(frozen=True)
class Rung:
    """One level of generalisation of a quasi-identifier, named for the report."""

    label: str
    apply: Callable[[pa.Array], pa.Array]


def ladder(values: pa.Array, *, base: Rung, as_of: dt.date) -> list[Rung]:
    """The rungs from the policy's own treatment of a column up to full suppression: dates go
    month → year → 5 years → decade; ages and numbers widen their bands; places go to their
    region; everything ends in "*"."""
    kind = logical_type(values.type)
    rungs = [base]
    if kind in ("date", "timestamp") or (kind == "text" and _mostly_dates(values)):
        if base.label.startswith("age band"):
            width = float(base.label.split()[-1])
            rungs += [age_rung(width * 2, as_of), age_rung(width * 4, as_of)]
        else:
            later = {"exact": 0, "month": 1, "year": 2}.get(base.label, 4)
            rungs += [rung for position, rung in enumerate(_DATE_RUNGS) if position >= later]
    elif kind in ("integer", "number"):
        width = (float(base.label.split()[-1]) if base.label.startswith("range")
                 else _nice_width(values))
        rungs += [range_rung(width * factor) for factor in (1, 2, 5, 10, 20)
                  if width * factor > 0 and not (factor == 1 and base.label.startswith("range"))]
    elif kind == "text" and base.label != "region" and _mostly_places(values):
        rungs.append(Rung("region", to_region))
    rungs.append(Rung(SUPPRESSED, suppress_all))
    return rungs


def age_rung(width: float, as_of: dt.date) -> Rung:
    return Rung(f"age band {width:g}", lambda values: to_age_band(values, width, as_of))


def range_rung(width: float) -> Rung:
    return Rung(f"range {width:g}", lambda values: to_range(values, width))


_DATE_RUNGS = (
    Rung("month", to_month),
    Rung("year", to_year),
    Rung("5 years", lambda values: to_year_band(values, 5)),
    Rung("decade", lambda values: to_year_band(values, 10)),
)


def _nice_width(values: pa.Array) -> float:
    """A round bin width giving about fifty bins over the column's range."""
    numbers = pc.min_max(pc.cast(values, pa.float64()))
    low, high = numbers["min"].as_py(), numbers["max"].as_py()
    if low is None or high is None or high <= low:
        return 1.0
    raw = float(high - low) / 50
    power = 10.0 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def _sample(values: pa.Array, size: int = 1000) -> list[str]:
    present = pc.drop_null(values.cast(pa.string()))
    unique: list[str] = pc.unique(present)[:size].to_pylist()
    return unique


def _mostly_dates(values: pa.Array) -> bool:
    sample = pa.array(_sample(values), pa.string())
    return len(sample) > 0 and pc.sum(pc.is_valid(as_dates(sample))).as_py() >= 0.8 * len(sample)


def _mostly_places(values: pa.Array) -> bool:
    sample = _sample(values, 200)
    return bool(sample) and sum(region_of(value) is not None for value in sample) >= 0.8 * len(
        sample)
