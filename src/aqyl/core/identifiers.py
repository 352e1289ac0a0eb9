"""Kazakhstan's 12-digit identifiers: IIN (individuals) and BIN (legal entities).

Both end in a check digit computed by the two-pass weighted mod-11 algorithm.
"""

from __future__ import annotations

_FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when no digit is valid (both passes give 10)."""
    digits = [int(ch) for ch in first_eleven]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _has_valid_checksum(value: str) -> bool:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    expected = check_digit(value[:11])
    return expected is not None and expected == int(value[11])


def is_valid_bin(value: str) -> bool:
    """True when `value` is a well-formed BIN: registration month, entity type, checksum."""
    if not _has_valid_checksum(value):
        return False
    month = int(value[2:4])
    return 1 <= month <= 12 and value[4] in "456" and value[5] in "0123"
