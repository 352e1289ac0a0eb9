"""Bank card numbers and Kazakhstan's IBANs.

A card is 13-19 digits that pass the Luhn check, start with 2-6 (Mir, Visa, Mastercard, Amex,
UnionPay, Maestro) and are not one digit repeated; written in a row or in the groups printed on
cards (4-4-4-4, 4-4-4-4-3, 4-6-4, 4-6-5), since digits grouped otherwise are some other number.
A 12-digit IIN is never a card. An IBAN KZ is KZ, two check digits, a 3-digit bank code and 13
letters or digits (20 characters, optionally in groups of four) with ISO 13616 mod-97 == 1.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aqyl.privacy.detectors.contacts import PRODUCT_WORDS
from aqyl.privacy.detectors.registry import EDGE_AFTER, EDGE_BEFORE, Mask, PatternDetector

_CARD = (r"[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{3})?"
         r"|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}"
         r"|[0-9]{13,19}")
# a card neither follows nor precedes another group of digits (an account number, a list)
_CARD_TEXT = re.compile(rf"{EDGE_BEFORE}(?<![0-9][ -])(?:{_CARD}){EDGE_AFTER}(?![ -][0-9]{{4}})")
_IBAN = r"[Kk][Zz][0-9]{2}(?: ?[0-9A-Za-z]{4}){4}"
_IBAN_TEXT = re.compile(rf"{EDGE_BEFORE}{_IBAN}{EDGE_AFTER}")


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def is_card(value: str) -> bool:
    if not re.fullmatch(_CARD, value):
        return False
    digits = re.sub(r"[ -]", "", value)
    if digits[0] not in "23456" or len(set(digits)) == 1:
        return False
    return luhn_ok(digits)


def _char_rows(values: pa.Array, width: int) -> np.ndarray:
    """Strings all `width` ASCII characters long as an (n, width) matrix of byte codes."""
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[values.offset:]
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)
    return data[offsets[0]:offsets[0] + width * len(values)].reshape(len(values), width)


def _mask(array: pa.Array | pa.ChunkedArray) -> Mask:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def card_column(values: pa.Array) -> Mask:
    """`is_card` over a column: the shape in Arrow, then the scheme, repetition and Luhn in
    NumPy, one digit position at a time for all numbers of a length (13-19) at once."""
    result = np.zeros(len(values), dtype=bool)
    shaped = _mask(pc.match_substring_regex(values, rf"^({_CARD})$"))
    digits = pc.replace_substring(pc.replace_substring(values, " ", ""), "-", "")
    lengths = pc.utf8_length(digits).to_numpy(zero_copy_only=False)
    for length in range(13, 20):
        rows = np.flatnonzero(shaped & (lengths == length))
        if not len(rows):
            continue
        chars = _char_rows(digits.take(pa.array(rows)), length)
        total = np.zeros(len(rows), dtype=np.int32)
        repeated = np.ones(len(rows), dtype=bool)
        for position in range(length):
            digit = chars[:, position].astype(np.int32) - ord("0")
            if (length - 1 - position) % 2:
                digit = digit * 2
                digit = np.where(digit > 9, digit - 9, digit)
            total += digit
            repeated &= chars[:, position] == chars[:, 0]
        first = chars[:, 0]
        result[rows] = (first >= ord("2")) & (first <= ord("6")) & ~repeated & (total % 10 == 0)
    return result


def mask_card(value: str) -> str:
    """4400 **** **** 1234: the issuer and the last four, as on a receipt."""
    digits = re.sub(r"[ -]", "", value)
    return f"{digits[:4]} **** **** {digits[-4:]}"


def iban_remainder(iban: str) -> int:
    """ISO 13616: move the first four characters to the end, letters to 10-35, mod 97."""
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97


def is_kz_iban(value: str) -> bool:
    if not re.fullmatch(_IBAN, value):
        return False
    compact = value.replace(" ", "").upper()
    return compact[4:7].isdigit() and iban_remainder(compact) == 1


def iban_column(values: pa.Array) -> Mask:
    """`is_kz_iban` over a column: ISO 13616 mod-97 in NumPy, one character position at a time
    for every value."""
    result = np.zeros(len(values), dtype=bool)
    rows = np.flatnonzero(_mask(pc.match_substring_regex(values, rf"^{_IBAN}$")))
    if not len(rows):
        return result
    compact = pc.utf8_upper(pc.replace_substring(values.take(pa.array(rows)), " ", ""))
    chars = _char_rows(compact, 20)
    remainder = np.zeros(len(rows), dtype=np.int32)
    for position in (*range(4, 20), *range(4)):
        code = chars[:, position].astype(np.int32)
        letter = code >= ord("A")  # A=10 ... Z=35: two digits
        remainder = (remainder * np.where(letter, 100, 10)
                     + code - np.where(letter, ord("A") - 10, ord("0"))) % 97
    bank_code = (chars[:, 4:7] <= ord("9")).all(axis=1)
    result[rows] = bank_code & (remainder == 1)
    return result


def mask_iban(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} **** **** **** {compact[-4:]}"


CARD = PatternDetector(
    kind="card",
    hints=("карта", "карты", "номер карты", "банковская карта", "карта нөмірі", "картасы",
           "карточка", "card", "card number", "card no", "pan", "bank card"),
    pattern=_CARD_TEXT, check=is_card, redact=mask_card, shape=rf"^({_CARD})$",
    decoys=PRODUCT_WORDS, column_check=card_column,
)
IBAN = PatternDetector(
    kind="iban",
    hints=("iban", "жск", "иик", "иик iban", "счет", "счёт", "расчетный счет", "расчётный счёт",
           "банковский счет", "шот", "есепшот", "есеп шоты", "банк шоты", "account",
           "bank account", "account number"),
    pattern=_IBAN_TEXT, check=is_kz_iban, redact=mask_iban, shape=rf"^{_IBAN}$",
    column_check=iban_column,
)
DETECTORS = (CARD, IBAN)
