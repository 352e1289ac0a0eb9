import pytest

from aqyl.core.identifiers import check_digit, is_valid_bin


def test_check_digit_first_pass() -> None:
    # 1*2+2*5+3*0+4*1+5*4+6*0+7*0+8*1+9*2+10*3+11*4 = 136; 136 % 11 = 4
    assert check_digit("25014001234") == 4


def test_check_digit_falls_back_to_second_weights() -> None:
    # Find an 11-digit head whose first pass gives 10: the second pass decides.
    head = next(f"2401400{n:04d}" for n in range(10000)
                if sum(int(d) * w for d, w in zip(f"2401400{n:04d}", range(1, 12), strict=True))
                % 11 == 10)
    weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
    second = sum(int(d) * w for d, w in zip(head, weights, strict=True)) % 11
    assert check_digit(head) == (None if second == 10 else second)


@pytest.mark.parametrize("value", ["250140012344"])
def test_valid_bins(value: str) -> None:
    assert is_valid_bin(value)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("250140012345", "wrong check digit"),
        ("251340012344", "month 13"),
        ("25014001234", "11 digits"),
        ("2501400123444", "13 digits"),
        ("25014OO12344", "letters"),
        ("２５０１４００１２３４４", "full-width digits"),
        ("250110012343", "entity type 1 is an individual, not a legal entity"),
        ("", "empty"),
    ],
)
def test_invalid_bins(value: str, why: str) -> None:
    assert not is_valid_bin(value), why
