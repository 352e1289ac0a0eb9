"""IIN/BIN check digits, dates and kinds, one value at a time and a whole column at once."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from aqyl.quality.kz_identifiers import (
    bin_mask,
    check_digit,
    iin_mask,
    is_valid_bin,
    is_valid_iin,
)


def test_check_digit_first_pass() -> None:
    # 9,0,0,1,0,1,3,0,0,1,2 x 1..11 = 9+0+0+4+0+6+21+0+0+10+22 = 72; 72 mod 11 = 6
    assert check_digit("90010130012") == 6
    assert is_valid_iin("900101300126")
    assert not is_valid_iin("900101300125")


def test_check_digit_second_pass() -> None:
    # 8,5,0,8,0,8,3,1,0,7,3 x 1..11 = 230, 230 mod 11 = 10: weights 3..11,1,2 give
    # 24+20+0+48+0+64+27+10+0+7+6 = 206, 206 mod 11 = 8
    assert check_digit("85080831073") == 8
    assert is_valid_iin("850808310738")


def test_no_check_digit_when_both_passes_give_ten() -> None:
    # 0,0,0,0,0,0,0,0,2,8,1: 2x9 + 8x10 + 1x11 = 109, 109 mod 11 = 10;
    # second weights 11, 1, 2 on the same digits: 22 + 8 + 2 = 32, 32 mod 11 = 10
    assert check_digit("00000000281") is None
    assert not any(is_valid_bin(f"040340000281{d}"[-12:]) for d in range(10))
    assert not iin_mask(pa.array([f"00000000281{d}" for d in range(10)])).any()


@pytest.mark.parametrize(("value", "valid"), [
    ("000229500018", True),  # 29 February 2000, born in the 2000s (5): a leap day
    ("010229500016", False),  # 29 February 2001 does not exist
    ("991301300010", False),  # month 13
    ("900101700126", False),  # 7th digit 7: no such century
    ("90010130012", False),  # 11 digits
    ("9001013001２6", False),  # a fullwidth digit
    ("", False),
])
def test_iin_dates_and_centuries(value: str, valid: bool) -> None:
    assert is_valid_iin(value) is valid


def test_bin() -> None:
    # 0,4,0,3,4,0,0,0,0,0,1 x 1..11 = 0+8+0+12+20+0+0+0+0+0+11 = 51; 51 mod 11 = 7
    assert check_digit("04034000001") == 7
    assert is_valid_bin("040340000017")
    assert not is_valid_bin("041340000017")  # month 13
    assert not is_valid_bin("040370000017")  # kind 7


def test_masks_agree_with_the_scalar_checks_on_random_values() -> None:
    rng = np.random.default_rng(7)
    values: list[str | None] = []
    for _ in range(20_000):
        digits = "".join(str(d) for d in rng.integers(0, 10, 11))
        check = check_digit(digits)
        values.append(digits + str(check if check is not None and rng.random() < 0.7
                                    else rng.integers(0, 10)))
    values += [None, "abc", "1234567890123", "00022950001８"]
    column = pa.array(values, pa.string())
    assert iin_mask(column).tolist() == [v is not None and is_valid_iin(v) for v in values]
    assert bin_mask(column).tolist() == [v is not None and is_valid_bin(v) for v in values]
    assert iin_mask(column).sum() > 100  # the random dates do produce valid ones
    chunked = pa.chunked_array([column.slice(0, 5), column.slice(5)])
    assert iin_mask(chunked).tolist() == iin_mask(column).tolist()
