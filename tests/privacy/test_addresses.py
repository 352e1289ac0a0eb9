"""Postal addresses in kk and ru forms, Cyrillic and Latin: whole values, spans in free text,
columns, the mask, and what only looks like an address."""

from __future__ import annotations

import pyarrow as pa
import pytest

from aqyl.privacy.detectors import classify_column, find_spans
from aqyl.privacy.detectors.addresses import ADDRESS, mask_address
from tests.privacy.values import span

ADDRESSES = [
    "Астана қ., Қабанбай батыр даңғылы, 53-үй, 12-пәтер",
    "г. Алматы, ул. Абая, д. 10, кв. 5",
    "Алматы қаласы, Абай көшесі 10",
    "мкр. Самал-2, д. 58",
    "050000, г. Алматы, пр. Достык 97",
    "Almaty, Abay ave 10, apt 5",
    "Z05T3E0, Астана қ., Мәңгілік Ел даңғылы, 55/20, 12-пәтер",
    "Алматинская обл., Карасайский р-н, с. Каскелен, ул. Абылай хана, 12",
    "Ақмола облысы, Целиноград ауданы, Қосшы ауылы, Республика көшесі, 5",
    "Қосшы ауылы, 5-үй",  # a village house needs no street
    "97 Dostyk Ave, Almaty 050000",
    "ул. Д. Кунаева 12А, кв 3",
    "Г. АЛМАТЫ, УЛ. АБАЯ, Д. 10, КВ. 5",
    "ул. 8 Марта 12",
    "Самал-2 ш.а., 58-үй",
    "Astana q., Qabanbai batyr dańǵyly, 53-úi",
    "ул. Толе би 55, оф. 3",
    "Шымкент қ., Тұран даңғылы, 12 үй, 4 пәтер",
    "Қарағанды облысы, Теміртау қ., Жібек жолы көшесі, үй 7, пәтер 81",
    "г. Караганда, пр-т Бухар жырау, дом 45, корп. 2, кв. 17",
    "Алматы қ., Бостандық ауданы, Әл-Фараби даңғылы, 77/8",
    "РК, 100000, г. Караганда, ул. Ерубаева, д.10, кв.5",
    "п. Аксу, ул. Ленина, д. 3",
    "Түркістан облысы, Сайрам ауданы, Ақсу ауылы, Төле би к-сі, 14",
]
NOT_ADDRESSES = [
    "Алматы", "Астана қ.", "Алматы облысы", "Бостандық ауданы", "ул. Абая",
    "г. Алматы, ул. Абая",  # no house: a street is a quasi-identifier at most
    "Алматы қ., Абай көшесі",
    "54 кв. м", "2020 ж.", "2020 г.", "п. 3 ст. 5 Закона", "Абай даңғылы 5 км", "д.э.н. 2010",
    "Договор № 123456789012", "150000 тенге", "Z05T3E0", "050000",
    "Мекенжайы: г. Алматы, ул. Абая, д. 10",  # a note that holds an address is not one
    "",
]


@pytest.mark.parametrize("value", ADDRESSES)
def test_addresses_validate_and_are_found_whole(value: str) -> None:
    assert ADDRESS.validate(value)
    assert list(ADDRESS.find(value)) == [span("address", 0, value)]


@pytest.mark.parametrize("value", NOT_ADDRESSES)
def test_not_addresses(value: str) -> None:
    assert not ADDRESS.validate(value)


def test_column_check_agrees_with_the_value_check() -> None:
    values = [*ADDRESSES, *NOT_ADDRESSES, f"  {ADDRESSES[0]}  ", None]
    column = ADDRESS.validate_column(pa.array(values, pa.string())).tolist()
    assert column == [value is not None and ADDRESS.validate(value) for value in values]


@pytest.mark.parametrize(("value", "masked"), [
    ("Астана қ., Қабанбай батыр даңғылы, 53-үй, 12-пәтер", "Астана қ., ***"),
    ("050000, г. Алматы, пр. Достык 97", "г. Алматы, ***"),  # the postcode goes too
    ("Алматинская обл., Карасайский р-н, с. Каскелен, ул. Абылай хана, 12",
     "Алматинская обл., Карасайский р-н, с. Каскелен, ***"),
    ("мкр. Самал-2, д. 58", "***"),
    ("97 Dostyk Ave, Almaty 050000", "Almaty, ***"),
])
def test_mask_keeps_the_places(value: str, masked: str) -> None:
    assert mask_address(value) == masked
    assert ADDRESS.mask(f" {value} ") == masked


def test_addresses_in_kazakh_text() -> None:
    text = ("Өтініш беруші Астана қ., Қабанбай батыр даңғылы, 53-үй, 12-пәтер мекенжайында "
            "тұрады. Бұрын Абай көшесіндегі 10-үйде тұрған.")
    assert list(ADDRESS.find(text)) == [
        span("address", 14, "Астана қ., Қабанбай батыр даңғылы, 53-үй, 12-пәтер"),
        span("address", 92, "Абай көшесіндегі 10-үйде"),
    ]
    text = "Мен Алматы қаласы, Бостандық ауданы, Сәтбаев көшесі 22 мекенжайында тұрамын."
    assert list(ADDRESS.find(text)) == [
        span("address", 4, "Алматы қаласы, Бостандық ауданы, Сәтбаев көшесі 22")]


def test_addresses_in_russian_and_mixed_text() -> None:
    text = ("Иванов И.И., проживающий по адресу: 050000, г. Алматы, ул. Абая, д. 10, кв. 5, "
            "обратился с жалобой. Тел. +7 701 123 45 67.")
    found = [s for s in find_spans(text) if s.kind != "person_name"]
    assert found == [span("address", 36, "050000, г. Алматы, ул. Абая, д. 10, кв. 5"),
                     span("phone", text.index("+7"), "+7 701 123 45 67")]
    text = "Shipping to Almaty, Abay ave 10, apt 5. Жеткізу: Шымкент қ., Тұран даңғылы, 12 үй."
    assert [s.text for s in ADDRESS.find(text)] == [
        "Almaty, Abay ave 10, apt 5", "Шымкент қ., Тұран даңғылы, 12 үй"]


def test_decoys_in_text() -> None:
    for text in (
        "Пәтердің ауданы 54 кв. м, бағасы 25 000 000 теңге.",
        "Согласно п. 3 ст. 5 Закона РК от 2020 г. заявление рассмотрено.",
        "В 2020 г. Алматы приняла 54 кв. м жилья на человека.",
        "Абай даңғылы 5 км жабылды, Сәтбаев көшесі бойынша кептеліс 20 минут.",
        "2020 ж. 12 наурызда Алматы қаласында жиналыс өтті.",
        "Договор № 123456789012 от 01.02.2021, сумма 150000 тенге, г. Алматы.",
        "Алматы облысы, Талғар ауданы бойынша 15% өсім.",
        "Артикул 4870011234567, д. 5",
    ):
        assert list(ADDRESS.find(text)) == [], text


def test_the_sentence_full_stop_is_not_part_of_the_address() -> None:
    text = "Адрес: г. Алматы, ул. Абая, д. 10. Звоните."
    assert list(ADDRESS.find(text)) == [span("address", 7, "г. Алматы, ул. Абая, д. 10")]
    text = "Тұрғылықты жері: Қосшы ауылы, 5-үй."
    assert list(ADDRESS.find(text)) == [span("address", 17, "Қосшы ауылы, 5-үй")]


@pytest.mark.parametrize("header", ["Мекенжайы", "Адрес регистрации", "address", "home_address",
                                    "Тіркелген мекенжайы"])
def test_address_columns(header: str) -> None:
    finding = classify_column(header, ADDRESSES)
    assert finding is not None
    assert (finding.kind, finding.matches, finding.header_hint) == (
        "address", len(ADDRESSES), True)
    assert all("***" in example for example in finding.examples)


def test_address_values_alone_and_place_columns() -> None:
    finding = classify_column("col_3", ADDRESSES)
    assert finding is not None
    assert (finding.kind, finding.header_hint) == ("address", False)
    # cities and regions are quasi-identifiers, not addresses, even under an address header
    assert classify_column("Адрес", ["Алматы", "Астана", "Шымкент қ.", "Алматы облысы"]) is None
    assert classify_column("Қала", ["Алматы қ.", "Астана қ.", "Ақтау қ."]) is None
    assert classify_column("Көше", ["Абай көшесі", "ул. Абая", "пр. Достык"]) is None


def test_house_and_flat_without_commas_and_a_postcode_before_the_city() -> None:
    for value in ("Тараз қ. Алатау ауданы Байтұрсынұлы к-сі 10 219-пәтер",
                  "113410 г. Усть-Каменогорск б-р Розыбакиева д. 228 кв. 119"):
        assert list(ADDRESS.find(f"Адрес: {value}.")) == [span("address", 7, value)]
    assert list(ADDRESS.find("Абай даңғылы 10 000 теңгеге сатылды")) == []


def test_initials_and_years_are_not_place_markers() -> None:
    text = "Ким С.П., 2020 г. Алматы қ. туралы баяндады; Shipping: 5 Abay St, Pavlodar."
    assert [s.text for s in ADDRESS.find(text)] == ["5 Abay St, Pavlodar"]
