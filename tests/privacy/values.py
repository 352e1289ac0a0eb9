"""Valid test values computed from the published algorithms, written here independently of the
code under test, so the tests never trust a number nobody can verify."""

from __future__ import annotations

from aqyl.privacy.detectors import Span


def mod11_check(first_eleven: str) -> int | None:
    digits = [int(c) for c in first_eleven]
    for weights in (range(1, 12), [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def complete_mod11(first_eleven: str) -> str:
    digit = mod11_check(first_eleven)
    assert digit is not None, first_eleven
    return first_eleven + str(digit)


def make_iin(birth: str = "900101", century_sex: int = 3, serial: str = "0001") -> str:
    """An IIN for a YYMMDD birth date; the serial is bumped until a check digit exists."""
    for bump in range(100):
        head = f"{birth}{century_sex}{int(serial) + bump:04d}"
        if mod11_check(head) is not None:
            return complete_mod11(head)
    raise AssertionError("no IIN")


def make_bin(yymm: str = "0805", kind: int = 4, rest: str = "00001") -> str:
    for bump in range(100):
        head = f"{yymm}{kind}{int(rest) + bump:06d}"
        if mod11_check(head) is not None:
            return complete_mod11(head)
    raise AssertionError("no BIN")


def wrong_mod11(valid: str) -> str:
    """The same 11 digits with any other last digit: the check fails."""
    return valid[:11] + str((int(valid[11]) + 1) % 10)


def luhn_complete(partial: str) -> str:
    """Append the Luhn check digit (ISO/IEC 7812)."""
    total = 0
    for position, char in enumerate(reversed(partial)):
        digit = int(char)
        if position % 2 == 0:  # doubled: these sit at odd places once the check digit is added
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return partial + str((10 - total % 10) % 10)


def luhn_broken(valid: str) -> str:
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


def make_kz_iban(bban: str = "125KZT5004100100") -> str:
    """ISO 13616 check digits: 98 - (BBAN + "KZ00" as digits, A=10…Z=35) mod 97."""
    numeric = "".join(str(int(c, 36)) for c in bban + "KZ00")
    return f"KZ{98 - int(numeric) % 97:02d}{bban}"


def grouped(value: str, size: int = 4) -> str:
    return " ".join(value[i:i + size] for i in range(0, len(value), size))


def span(kind: str, start: int, text: str) -> Span:
    """The span of `text` found at `start`."""
    return Span(kind, start, start + len(text), text)
