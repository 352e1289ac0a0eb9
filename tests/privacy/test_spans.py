"""Free text in Kazakh, Russian and mixed script: exact offsets, overlaps settled once."""

from __future__ import annotations

from aqyl.privacy.detectors import Span, find_spans
from tests.privacy.values import (
    grouped,
    luhn_complete,
    make_iin,
    make_kz_iban,
    span,
    wrong_mod11,
)

IIN = make_iin("870314", 3)
CARD = luhn_complete("440043012345678")
IBAN = make_kz_iban("125KZT5004100100")


def test_kazakh_application() -> None:
    text = (f"Өтініш беруші: Нұрланқызы Әсел, ЖСН {IIN}, туған күні 14.03.1987. "
            f"Тел.: +7 701 123 45 67, эл. пошта: asel.n@mail.kz. Жеке куәлік № 045123789. "
            f"Көлігі 123 ABC 02.")
    assert find_spans(text) == [
        Span("person_name", 15, 30, "Нұрланқызы Әсел"),
        Span("iin", 36, 48, IIN),
        Span("birth_date", 61, 71, "14.03.1987"),
        Span("phone", 79, 95, "+7 701 123 45 67"),
        Span("email", 108, 122, "asel.n@mail.kz"),
        Span("id_card", 138, 147, "045123789"),
        Span("vehicle_plate", 156, 166, "123 ABC 02"),
    ]


def test_russian_transfer_order() -> None:
    text = (f"Прошу перечислить 150 000 тенге на счёт {grouped(IBAN)} (ИИК), "
            f"либо на карту {grouped(CARD)}. Паспорт N12345678. Договор № {wrong_mod11(IIN)}.")
    assert find_spans(text) == [
        span("iban", 40, grouped(IBAN)),
        span("card", 86, grouped(CARD)),
        span("passport", 115, "N12345678"),
    ]


def test_mixed_cyrillic_and_latin() -> None:
    text = f"Client IIN {IIN}; phone 8(701)1234567; e-mail: test.user@halykbank.kz"
    assert [(s.kind, s.text) for s in find_spans(text)] == [
        ("iin", IIN), ("phone", "8(701)1234567"), ("email", "test.user@halykbank.kz")]


def test_offsets_index_the_text() -> None:
    text = f"ЖСН{IIN} және карта {CARD}, 8 777 123 45 67"
    for found in find_spans(text):
        assert text[found.start:found.end] == found.text
    assert [s.kind for s in find_spans(text)] == ["iin", "card", "phone"]


def test_longest_span_wins() -> None:
    card = luhn_complete("487011234567890")  # holds the phone-like 87011234567
    assert find_spans(card) == [span("card", 0, card)]
    nine_of_iin = IIN[:9]
    assert find_spans(f"Жеке куәлік {IIN}") == [span("iin", 12, IIN)]
    assert nine_of_iin not in [s.text for s in find_spans(f"Жеке куәлік {IIN}")]


def test_nothing_to_find() -> None:
    assert find_spans("") == []
    assert find_spans("2024 жылы 12 000 адам тіркелді, өсім 3,5%.") == []
    assert find_spans("Заказ 4400-1234-5678 отгружен 01.02.2024") == []
