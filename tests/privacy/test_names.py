"""Person names: Kazakh, Russian and Latin, inflected, with initials, in either order; decoys
that only look like names; columns with and without header hints; masks."""

from __future__ import annotations

import pyarrow as pa
import pytest

from aqyl.privacy.detectors import DEFAULT, Registry, classify_column, find_spans
from aqyl.privacy.detectors.kazakh_morphology import kazakh_stems, russian_stems
from aqyl.privacy.detectors.names import NameDetector
from aqyl.privacy.detectors.names_lexicon import LATIN_KEY, fold

NAMES = DEFAULT["person_name"]
ONLY_NAMES = Registry([NAMES])


def names_in(text: str) -> list[str]:
    """The person names `find_spans` reports in `text`, with every kind registered."""
    return [span.text for span in find_spans(text) if span.kind == "person_name"]


@pytest.mark.parametrize(("text", "expected"), [
    # Kazakh, given name first, and inflected with case endings
    ("Нұрсұлтан Назарбаев бүгін сөз сөйледі.", ["Нұрсұлтан Назарбаев"]),
    ("Алпысовтың баяндамасы Түймебаевпен келісілді.", ["Алпысовтың", "Түймебаевпен"]),
    ("Кеше хат Назарбаевқа жіберілді, ал Асқарға рақмет айтылды.", ["Назарбаевқа", "Асқарға"]),
    ("Айгерімнің кітабын Гүлнараға бердім.", ["Айгерімнің", "Гүлнараға"]),
    ("Бұл туралы Дариға Назарбаеваның сұхбатында айтылған.", ["Дариға Назарбаеваның"]),
    # surname first, patronymics in -ұлы/-қызы
    ("Тоқаев Қасым-Жомарт Кемелұлы Жарлыққа қол қойды.", ["Тоқаев Қасым-Жомарт Кемелұлы"]),
    ("Өтінішті Сейтқали Айгерим Болатқызы берді.", ["Сейтқали Айгерим Болатқызы"]),
    ("Абай Құнанбайұлының өлеңдері оқылды.", ["Абай Құнанбайұлының"]),
    # Russian, declined, with patronymics in -вич/-вна
    ("Вчера Иванов Иван Иванович подал заявление.", ["Иванов Иван Иванович"]),
    ("Встреча с Ивановым прошла успешно; Анну Сергееву наградили.",
     ["Ивановым", "Анну Сергееву"]),
    ("Понедельник начался с заявления Марии Петровны Кузнецовой.",
     ["Марии Петровны Кузнецовой"]),
    # initials, before or after the surname, Cyrillic and Latin
    ("Приказ подписал А. Б. Иванов, исполнитель Петрова А.Б.", ["А. Б. Иванов", "Петрова А.Б."]),
    ("Директор Жұмабаев Е.Қ. бұйрыққа қол қойды.", ["Жұмабаев Е.Қ."]),
    ("The report by Ivanov A. was accepted.", ["Ivanov A."]),
    # Latin transliterations and the 2021 Kazakh Latin alphabet
    ("Nursultan Nazarbayev met Aigerim Zhumabayeva and Serik Akhmetov in Almaty.",
     ["Nursultan Nazarbayev", "Aigerim Zhumabayeva", "Serik Akhmetov"]),
    ("Qairat pen Äsel keldi, Nūrlan da keldi, Nurlan da.", ["Qairat", "Äsel", "Nūrlan", "Nurlan"]),
    ("ZHUMABAYEVA AIGERIM SERIKQYZY", ["ZHUMABAYEVA AIGERIM SERIKQYZY"]),
    # mixed Kazakh and Russian
    ("Кеше Ерлан Серікұлы мен Петров Сергей кездесті.", ["Ерлан Серікұлы", "Петров Сергей"]),
    # titles and honorifics stay outside the span
    ("Премьер-министр Асқар Мамин мен Әсел ханым келді.", ["Асқар Мамин", "Әсел"]),
    ("Президент Қасым-Жомарт Тоқаев сөз сөйледі.", ["Қасым-Жомарт Тоқаев"]),
    # a name missing from the lexicon, known by its Kazakh pieces; a foreign name by its surname
    ("Өміржан мен Тілләгүл келді.", ["Өміржан", "Тілләгүл"]),
    ("Реувен Ривлин Астанаға келді.", ["Реувен Ривлин"]),
    # two full names with no comma between them
    ("Қасым-Жомарт Тоқаев Дмитрий Медведевті қабылдады.",
     ["Қасым-Жомарт Тоқаев", "Дмитрий Медведевті"]),
    # roles and places before a name stay outside it; two-letter Korean surnames need a partner
    ("Водитель Нұрланов Әлібек және Жүргізуші Жұмабаев келді.", ["Нұрланов Әлібек", "Жұмабаев"]),
    ("Аким города Аягоз Цой Иван Петрович провёл встречу.", ["Цой Иван Петрович"]),
    ("Клиент Ли Евгений и заявитель Ли Н. Н. пришли.", ["Ли Евгений", "Ли Н. Н."]),
])
def test_names_in_text(text: str, expected: list[str]) -> None:
    assert names_in(text) == expected


def test_spans_are_exact() -> None:
    text = "Өтініш беруші: Нұрланқызы Әсел, ЖСН жоқ."
    assert [(s.kind, s.start, s.end, s.text) for s in NAMES.find(text)] == [
        ("person_name", 15, 30, "Нұрланқызы Әсел")]
    assert text[15:30] == "Нұрланқызы Әсел"


@pytest.mark.parametrize("text", [
    # months, weekdays, holidays
    "Қаңтар айында жиналыс болды. Наурыз мейрамы келді.",
    "В январе и в Мае отчёт сдан; Понедельник и Пятница выходные.",
    # places, inflected or not, and place names that end like surnames
    "Алматыда, Астанада және Шымкентте жаңбыр жауды.",
    "Делегация Украинаға, Ростовқа және Берлинге барды.",
    "Жамбыл облысы мен Абай ауданы, Нұр-Сұлтан қаласы.",
    "Самолёт прилетел из Ростова, Саратова и Киева.",
    # streets and institutions named after people
    "Абай даңғылы мен Төле би көшесінің қиылысы.",
    "Абай атындағы мектепте және Назарбаев Университетінде оқиды.",
    "Адрес: ул. Абая, проспект Назарбаева, имени Пушкина.",
    "Амангелді жалпы орта білім беретін мектебі жөнделді.",
    # organisations and their legal forms
    "«Қазақтелеком» АҚ мен ТОО «Алма» шарт жасасты.",
    "«Нұр Отан» партиясы мен Kaspi Bank жиналды.",
    # capitalised common words at the start of a sentence
    "Бақыт бәріне керек. Бүгін жиналыс болды. Әрине, бәрі жақсы.",
    "Карантин кезінде Машина сынды. Половина работы сделана.",
    "Атаулы әлеуметтік көмек берілді. Қарулы Күштер жаттығуы өтті.",
    # products, acronyms
    "Клиент купил iPhone 15 Pro и Samsung Galaxy в магазине.",
    "ҚР Президенті мен БҰҰ Бас хатшысы, АҚШ-қа сапар.",
    # the title of a book or a film in quotes
    "«Әміре» фильмі көрсетілді.",
    # English capitalisation, and a title before a word of the next sentence
    "The Ministry of Finance said that Christian Democrats and Dana White Co won.",
    "Құрметті әкімдік! Көлігім эвакуаторға алынды.",
])
def test_decoys_are_not_names(text: str) -> None:
    assert names_in(text) == []


def test_everyday_given_names_need_a_cue_at_a_sentence_start() -> None:
    assert names_in("Бақыт бәріне керек.") == []
    assert names_in("Бақыт мырза келді.") == ["Бақыт"]
    assert names_in("«Бәрі дұрыс», — деді Арман.") == ["Арман"]
    assert names_in("Кеше Арман келді.") == ["Арман"]  # inside a sentence, capitalised
    assert names_in("Рақмет, Азамат. Азамат, сіз эфирдесіз.") == ["Азамат", "Азамат"]


def test_places_named_after_people() -> None:
    assert names_in("Курчатов қаласында") == []
    assert names_in("Игорь Курчатов атом бомбасын жасады.") == ["Игорь Курчатов"]
    assert names_in("Мағжан Жұмабаев ауданы") == []
    assert names_in("Мағжан Жұмабаевтың өлеңдері") == ["Мағжан Жұмабаевтың"]


def test_only_the_detector_registered() -> None:
    text = "Иванов И.И., 05.06.1979 г.р."
    assert [s.text for s in find_spans(text, registry=ONLY_NAMES)] == ["Иванов И.И."]


@pytest.mark.parametrize(("value", "valid"), [
    ("Иванов Иван Иванович", True),
    ("Сейтқали Айгерим Болатқызы", True),
    ("ZHUMABAYEVA AIGERIM", True),
    ("Ким Виктор", True),
    ("Алиев Гейдар Алирза оглы", True),
    ("Иванов И. И.", True),
    ("Жұмабаева", True),
    ("Айгерім", True),
    ("Болатұлы", True),
    ("Петровна", True),
    ("Алматы", False),
    ("Алматы қаласы", False),
    ("ТОО Алма", False),
    ("«Қазақтелеком» АҚ", False),
    ("ул. Абая", False),
    ("Абай даңғылы", False),
    ("iPhone 15", False),
    ("Samsung Galaxy", False),
    ("Иванов Иван Иванович 1990", False),
    ("иванов иван", False),
    ("А. Б.", False),
    ("", False),
])
def test_validate(value: str, valid: bool) -> None:
    assert NAMES.validate(value) is valid


FULL_NAMES = ["Иванов Иван Иванович", "Сейтқали Айгерим Болатқызы", "ZHUMABAYEVA AIGERIM",
              "Ахметов Серик Болатович", "Nursultan Nazarbayev", "Петрова Анна Сергеевна",
              "Ким Виктор", "Оспанова Динара"]


@pytest.mark.parametrize("header", ["ФИО", "Аты-жөні", "Full name", "fio", "client_name"])
def test_column_of_full_names(header: str) -> None:
    finding = classify_column(header, [*FULL_NAMES, None, " "])
    assert finding is not None
    assert (finding.kind, finding.matches, finding.checked) == ("person_name", 8, 8)
    assert finding.examples == ("И*** И*** И***", "С*** А*** Б***", "Z*** A***")


def test_full_names_without_a_hint() -> None:
    finding = classify_column("col_7", FULL_NAMES)
    assert finding is not None
    assert (finding.kind, finding.confidence, finding.header_hint) == ("person_name", 0.95, False)


@pytest.mark.parametrize(("header", "values"), [
    ("Тегі", ["Иванов", "Сейтқали", "Жұмабаева", "Ким", "Оспанов", "Шевчук"]),
    ("Фамилия", ["Петрова", "Ахметов", "Нурланова", "Цой"]),
    ("Surname", ["Akhmetov", "Zhumabayeva", "Ivanova", "Pak"]),
    ("Аты", ["Айгерім", "Серік", "Иван", "Бақыт", "Нұрлан", "Әсел"]),
    ("Имя", ["Иван", "Мария", "Айгерим", "Нурлан", "Ольга"]),
    ("First name", ["Aigerim", "Nurlan", "John", "Qairat"]),
    ("Әкесінің аты", ["Болатұлы", "Серікқызы", "Иванович", "Петровна"]),
    ("Отчество", ["Иванович", "Сергеевна", "Болатович", "Маратовна"]),
    ("Patronymic", ["Ivanovich", "Serikovna", "Bolatuly", "Nurlanqyzy"]),
])
def test_columns_of_name_parts_with_a_hint(header: str, values: list[str]) -> None:
    finding = classify_column(header, values)
    assert finding is not None
    assert finding.kind == "person_name"
    assert finding.header_hint
    assert finding.matches >= len(values) - 1


@pytest.mark.parametrize(("header", "values"), [
    ("Қала", ["Алматы", "Астана", "Шымкент", "Қарағанды", "Ақтөбе", "Тараз", "Павлодар",
              "Өскемен", "Семей", "Атырау", "Қостанай", "Қызылорда", "Орал", "Петропавл"]),
    ("Город", ["Алматы", "Астана", "Шымкент", "Караганда", "Актобе", "Костанай"]),
    ("city", ["Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe"]),
    ("Товар", ["iPhone 15", "Samsung Galaxy S24", "Молоко 2,5%", "Nestle Nesquik",
               "Coca-Cola Zero", "Apple Watch"]),
    ("Ұйым", ["«Қазақтелеком» АҚ", "ТОО Алма", "АО Казахтелеком", "ИП Иванов",
              "ТОО «Береке»", "Kaspi Bank"]),
    ("Көше", ["ул. Абая", "Абай даңғылы", "пр. Назарбаева", "Төле би көшесі", "улица Пушкина"]),
    ("Мектеп атауы", ["Абай атындағы №5 мектеп", "Амангелді жалпы орта білім беретін мектебі",
                      "№ 12 мектеп-гимназия"]),
    ("Ай", ["Қаңтар", "Ақпан", "Наурыз", "Сәуір", "Мамыр", "Маусым"]),
])
def test_columns_that_are_not_names(header: str, values: list[str]) -> None:
    finding = classify_column(header, values)
    assert finding is None or finding.kind != "person_name"


def test_a_name_hint_over_other_values_is_not_enough() -> None:
    assert classify_column("ФИО", ["ТОО Алма", "Алматы", "iPhone 15", "12345"]) is None


def test_column_validation_works_on_distinct_values() -> None:
    values = ["Иванов Иван", "Алматы", None, "Иванов Иван", " Оспанова Динара ", "12345"] * 1000
    mask = NAMES.validate_column(pa.array(values, pa.string()))
    assert mask.tolist() == [value is not None and NAMES.validate(value) for value in values]
    assert mask.sum() == 3000


@pytest.mark.parametrize(("value", "masked"), [
    ("Иванов Иван Иванович", "И*** И*** И***"),
    ("Иванов А.Б.", "И*** А.Б."),
    ("А. Б. Иванов", "А. Б. И***"),
    ("Қасым-Жомарт Тоқаев", "Қ*** Т***"),
    ("ZHUMABAYEVA AIGERIM", "Z*** A***"),
])
def test_mask_keeps_initials(value: str, masked: str) -> None:
    assert NAMES.mask(value) == masked


def test_the_detector_protocol() -> None:
    detector = NameDetector()
    assert detector.kind == "person_name"
    assert not detector.needs_hint
    assert {"фио", "аты-жөні", "тегі", "фамилия", "surname", "full name"} <= set(detector.hints)


@pytest.mark.parametrize("spellings", [
    ("Нұрлан", "Нурлан", "Nurlan", "Nūrlan", "NURLAN"),
    ("Қайрат", "Кайрат", "Kairat", "Qairat", "Kayrat"),
    ("Әсел", "Асель", "Assel", "Äsel", "Asel"),
    ("Жұмабаева", "Жумабаева", "Zhumabayeva", "Jumabaeva"),
    ("Ерлан", "Yerlan", "Erlan"),
])
def test_spellings_fold_to_one_key(spellings: tuple[str, ...]) -> None:
    keys = {fold(word).removeprefix(LATIN_KEY) for word in spellings}
    assert len(keys) == 1, keys


def test_kazakh_and_russian_endings_are_peeled() -> None:
    assert "назарбаев" in kazakh_stems("назарбаевтардың")
    assert "асқар" in kazakh_stems("асқарға")
    assert "түймебаев" in kazakh_stems("түймебаевпен")
    assert "әкімшілік" in kazakh_stems("әкімшілігі")
    assert ("анн", "у") in russian_stems("анну")
