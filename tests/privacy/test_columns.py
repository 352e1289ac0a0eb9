"""Column classification: header hints in kk/ru/en, sampled values, full verification."""

from __future__ import annotations

import pyarrow as pa
import pytest

from aqyl.privacy.detectors import ColumnFinding, classify_arrow_column, classify_column
from aqyl.privacy.detectors.columns import header_has_hint
from tests.privacy.values import (
    grouped,
    luhn_complete,
    make_bin,
    make_iin,
    make_kz_iban,
    wrong_mod11,
)

IINS = [make_iin(f"9{m}0{d}15", 3 + d % 2, f"{d:04d}") for m in range(10) for d in range(1, 4)]


@pytest.mark.parametrize("header", ["ЖСН", "ИИН клиента", "client_iin", "IIN", "clientIin"])
def test_iin_column_with_a_hint(header: str) -> None:
    finding = classify_column(header, [*IINS, None, " "])
    assert finding == ColumnFinding(
        column=header, kind="iin", confidence=1.0, matches=30, checked=30, header_hint=True,
        examples=(f"{IINS[0][:6]}******", f"{IINS[1][:6]}******", f"{IINS[2][:6]}******"))


def test_values_alone_and_decoys() -> None:
    finding = classify_column("col_7", IINS)
    assert finding is not None
    assert (finding.kind, finding.confidence, finding.header_hint) == ("iin", 0.95, False)
    contracts = [wrong_mod11(value) for value in IINS]  # 12-digit contract numbers
    assert classify_column("Договор №", contracts) is None
    assert classify_column("col_7", contracts) is None


def test_a_hint_over_the_wrong_values_is_not_enough() -> None:
    assert classify_column("card_type", ["Visa", "Mastercard", "Visa"]) is None
    assert classify_column("age_bin", ["20-30", "30-40"]) is None


def test_mixed_iin_bin_column() -> None:
    values = IINS[:20] + [make_bin("0805", 4, f"{n:05d}") for n in range(10)]
    finding = classify_column("ИИН/БИН", values)
    assert finding is not None
    assert (finding.kind, finding.matches, finding.checked) == ("iin", 20, 30)
    assert finding.confidence == pytest.approx(0.3 + 0.7 * 20 / 30, abs=1e-3)


@pytest.mark.parametrize(("header", "values", "kind"), [
    ("Телефон", ["+7 701 123 45 67", "8 (702) 765-43-21", "87071112233"], "phone"),
    ("Телефон нөмірі", ["+77011234567", "+77471234567"], "phone"),
    ("phone_number", ["7011234567", "7771234567"], "phone"),
    ("Эл. пошта", ["aliya@mail.kz", "b.sergeev@gmail.com"], "email"),
    ("Электронная почта", ["aliya@mail.kz"], "email"),
    ("Номер карты", [grouped(luhn_complete("440043012345678"))], "card"),
    ("ЖСК", [make_kz_iban("125KZT5004100100")], "iban"),
    ("ИИК", [make_kz_iban("9260000001234567")], "iban"),
    ("Жеке куәлік нөмірі", ["045123789", "№ 012345678"], "id_card"),
    ("Удостоверение личности", ["045123789"], "id_card"),
    ("ID card", ["045123789"], "id_card"),
    ("Паспорт", ["N12345678"], "passport"),
    ("Мемлекеттік нөмір", ["123 ABC 01", "777AB02"], "vehicle_plate"),
    ("Госномер", ["123 ABC 01"], "vehicle_plate"),
    ("Туған күні", ["14.03.1987", "01.12.2001"], "birth_date"),
    ("Дата рождения", ["1987-03-14"], "birth_date"),
    ("date_of_birth", ["14/03/1987"], "birth_date"),
])
def test_headers_in_kazakh_russian_and_english(header: str, values: list[str],
                                               kind: str) -> None:
    finding = classify_column(header, values)
    assert finding is not None
    assert (finding.kind, finding.confidence, finding.header_hint) == (kind, 1.0, True)


def test_ambiguous_kinds_need_their_header() -> None:
    assert classify_column("kato", ["751110000", "711210000"]) is None  # nine digits
    assert classify_column("Дата приказа", ["14.03.1987", "01.12.2001"]) is None
    phones = ["+7 701 123 45 67", "8 (702) 765-43-21"]
    assert classify_column("contact", phones) == ColumnFinding(
        column="contact", kind="phone", confidence=0.95, matches=2, checked=2,
        header_hint=False, examples=("+7 701 *** ** 67", "+7 702 *** ** 21"))


def test_product_codes_are_not_phones() -> None:
    codes = ["12345678901", "97011234567", "87311234567", "88005553535"]
    assert classify_column("Код товара", codes) is None
    assert classify_column("Телефон", codes) is None


def test_empty_hinted_column_is_reported_from_its_header() -> None:
    finding = classify_column("ИИН", [None, "", "  "])
    assert finding is not None
    assert (finding.kind, finding.confidence, finding.matches, finding.checked) == (
        "iin", 0.5, 0, 0)
    assert classify_column("notes", [None]) is None


def test_arrow_column_is_sampled_then_verified_in_full() -> None:
    values = IINS * 100 + ["not an iin"] * 300  # 3,300 rows, the odd ones at the end
    column = pa.chunked_array([values[:1000], values[1000:]])
    finding = classify_arrow_column("person", column, sample_size=500)
    assert finding is not None
    assert (finding.kind, finding.matches, finding.checked) == ("iin", 3000, 3300)
    assert finding.confidence == pytest.approx(0.95 * 3000 / 3300, abs=1e-3)


def test_header_hints_are_whole_words() -> None:
    assert header_has_hint("client_bin", ("bin",))
    assert not header_has_hint("binary", ("bin",))
    assert header_has_hint("e-mail", ("e-mail",))
    assert header_has_hint("Тел.", ("тел",))
    assert not header_has_hint("telegram", ("tel",))
