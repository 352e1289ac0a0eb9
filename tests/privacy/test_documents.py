"""ID cards (only in context), passports, vehicle plates and dates of birth (only in context)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from aqyl.privacy.detectors import find_spans
from aqyl.privacy.detectors.birth_dates import BIRTH_DATE, is_birth_date
from aqyl.privacy.detectors.documents import ID_CARD, PASSPORT, VEHICLE_PLATE
from tests.privacy.values import span


def test_id_card_values() -> None:
    assert ID_CARD.validate("012345678")
    assert ID_CARD.validate("№ 012345678")
    assert ID_CARD.validate("№012345678")
    assert not ID_CARD.validate("01234567")
    assert not ID_CARD.validate("0123456789")
    assert not ID_CARD.validate("N12345678")
    assert ID_CARD.mask("№ 012345678") == "******678"


def test_id_card_needs_a_context_word_in_text() -> None:
    text = "Жеке куәлік № 045123789, берілген күні 12.05.2015"
    assert find_spans(text) == [span("id_card", 14, "045123789")]
    text = "Удостоверение личности: 045123789 выдано МВД РК"
    assert find_spans(text) == [span("id_card", 24, "045123789")]
    assert find_spans("ID card no. 045123789") == [span("id_card", 12, "045123789")]
    # the same nine digits as a KATO code, an order or a bare "№" are not ID cards
    assert find_spans("КАТО 751110000, приказ № 045123789") == []


def test_passports() -> None:
    assert PASSPORT.validate("N12345678")
    assert PASSPORT.validate("Н12345678")  # a Cyrillic Н typed for the Latin N
    assert not PASSPORT.validate("N1234567")
    assert not PASSPORT.validate("N123456789")
    assert not PASSPORT.validate("M12345678")
    assert PASSPORT.mask("N12345678") == "N*****678"
    text = "Паспорт N12345678, passport no. N87654321; SKUN12345678"
    assert find_spans(text) == [span("passport", 8, "N12345678"),
                                span("passport", 32, "N87654321")]


@pytest.mark.parametrize("value", ["123 ABC 01", "777AB02", "001 KZA 20", "450 ZZZ 17",
                                   "A 585 CUO", "Z001AA", "M 123 ABC"])  # the 1993 format
def test_plates(value: str) -> None:
    assert VEHICLE_PLATE.validate(value)


@pytest.mark.parametrize("value", [
    "123 ABC 21",  # no region 21
    "123 ABC 00", "12 ABC 01", "1234 ABC 01", "123 A 01", "123 ABCD 01",
    "123 abc 01", "450 USD 12",  # a price and a date, not a plate
    "Q 585 CUO",  # no region had Q
    "A 5855 CUO", "A 585 C", "Z 100 KG",  # a weight
])
def test_not_plates(value: str) -> None:
    assert not VEHICLE_PLATE.validate(value)


def test_plates_in_text() -> None:
    assert VEHICLE_PLATE.mask("123 ABC 01") == "*** ABC 01"
    assert VEHICLE_PLATE.mask("A 585 CUO") == "A *** CUO"
    text = "Ескі көлігі A 585 CUO, жаңасы 585 CUO 02; жүк Z 100 KG."
    assert find_spans(text) == [span("vehicle_plate", 12, "A 585 CUO"),
                                span("vehicle_plate", 30, "585 CUO 02")]
    text = "Көлік 123 ABC 02 мемлекеттік нөмірімен тіркелген; курс 450 USD 12 мая."
    assert find_spans(text) == [span("vehicle_plate", 6, "123 ABC 02")]


@pytest.mark.parametrize("value", ["01.02.1990", "29/02/2000", "1985-12-31", "31-12-1985"])
def test_birth_dates(value: str) -> None:
    assert BIRTH_DATE.validate(value)


@pytest.mark.parametrize("value", [
    "30.02.1990", "29.02.2001", "01.13.1990", "01.02.1890", "01.02-1990", "1990.02.01",
    "1/2/1990", "01.02.90",
])
def test_not_birth_dates(value: str) -> None:
    assert not BIRTH_DATE.validate(value)


def test_no_birth_date_in_the_future() -> None:
    assert not is_birth_date("01.01.2031", today=dt.date(2030, 12, 31))
    assert is_birth_date("31.12.2030", today=dt.date(2030, 12, 31))


def test_birth_date_masks() -> None:
    assert BIRTH_DATE.mask("01.02.1990") == "**.**.1990"
    assert BIRTH_DATE.mask("1990-02-01") == "1990-**-**"


def test_birth_dates_only_in_context() -> None:
    text = "Туған күні: 14.03.1987, өтініш 02.04.2024 қабылданды."
    assert find_spans(text) == [span("birth_date", 12, "14.03.1987")]
    text = "Иванов И.И., 05.06.1979 г.р., договор от 01.02.2020"
    assert find_spans(text) == [span("person_name", 0, "Иванов И.И."),
                                span("birth_date", 13, "05.06.1979")]
    assert find_spans("Date of birth: 1990-01-31") == [span("birth_date", 15, "1990-01-31")]
    assert find_spans("Приказ от 14.03.1987 № 12") == []
    assert find_spans("Сейтқали А., 05.06.1979г.р.") == [span("person_name", 0, "Сейтқали А."),
                                                         span("birth_date", 13, "05.06.1979")]


def test_document_columns_agree_with_the_value_checks() -> None:
    """ID cards, passports and plates are judged in Arrow alone for columns: held to the
    value checks over valid values, near misses and currency look-alikes."""
    values = ["012345678", "№ 012345678", "№012345678", "01234567", "0123456789", "N12345678",
              "Н12345678", "N1234567", "M12345678", "123 ABC 01", "777AB02", "001 KZA 20",
              "123 ABC 21", "123 abc 01", "450 USD 12", "450USD12", "100 KG 05", "12 ABC 01",
              "A 585 CUO", "Z001AA", "Q 585 CUO", "Z 100 KG", "A 585 USD", "", None]
    column = pa.array(values, pa.string())
    for detector in (ID_CARD, PASSPORT, VEHICLE_PLATE):
        found = detector.validate_column(column).tolist()
        assert found == [value is not None and detector.validate(value) for value in values]
        assert any(found)
