"""What a column means, judged from its type, its counts and the sampled values.

The types, in the order they are tried for text:

| type | when |
| --- | --- |
| empty | no non-null, non-blank value |
| iin, bin, iin_bin | ≥ 90% of sampled values are valid IINs, BINs, or either (checksum and date) |
| kato | ≥ 90% are 9-digit codes that start with a KATO region code |
| email, url, phone | ≥ 90% look like one (phones: +7/8 and 10 digits, or + and 10-14 digits) |
| categorical | at most 10,000 distinct values and at least 10 rows per value on average |
| identifier | ≥ 95% digits only (codes, never numbers: leading zeros stay), or ≥ 90% distinct, |
|            | ≥ 95% without spaces and at least half with a digit (ST-0042, not place names) |
| free_text | mean length of 40 characters or more |
| short_text | the rest |

Other physical types: boolean, integer (identifier when a unique key whose sampled values climb
in order, like row numbers; iin/bin when 12-digit
numbers pass the checksum), decimal, float, date, timestamp, time, binary, nested, other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aqyl.quality.kz_identifiers import bin_mask, iin_mask

SEMANTIC_TYPES = ("empty", "boolean", "integer", "decimal", "float", "date", "timestamp", "time",
                  "iin", "bin", "iin_bin", "kato", "email", "url", "phone", "categorical",
                  "identifier", "free_text", "short_text", "binary", "nested", "other")
MATCH_SHARE = 0.9
CATEGORICAL_LEVELS = 10_000
FREE_TEXT_LENGTH = 40
# the first two digits of KATO codes: the regions and the cities of republican significance
KATO_REGIONS = ("10", "11", "15", "19", "23", "27", "31", "33", "35", "39", "43", "47", "51",
                "55", "59", "61", "62", "63", "71", "75", "79")
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_URL = r"^((https?|ftp)://|www\.)[^\s]+$"
_PHONE = r"^((\+?7|8)[0-9]{10}|\+[0-9]{10,14})$"
_KATO = rf"^({'|'.join(KATO_REGIONS)})[0-9]{{7}}$"


@dataclass(frozen=True)
class Semantic:
    type: str
    share: float | None = None  # of the sampled values that fit `type`


def judge_number(kind: str, *, unique: bool, sample: pa.Array | None, rows: int = 0,
                 span: int | None = None) -> Semantic:
    """integer/decimal/float columns; 12-digit integers may be IINs that lost a leading zero.
    A unique integer column is an identifier when its values number the rows (`span`, max -
    min + 1, within twice the row count, in any order); unique measures (the populations of 20
    regions) are spread far wider."""
    if kind != "integer":
        return Semantic(kind)
    if sample is not None and len(sample):
        values = pc.cast(sample, pa.int64(), safe=False)
        big = pc.and_(pc.greater_equal(values, 10**9), pc.less(values, 10**12))
        if pc.mean(pc.cast(big, pa.int8())).as_py() >= MATCH_SHARE:
            padded = pc.utf8_lpad(pc.cast(values, pa.string()), 12, "0")
            found = _identifier_kind(padded)
            if found is not None:
                return found
    numbering = unique and span is not None and span <= 2 * rows
    return Semantic("identifier" if numbering else "integer")


def judge_text(sample: pa.Array, *, count: int, distinct: int, unique: bool,
               mean_length: float | None) -> Semantic:
    """Text columns, from the sampled non-null values and the column's exact counts."""
    values = pc.utf8_trim_whitespace(sample)
    values = values.filter(pc.greater(pc.utf8_length(values), 0))
    if count == 0 or len(values) == 0:
        return Semantic("empty")
    found = _identifier_kind(values) or _format_kind(values)
    if found is not None:
        return found
    return _text_kind(values, count=count, distinct=distinct, unique=unique,
                      mean_length=mean_length)


def _format_kind(values: pa.Array) -> Semantic | None:
    for name, pattern in (("kato", _KATO), ("email", _EMAIL), ("url", _URL)):
        share = _share(pc.match_substring_regex(values, pattern))
        if share >= MATCH_SHARE:
            return Semantic(name, share)
    phone = pc.replace_substring_regex(values, r"[\s()\-]", "")
    share = _share(pc.match_substring_regex(phone, _PHONE))
    return Semantic("phone", share) if share >= MATCH_SHARE else None


def _text_kind(values: pa.Array, *, count: int, distinct: int, unique: bool,
               mean_length: float | None) -> Semantic:
    if distinct <= CATEGORICAL_LEVELS and distinct * 10 <= count:
        return Semantic("categorical")
    digits = _share(pc.match_substring_regex(values, r"^[0-9]+$"))
    if digits >= 0.95:
        return Semantic("identifier", digits)
    no_spaces = 1.0 - _share(pc.match_substring_regex(values, r"\s"))
    with_digits = _share(pc.match_substring_regex(values, r"[0-9]"))
    if (unique or distinct >= 0.9 * count) and no_spaces >= 0.95 and with_digits >= 0.5:
        return Semantic("identifier", no_spaces)  # codes such as ST-0042; not place names
    if mean_length is not None and mean_length >= FREE_TEXT_LENGTH:
        return Semantic("free_text")
    return Semantic("short_text")


def _identifier_kind(values: pa.Array) -> Semantic | None:
    iin, bin_ = iin_mask(values), bin_mask(values)
    for name, mask in (("iin", iin), ("bin", bin_), ("iin_bin", iin | bin_)):
        share = float(np.mean(mask)) if len(mask) else 0.0
        if share >= MATCH_SHARE:
            return Semantic(name, share)
    return None


def _share(matches: pa.Array) -> float:
    mean = pc.mean(pc.cast(pc.fill_null(matches, False), pa.int8())).as_py()
    return float(mean or 0.0)
