"""Identity documents and vehicle plates.

- ID card (жеке куәлік, удостоверение личности): 9 digits, often after "№". Nine digits alone
  are as likely a KATO code, an order or a contract number, so a column needs a header hint and
  free text needs a context word (куәлік, удостоверени, уд. личн, ID card…) within 40
  characters before the number (or 12 after); "№" alone is not enough.
- Passport: N and 8 digits (N12345678; a Cyrillic Н typed for the Latin N counts too).
- Vehicle plate, the format since 2012: 3 digits, 2 (organisations) or 3 (people) Latin
  letters and the region code 01-20, with or without spaces: 123 ABC 01, 777AB02; and the
  1993 format still on the roads: the region letter, 3 digits, 2 or 3 letters (A 585 CUO,
  Z001AA). Currency codes and units are not plate letters ("450 USD 12", "Z 100 KG").
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aqyl.privacy.detectors.registry import EDGE_AFTER, EDGE_BEFORE, Mask, PatternDetector

ID_CARD_CONTEXT = ("куәлі", "удостоверени", "уд. личн", "уд.личн", "уд.л.", "id card",
                   "identity card", "id-card", "national id")
_ID_CARD = r"(№ ?)?[0-9]{9}"
_PASSPORT = r"[NН][0-9]{8}"
_REGION = r"(?:0[1-9]|1[0-9]|20)"
_NEW_PLATE = rf"[0-9]{{3}} ?[A-Z]{{2,3}} ?{_REGION}"
_OLD_PLATE = r"[ZACOWDBVELHKMPNRXSTFU] ?[0-9]{3} ?[A-Z]{2,3}"  # region letters of 1993-2012
_PLATE = rf"(?:{_NEW_PLATE}|{_OLD_PLATE})"
NOT_PLATE_LETTERS = frozenset({"USD", "EUR", "KZT", "RUB", "CNY", "GBP", "TRY", "KGS", "UZS",
                               "KG", "KM", "MB", "GB", "KB", "MM", "CM", "KW", "MW", "PM", "AM"})


def _matches(values: pa.Array, regex: str) -> Mask:
    return np.asarray(pc.fill_null(pc.match_substring_regex(values, regex), False)
                      .to_numpy(zero_copy_only=False), dtype=bool)


def shape_column(shape: str) -> Callable[[pa.Array], Mask]:
    """A column check for kinds whose shape is the whole rule (ID card, passport): Arrow's
    regex alone, no Python per value."""
    return lambda values: _matches(values, shape)


def plate_column(values: pa.Array) -> Mask:
    """`is_plate` over a column: the format, and not a price in a currency ("450 USD 12")."""
    letters = "|".join(sorted(NOT_PLATE_LETTERS))
    return ((_matches(values, rf"^{_NEW_PLATE}$")
             & ~_matches(values, rf"^[0-9]{{3}} ?(?:{letters}) ?[0-9]{{2}}$"))
            | (_matches(values, rf"^{_OLD_PLATE}$")
               & ~_matches(values, rf"^[A-Z] ?[0-9]{{3}} ?(?:{letters})$")))


def is_id_card(value: str) -> bool:
    return re.fullmatch(_ID_CARD, value) is not None


def mask_id_card(value: str) -> str:
    digits = value.lstrip("№ ")
    return "*" * 6 + digits[-3:]


def is_passport(value: str) -> bool:
    return re.fullmatch(_PASSPORT, value) is not None


def mask_passport(value: str) -> str:
    return value[0] + "*" * 5 + value[-3:]


def is_plate(value: str) -> bool:
    if re.fullmatch(_NEW_PLATE, value):
        return re.sub(r"[^A-Z]", "", value) not in NOT_PLATE_LETTERS
    if re.fullmatch(_OLD_PLATE, value):
        return re.sub(r"[^A-Z]", "", value)[1:] not in NOT_PLATE_LETTERS
    return False


def mask_plate(value: str) -> str:
    """*** ABC 01 (A *** CUO): the series and the region say little without the number."""
    compact = value.replace(" ", "")
    if compact[0].isalpha():
        return f"{compact[0]} *** {compact[4:]}"
    return f"*** {compact[3:-2]} {compact[-2:]}"


ID_CARD = PatternDetector(
    kind="id_card",
    hints=("удостоверение личности", "уд личности", "удостоверение", "номер удостоверения",
           "жеке куәлік", "жеке куәлік нөмірі", "куәлік", "куәлік нөмірі", "id card",
           "identity card", "id card number", "national id"),
    pattern=re.compile(rf"{EDGE_BEFORE}[0-9]{{9}}{EDGE_AFTER}"), check=is_id_card,
    redact=mask_id_card, shape=rf"^{_ID_CARD}$", context=ID_CARD_CONTEXT, needs_hint=True,
    column_check=shape_column(rf"^{_ID_CARD}$"),
)
PASSPORT = PatternDetector(
    kind="passport",
    hints=("паспорт", "паспорта", "номер паспорта", "паспорт нөмірі", "төлқұжат", "passport",
           "passport number", "passport no"),
    pattern=re.compile(rf"(?<![\w]){_PASSPORT}{EDGE_AFTER}"), check=is_passport,
    redact=mask_passport, shape=rf"^{_PASSPORT}$", column_check=shape_column(rf"^{_PASSPORT}$"),
)
VEHICLE_PLATE = PatternDetector(
    kind="vehicle_plate",
    hints=("мемлекеттік нөмір", "мемлекеттік нөмірі", "мемлекеттік тіркеу нөмірі", "госномер",
           "гос номер", "государственный номер", "грнз", "номерной знак", "plate",
           "license plate", "licence plate", "registration plate", "plate number",
           "vehicle number"),
    pattern=re.compile(rf"{EDGE_BEFORE}{_PLATE}{EDGE_AFTER}"), check=is_plate,
    redact=mask_plate, shape=rf"^{_PLATE}$", column_check=plate_column,
)
DETECTORS = (ID_CARD, PASSPORT, VEHICLE_PLATE)
