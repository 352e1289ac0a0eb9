"""Bank card numbers and Kazakhstan's IBANs.

A card is 13-19 digits that pass the Luhn check, start with 2-6 (Mir, Visa, Mastercard, Amex,
UnionPay, Maestro) and are not one digit repeated; written in a row or in the groups printed on
cards (4-4-4-4, 4-4-4-4-3, 4-6-4, 4-6-5), since digits grouped otherwise are some other number.
A 12-digit IIN is never a card. An IBAN KZ is KZ, two check digits, a 3-digit bank code and 13
letters or digits (20 characters, optionally in groups of four) with ISO 13616 mod-97 == 1.
"""

from __future__ import annotations

import re

from aqyl.privacy.detectors.contacts import PRODUCT_WORDS
from aqyl.privacy.detectors.registry import EDGE_AFTER, EDGE_BEFORE, PatternDetector

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


def mask_iban(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} **** **** **** {compact[-4:]}"


CARD = PatternDetector(
    kind="card",
    hints=("карта", "карты", "номер карты", "банковская карта", "карта нөмірі", "картасы",
           "карточка", "card", "card number", "card no", "pan", "bank card"),
    pattern=_CARD_TEXT, check=is_card, redact=mask_card, shape=rf"^({_CARD})$",
    decoys=PRODUCT_WORDS,
)
IBAN = PatternDetector(
    kind="iban",
    hints=("iban", "жск", "иик", "иик iban", "счет", "счёт", "расчетный счет", "расчётный счёт",
           "банковский счет", "шот", "есепшот", "есеп шоты", "банк шоты", "account",
           "bank account", "account number"),
    pattern=_IBAN_TEXT, check=is_kz_iban, redact=mask_iban, shape=rf"^{_IBAN}$",
)
DETECTORS = (CARD, IBAN)
