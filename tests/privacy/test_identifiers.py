"""IIN and BIN: valid numbers, numbers that fail the check or the date, and decoys in text."""

from __future__ import annotations

import pytest

from aqyl.privacy.detectors import find_spans
from aqyl.privacy.detectors.identifiers import BIN, IIN
from tests.privacy.values import make_bin, make_iin, span, wrong_mod11

VALID_IINS = [make_iin("900101", 3), make_iin("051231", 6), make_iin("000229", 5),
              make_iin("991130", 4)]


@pytest.mark.parametrize("value", VALID_IINS)
def test_valid_iins(value: str) -> None:
    assert IIN.validate(value)
    assert IIN.validate(f"  {value} ")
    assert not BIN.validate(value)


@pytest.mark.parametrize("value", [
    wrong_mod11(make_iin()),  # a contract number: right shape, wrong check digit
    make_iin("900230", 3),  # 30 February: the check digit is right, the date impossible
    make_iin("010229", 5),  # 29 February 2001 did not exist
    make_iin("901301", 3),  # month 13
    make_iin("900101", 7),  # no century digit 7
    "90010130001",  # eleven digits
    "9001013000171",  # thirteen
    "90010130001O",  # a letter O for a zero
])
def test_invalid_iins(value: str) -> None:
    assert not IIN.validate(value)


def test_valid_and_invalid_bins() -> None:
    valid = make_bin("0805", 4)
    assert BIN.validate(valid)
    assert not IIN.validate(valid)
    assert not BIN.validate(wrong_mod11(valid))
    assert not BIN.validate(make_bin("0813", 4))  # month 13
    assert not BIN.validate(make_bin("0805", 7))  # no entity kind 7


def test_mask_keeps_the_birth_date() -> None:
    assert IIN.mask("900101300017") == "900101******"


def test_iin_in_text_only_as_a_whole_number() -> None:
    iin = make_iin()
    assert find_spans(f"ЖСН {iin}.") == [span("iin", 4, iin)]
    assert find_spans(f"ИИН:{iin}") == [span("iin", 4, iin)]
    assert find_spans(f"счёт 4{iin}7") == []  # twelve digits inside fourteen
    assert find_spans(f"код AB{iin}") == []  # a piece of an alphanumeric code
    contract = wrong_mod11(iin)
    assert find_spans(f"Договор № {contract} от 01.02.2024") == []


def test_iin_and_bin_side_by_side() -> None:
    iin, bin_ = make_iin(), make_bin()
    text = f"ЖК {iin}, ТОО БСН {bin_}"
    assert find_spans(text) == [span("iin", 3, iin), span("bin", 3 + 12 + 10, bin_)]

