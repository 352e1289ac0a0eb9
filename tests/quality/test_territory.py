"""The KATO reference shipped with the package and the free-text region/district mapper."""

from __future__ import annotations

from collections import Counter

import pytest

from aqyl.quality.territory import (
    Ambiguity,
    Match,
    load_kato,
    map_column,
    match_territory,
    normalize_name,
    resolve_territory,
    unit_by_code,
)

OBLASTS = {
    "100000000": "Абай облысы",
    "110000000": "Ақмола облысы",
    "150000000": "Ақтөбе облысы",
    "190000000": "Алматы облысы",
    "230000000": "Атырау облысы",
    "270000000": "Батыс Қазақстан облысы",
    "310000000": "Жамбыл облысы",
    "330000000": "Жетісу облысы",
    "350000000": "Қарағанды облысы",
    "390000000": "Қостанай облысы",
    "430000000": "Қызылорда облысы",
    "470000000": "Маңғыстау облысы",
    "550000000": "Павлодар облысы",
    "590000000": "Солтүстік Қазақстан облысы",
    "610000000": "Түркістан облысы",
    "620000000": "Ұлытау облысы",
    "630000000": "Шығыс Қазақстан облысы",
}
CITIES = {"710000000": "Astana", "750000000": "Almaty", "790000000": "Shymkent"}


def code_of(text: str, **kwargs: str | int | None) -> str | None:
    found = match_territory(text, **kwargs)  # type: ignore[arg-type]
    return None if found is None else found.unit.code


# --- the reference -------------------------------------------------------------------------

def test_every_oblast_and_republican_city_is_present_once_with_its_code() -> None:
    level_one = [unit for unit in load_kato() if unit.level == 1]
    assert {unit.code: unit.name_kk for unit in level_one if unit.kind == "oblast"} == OBLASTS
    assert {unit.code: unit.name_en for unit in level_one if unit.kind == "city"} == CITIES
    assert len(level_one) == 20


def test_codes_are_nine_digit_text_and_unique() -> None:
    codes = [unit.code for unit in load_kato()]
    assert all(len(code) == 9 and code.isdigit() for code in codes)
    assert len(codes) == len(set(codes))


def test_every_level_two_unit_lies_in_an_existing_level_one_unit_sharing_its_prefix() -> None:
    by_code = {unit.code: unit for unit in load_kato()}
    for unit in load_kato():
        if unit.level == 1:
            assert unit.parent_code is None
            continue
        parent = by_code[unit.parent_code or ""]
        assert parent.level == 1
        assert unit.code[:2] == parent.code[:2]


def test_district_counts_match_the_official_classifier() -> None:
    """209 districts and oblast cities (the BNS extract's count) plus 19 city districts."""
    per_parent = Counter(unit.parent_code for unit in load_kato() if unit.level == 2)
    city_districts = sum(per_parent[code] for code in CITIES)
    assert sum(per_parent.values()) - city_districts == 209
    assert city_districts == 19
    assert per_parent["100000000"] == 12  # Abai, with Жаңасемей and Мақаншы
    assert per_parent["710000000"] == 6  # Astana, with Нұра and Сарайшық


def test_every_row_says_how_it_was_checked_and_has_three_names() -> None:
    for unit in load_kato():
        assert unit.source in {"official", "inferred", "secondary"}
        assert all((unit.name_kk, unit.name_ru, unit.name_en))


def test_unit_by_code() -> None:
    unit = unit_by_code(" 751710000 ")
    assert unit is not None
    assert (unit.name_kk, unit.parent_code) == ("Медеу ауданы", "750000000")
    assert unit_by_code("999999999") is None


# --- names ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Kazakh, Russian, English; type words, case and spacing
        ("Талғар ауданы", "196200000"),
        ("Талгарский район", "196200000"),
        ("талгарский  р-н", "196200000"),
        ("Talgar District", "196200000"),
        ("ТАЛГАР", "196200000"),
        ("Алматы облысы", "190000000"),
        ("Алматинская обл.", "190000000"),
        ("Almaty Region", "190000000"),
        ("Маңғыстау облысы", "470000000"),
        ("Мангистауская область", "470000000"),
        ("Түркістан облысы", "610000000"),
        ("Солтүстік Қазақстан облысы", "590000000"),
        ("Северо-Казахстанская область", "590000000"),
        ("North Kazakhstan Region", "590000000"),
        ("Батыс Қазақстан облысы", "270000000"),
        ("Бұқар жырау ауданы", "354000000"),
        ("Бухар-Жырауский район", "354000000"),
        ("Семей қаласы", "101000000"),
        ("г. Семей", "101000000"),
        ("Семей Г.А.", "101000000"),
        ("Өскемен", "631000000"),
        ("Усть-Каменогорск", "631000000"),
        # the cities of republican significance
        ("Алматы", "750000000"),
        ("г.Алматы", "750000000"),
        ("Астана", "710000000"),
        ("Шымкент қаласы", "790000000"),
        # city districts
        ("Медеуский район", "751710000"),
        ("район Сарайшық", "711610000"),
        ("Уральск", "271000000"),
        ("Талгарскй район", "196200000"),  # the adjective ending folds away, misspelt or not
        ("Тұран ауданы", "791910000"),
    ],
)
def test_names_in_kazakh_russian_and_english(text: str, code: str) -> None:
    assert code_of(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Целиноград", "710000000"),
        ("Нур-Султан", "710000000"),
        ("Nur-Sultan", "710000000"),
        ("г. Акмола", "710000000"),
        ("Алма-Ата", "750000000"),
        ("Чимкент", "790000000"),
        ("Гурьев", "231000000"),
        ("Гурьевская область", "230000000"),
        ("Семипалатинск", "101000000"),
        ("Семипалатинская область", "100000000"),
        ("Джамбул", "311000000"),
        ("Кзыл-Орда", "431000000"),
        ("Капчагай", "191000000"),
        ("Южно-Казахстанская область", "610000000"),
        ("ЮКО", "610000000"),
        ("ВКО", "630000000"),
        ("Енбекшильдерский район", "114500000"),
        ("Зыряновский район", "634800000"),
    ],
)
def test_old_names_and_short_forms(text: str, code: str) -> None:
    found = match_territory(text)
    assert found is not None
    assert (found.unit.code, found.how) == (code, "alias")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Almaty", "750000000"),
        ("Shymkent", "790000000"),
        ("Qyzylorda oblysy", "430000000"),
        ("Kyzylorda Region", "430000000"),
        ("Zhambyl oblysy", "310000000"),
        ("Jambyl region", "310000000"),
        ("Aqtobe", "150000000"),
        ("Qostanay Region", "390000000"),
        ("Taldyqorghan", "331000000"),
        ("Oskemen", "631000000"),
        ("Ust-Kamenogorsk", "631000000"),
        ("Talgarskiy rayon", "196200000"),
    ],
)
def test_latin_transliterations(text: str, code: str) -> None:
    assert code_of(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Жетысу облысы", "330000000"),  # і typed as ы
        ("Жетiсу облысы", "330000000"),  # і typed as a Latin i
        ("Актобе облысы", "150000000"),  # ө and қ typed as о and к
        ("Караганды облысы", "350000000"),  # ғ typed as г
        ("Талгар ауданы", "196200000"),
        ("Енбекшиказах ауданы", "194000000"),  # ң, і, қ
        ("Улытау облысы", "620000000"),  # ұ
        ("Аксуат ауданы", "103400000"),
        ("Урджар", "104600000"),
        ("Aлматы", "750000000"),  # a Latin A
    ],
)
def test_kazakh_letters_typed_with_russian_look_alikes(text: str, code: str) -> None:
    assert code_of(text) == code


def test_normalised_keys_agree_across_languages_and_scripts() -> None:
    assert normalize_name("Алматинская обл.") == normalize_name("Almatinskaya oblast")
    assert normalize_name("Жамбыл облысы") == normalize_name("Zhambyl oblysy")
    assert normalize_name("Талғар ауданы") == ("talgar", "district")
    assert normalize_name("г. Семей") == ("semei", "city")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Алмты", "750000000"),
        ("Шымкнт", "790000000"),
        ("Каргандинская область", "350000000"),
        ("Кокшетав", "111000000"),
        ("Семпалатинск", "101000000"),
    ],
)
def test_small_misspellings_map_as_fuzzy(text: str, code: str) -> None:
    found = match_territory(text)
    assert found is not None
    assert (found.unit.code, found.how) == (code, "fuzzy")
    assert 0.7 < found.score < 1


@pytest.mark.parametrize("text", ["Атлантида", "Москва", "Омск", "Бишкек", "Республика Казахстан",
                                  "", "   ", "999999999", "12345"])
def test_unknown_names_are_not_guessed(text: str) -> None:
    assert resolve_territory(text) is None


# --- ambiguity and parents -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("Жамбылский район", {"194200000", "314000000", "594600000"}),
        ("Абайский район", {"103200000", "353200000", "791110000"}),
        ("Есильский район", {"114800000", "594200000", "711210000"}),
        ("Актогайский район", {"353600000", "553200000"}),
        ("Нұра ауданы", {"355200000", "711510000"}),
    ],
)
def test_a_district_in_several_oblasts_is_ambiguous_without_a_parent(
        text: str, candidates: set[str]) -> None:
    found = resolve_territory(text)
    assert isinstance(found, Ambiguity)
    assert {unit.code for unit in found.candidates} == candidates
    assert match_territory(text) is None


@pytest.mark.parametrize(
    ("text", "parent", "code"),
    [
        ("Жамбылский район", "Алматинская обл.", "194200000"),
        ("Жамбылский район", "Жамбыл облысы", "314000000"),
        ("Жамбылский район", "СКО", "594600000"),
        ("Жамбылский район", "310000000", "314000000"),
        ("Абай ауданы", "Шымкент", "791110000"),
        ("Актогайский", "Павлодарская область", "553200000"),
        # «Алматы» as a parent may mean the city or the oblast: the district decides
        ("Талгарский", "Алматы", "196200000"),
        ("Медеуский", "Алматы", "751710000"),
    ],
)
def test_a_parent_settles_a_district_name(text: str, parent: str, code: str) -> None:
    assert code_of(text, parent=parent) == code


def test_a_district_outside_its_given_parent_is_not_mapped() -> None:
    assert match_territory("Талгарский район", parent="Павлодарская область") is None
    assert match_territory("Талгарский район", parent="Атлантида") is None


@pytest.mark.parametrize(
    "text",
    [
        "Алматинская обл., Талгарский р-н",
        "Талгарский район, Алматинская область",
        "Алматы облысы; Талғар ауданы",
        "Казахстан, Алматинская область, Талгарский район",
    ],
)
def test_the_pair_form_in_one_value(text: str) -> None:
    assert code_of(text) == "196200000"


def test_the_pair_form_settles_an_ambiguous_district() -> None:
    assert code_of("Северо-Казахстанская обл., Жамбылский р-н") == "594600000"
    assert code_of("г. Алматы, Медеуский район") == "751710000"


def test_a_bare_name_shared_by_an_oblast_and_its_centre_is_the_oblast_unless_told() -> None:
    assert code_of("Павлодар") == "550000000"
    assert code_of("г. Павлодар") == "551000000"
    assert code_of("Павлодар", level=2) == "551000000"
    assert code_of("Жамбыл") == "310000000"
    assert code_of("Туркестан қаласы") == "611000000"


def test_level_restricts_the_answer() -> None:
    assert code_of("Алматы", level=1) == "750000000"
    assert code_of("Алматы облысы", level=2) is None


# --- codes ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "code"),
    [("751110000", "751110000"), (" 710000000 ", "710000000"), ("196200000.0", "196200000")],
)
def test_bare_kato_codes_map_by_code(text: str, code: str) -> None:
    found = match_territory(text)
    assert found is not None
    assert (found.unit.code, found.how, found.score) == (code, "code", 1.0)


# --- columns -------------------------------------------------------------------------------

def test_map_column_counts_rows_and_reports_what_it_could_not_map() -> None:
    column = (["Алматы", "Талгарский р-н", None, "  ", "751110000", "Атлантида",
               "Жамбылский район", "Алмты"] * 1000)
    report = map_column(column)
    assert report.total == 8000
    assert report.blank == 2000
    assert report.mapped == 4000
    assert report.unmapped == {("Атлантида", None): 1000}
    assert report.unmapped_rows == 1000
    assert report.ambiguous == {("Жамбылский район", None): ("194200000", "314000000", "594600000")}
    assert report.ambiguous_rows == 1000
    assert report.code_for("Талгарский р-н") == "196200000"
    assert report.code_for("Атлантида") is None
    assert set(report.fuzzy) == {("Алмты", None)}
    assert isinstance(report.matches[("Алматы", None)], Match)


def test_map_column_with_an_oblast_column() -> None:
    districts = ["Жамбылский район", "Жамбылский район", "Жамбылский район", "Талгарский"]
    oblasts = ["Алматинская обл.", "Жамбылская область", "СКО", None]
    report = map_column(districts, parents=oblasts)
    assert report.mapped == 4
    assert report.code_for("Жамбылский район", "Жамбылская область") == "314000000"
    assert report.code_for("Жамбылский район", "СКО") == "594600000"
    assert report.code_for("Талгарский") == "196200000"
    assert not report.ambiguous


def test_map_column_refuses_columns_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="zip"):
        map_column(["Алматы", "Астана"], parents=["Алматы"])
