"""Kazakhstan's 12-digit identifiers: IIN (people) and BIN (organisations).

Both end in the same check digit: the first 11 digits weighted 1..11, sum mod 11; a remainder
of 10 is recomputed with the weights 3..11, 1, 2, and a second 10 means no valid number exists
for those 11 digits. Beyond the check digit:

- IIN: YYMMDD birth date, then a 7th digit for the century and sex (1/2: 1800s, 3/4: 1900s,
  5/6: 2000s); the date must exist in that century (an IIN dated 30 February is not an IIN).
- BIN: YYMM of registration (month 01-12), then a 5th digit for the kind of entity (4: legal
  entity resident, 5: non-resident, 6: individual entrepreneur under a joint venture); the
  6th digit (head office, branch, representative office…) is not checked.

`is_valid_iin`/`is_valid_bin` judge one value (tests, forms); `iin_mask`/`bin_mask` judge a
whole Arrow string column at once with NumPy, for the profiler.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}
BIN_KINDS = frozenset({4, 5, 6})

Mask = npt.NDArray[np.bool_]


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for these 11 digits, or None when both passes give 10."""
    digits = [int(char) for char in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder < 10:
            return remainder
    return None


def _twelve_digits(value: str) -> bool:
    return len(value) == 12 and value.isascii() and value.isdigit()


def is_valid_iin(value: str) -> bool:
    if not _twelve_digits(value) or int(value[6]) not in CENTURIES:
        return False
    year = CENTURIES[int(value[6])] + int(value[:2])
    try:
        dt.date(year, int(value[2:4]), int(value[4:6]))
    except ValueError:
        return False
    return check_digit(value[:11]) == int(value[11])


def is_valid_bin(value: str) -> bool:
    if not _twelve_digits(value) or not 1 <= int(value[2:4]) <= 12:
        return False
    if int(value[4]) not in BIN_KINDS:
        return False
    return check_digit(value[:11]) == int(value[11])


def iin_mask(values: pa.Array | pa.ChunkedArray) -> Mask:
    """True where a value of a string column is a valid IIN (nulls are False)."""
    digits, shaped = _digit_matrix(values)
    ok = _checksum_ok(digits)
    century = digits[:, 6]
    ok &= (century >= 1) & (century <= 6)
    year = np.where(century <= 2, 1800, np.where(century <= 4, 1900, 2000))
    year = year + digits[:, 0] * 10 + digits[:, 1]
    month = digits[:, 2] * 10 + digits[:, 3]
    day = digits[:, 4] * 10 + digits[:, 5]
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= _days_in_month(year, month))
    return _scatter(shaped, ok)


def bin_mask(values: pa.Array | pa.ChunkedArray) -> Mask:
    """True where a value of a string column is a valid BIN (nulls are False)."""
    digits, shaped = _digit_matrix(values)
    month = digits[:, 2] * 10 + digits[:, 3]
    ok = _checksum_ok(digits) & (month >= 1) & (month <= 12)
    ok &= np.isin(digits[:, 4], list(BIN_KINDS))
    return _scatter(shaped, ok)


def _digit_matrix(values: pa.Array | pa.ChunkedArray) -> tuple[npt.NDArray[np.int64], Mask]:
    """The values that are exactly 12 ASCII digits as an (n, 12) matrix of digits, and where
    they sit in the column."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks else pa.array([], pa.string())
    values = values.cast(pa.string())
    shaped = pc.fill_null(pc.match_substring_regex(values, r"^[0-9]{12}$"), False)
    mask = np.asarray(shaped.to_numpy(zero_copy_only=False), dtype=bool)
    if not mask.any():
        return np.zeros((0, 12), dtype=np.int64), mask
    chosen = values.filter(shaped)  # each value is 12 bytes, so the bytes lie back to back
    offsets = np.frombuffer(chosen.buffers()[1], dtype=np.int32)
    start = offsets[chosen.offset]
    data = np.frombuffer(chosen.buffers()[2], dtype=np.uint8)[start:start + 12 * len(chosen)]
    return data.reshape(-1, 12).astype(np.int64) - ord("0"), mask


def _checksum_ok(digits: npt.NDArray[np.int64]) -> Mask:
    first = (digits[:, :11] @ np.array(FIRST_WEIGHTS)) % 11
    second = (digits[:, :11] @ np.array(SECOND_WEIGHTS)) % 11
    expected = np.where(first < 10, first, np.where(second < 10, second, -1))
    result: Mask = expected == digits[:, 11]
    return result


def _days_in_month(year: npt.NDArray[np.int64], month: npt.NDArray[np.int64]
                   ) -> npt.NDArray[np.int64]:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days = np.array([31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)]
    result: npt.NDArray[np.int64] = days + ((month == 2) & leap)
    return result


def _scatter(shaped: Mask, ok: Mask) -> Mask:
    result = np.zeros(len(shaped), dtype=bool)
    result[shaped] = ok
    return result
