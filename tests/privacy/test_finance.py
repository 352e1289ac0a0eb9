"""Bank cards (Luhn) and IBAN KZ (mod-97): valid values, broken checks, look-alikes."""

from __future__ import annotations

import pyarrow as pa
import pytest

from aqyl.privacy.detectors import find_spans
from aqyl.privacy.detectors.finance import CARD, IBAN
from tests.privacy.values import grouped, luhn_broken, luhn_complete, make_iin, make_kz_iban, span

VISA = luhn_complete("440043012345678")
MASTERCARD = luhn_complete("540012345678901")
MIR = luhn_complete("220012345678901234")  # 19 digits
AMEX = luhn_complete("37123456789012")  # 15 digits


@pytest.mark.parametrize("value", [
    VISA, grouped(VISA), grouped(VISA).replace(" ", "-"), MASTERCARD, MIR, grouped(MIR),
    AMEX, f"{AMEX[:4]} {AMEX[4:10]} {AMEX[10:]}", luhn_complete("411111111111"),  # 13 digits
])
def test_cards(value: str) -> None:
    assert CARD.validate(value)


@pytest.mark.parametrize("value", [
    luhn_broken(VISA), grouped(luhn_broken(VISA)),
    make_iin(),  # twelve digits: an IIN, never a card
    luhn_complete("940043012345678"),  # no card scheme starts with 9
    "0000 0000 0000 0000",  # passes Luhn, is not a card
    f"{VISA[:6]} {VISA[6:]}",  # grouped unlike any card
    luhn_complete("44004301234567890123"),  # 21 digits
])
def test_not_cards(value: str) -> None:
    assert not CARD.validate(value)


def test_card_mask() -> None:
    assert CARD.mask(grouped(VISA)) == f"4400 **** **** {VISA[-4:]}"


def test_cards_in_text() -> None:
    text = f"Карта нөмірі: {grouped(VISA)}, мерзімі 12/27."
    assert find_spans(text) == [span("card", 14, grouped(VISA))]
    text = f"Card {grouped(VISA)} 12/27, CVV hidden"
    assert find_spans(text) == [span("card", 5, grouped(VISA))]
    text = f"Оплата картой {VISA} прошла"
    assert find_spans(text) == [span("card", 14, VISA)]
    assert find_spans(f"Карта {grouped(luhn_broken(VISA))}") == []
    assert find_spans(f"номер 12 {grouped(VISA)}") == []  # follows another digit group


def test_card_is_not_also_a_phone() -> None:
    card = luhn_complete("487011234567890")  # a phone-like run inside a Visa number
    assert find_spans(f"карта {card}") == [span("card", 6, card)]
    assert find_spans(f"карта {grouped(card)}") == [span("card", 6, grouped(card))]


IBAN_VALUE = make_kz_iban("125KZT5004100100")
IBAN_NUMERIC = make_kz_iban("9260000001234567")


@pytest.mark.parametrize("value", [IBAN_VALUE, grouped(IBAN_VALUE), IBAN_NUMERIC,
                                   IBAN_VALUE.lower()])
def test_ibans(value: str) -> None:
    assert IBAN.validate(value)


def test_iban_example_from_the_national_bank() -> None:
    assert IBAN_VALUE == "KZ86125KZT5004100100"


@pytest.mark.parametrize("value", [
    IBAN_VALUE[:2] + f"{(int(IBAN_VALUE[2:4]) + 1) % 100:02d}" + IBAN_VALUE[4:],  # check digits
    IBAN_VALUE[:-1] + "1",  # a changed account digit
    "RU" + IBAN_VALUE[2:],
    IBAN_VALUE[:-1],  # 19 characters
    make_kz_iban("12AKZT5004100100"),  # the bank code is three digits
    "KZ86 125K ZT50 0410 010 0",  # spaces not every four
])
def test_not_ibans(value: str) -> None:
    assert not IBAN.validate(value)


def test_iban_mask_and_text() -> None:
    assert IBAN.mask(IBAN_VALUE) == "KZ86 **** **** **** 0100"
    text = f"ЖСК {grouped(IBAN_VALUE)}, БСК KCJBKZKX; IBAN {IBAN_NUMERIC}."
    assert find_spans(text) == [span("iban", 4, grouped(IBAN_VALUE)),
                                span("iban", 49, IBAN_NUMERIC)]


def test_card_and_iban_columns_agree_with_the_value_checks() -> None:
    """The column checks are vectorised (NumPy Luhn and mod-97), so they are held to the
    value checks over valid numbers, broken ones and look-alikes of every length."""
    cards = [luhn_complete(f"{first}{n:0{length - 2}d}"[:length - 1])
             for first in "2345679" for length in range(12, 21) for n in (1234567, 9876543)]
    ibans = [make_kz_iban(bban) for bban in ("125KZT5004100100", "9260000001234567",
                                             "722S000012345678", "601A00000000001Z")]
    values = [*cards, *map(luhn_broken, cards), *map(grouped, cards), *ibans,
              *map(grouped, ibans), *(value.lower() for value in ibans),
              *(value[:-1] + "0" for value in ibans), "KZ00125KZT5004100100",
              "0000 0000 0000 0000", "4400-4301-2345-6789", "", " ", None]
    column = pa.array(values, pa.string())
    for detector in (CARD, IBAN):
        found = detector.validate_column(column).tolist()
        assert found == [value is not None and detector.validate(value) for value in values]
        assert any(found)
