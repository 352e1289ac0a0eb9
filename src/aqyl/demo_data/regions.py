"""Reference table of regions: CSV in UTF-8 with a byte order mark, ";" and decimal commas."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from aqyl.demo_data.dataset import KAZAKHSTAN, DemoDataset, decimal_comma
from aqyl.demo_data.geography import REGIONS

COLUMNS: dict[str, dict[str, str]] = {
    "kato": {
        "kk": "Өңірдің ӘАОЖ (әкімшілік-аумақтық объектілер жіктеуіші) кодының алғашқы екі саны",
        "ru": "Первые две цифры кода КАТО (классификатора административно-территориальных "
              "объектов) региона",
        "en": "First two digits of the region's KATO code (classifier of administrative-"
              "territorial objects)",
    },
    "iso_3166_2": {
        "kk": "Өңірдің ISO 3166-2 коды",
        "ru": "Код региона по ISO 3166-2",
        "en": "ISO 3166-2 code of the region",
    },
    "name_kk": {
        "kk": "Өңірдің қазақша атауы",
        "ru": "Название региона на казахском языке",
        "en": "Name of the region in Kazakh",
    },
    "name_ru": {
        "kk": "Өңірдің орысша атауы",
        "ru": "Название региона на русском языке",
        "en": "Name of the region in Russian",
    },
    "name_en": {
        "kk": "Өңірдің ағылшынша атауы",
        "ru": "Название региона на английском языке",
        "en": "Name of the region in English",
    },
    "kind": {
        "kk": "Өңір түрі: «облыс» немесе «республикалық маңызы бар қала»",
        "ru": "Тип региона: «облыс» (область) или «республикалық маңызы бар қала» (город "
              "республиканского значения)",
        "en": "Kind of region: «облыс» (oblys) or «республикалық маңызы бар қала» (city of "
              "republican significance)",
    },
    "centre_kk": {
        "kk": "Әкімшілік орталығы, қазақша",
        "ru": "Административный центр, на казахском",
        "en": "Administrative centre, in Kazakh",
    },
    "centre_ru": {
        "kk": "Әкімшілік орталығы, орысша",
        "ru": "Административный центр, на русском",
        "en": "Administrative centre, in Russian",
    },
    "centre_en": {
        "kk": "Әкімшілік орталығы, ағылшынша",
        "ru": "Административный центр, на английском",
        "en": "Administrative centre, in English",
    },
    "area_km2": {
        "kk": "Аумағы, шаршы километр (ондық бөлгіш — үтір)",
        "ru": "Площадь, квадратных километров (десятичный разделитель — запятая)",
        "en": "Area in square kilometres (decimal comma)",
    },
    "population": {
        "kk": "Халық саны, адам, 2025 жылғы 1 қаңтардағы жағдай бойынша (синтетикалық бағалау)",
        "ru": "Численность населения, человек, на 1 января 2025 года (синтетическая оценка)",
        "en": "Population, persons, as of 1 January 2025 (synthetic estimate)",
    },
    "density": {
        "kk": "Халық тығыздығы, 1 шаршы километрге шаққанда адам (ондық бөлгіш — үтір)",
        "ru": "Плотность населения, человек на квадратный километр (десятичная запятая)",
        "en": "Population density, persons per square kilometre (decimal comma)",
    },
}


def write_regions(path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for region in REGIONS:
            kind = "республикалық маңызы бар қала" if region.is_city else "облыс"
            writer.writerow([
                region.kato, region.iso, region.name_kk, region.name_ru, region.name_en, kind,
                region.centre_kk, region.centre_ru, region.centre_en,
                decimal_comma(region.area_km2, 1), region.population,
                decimal_comma(region.population / region.area_km2, 1),
            ])


REGIONS_DATASET = DemoDataset(
    name="regions",
    organisation="stat",
    title={
        "kk": "Қазақстан Республикасының өңірлері: облыстар және республикалық маңызы бар "
              "қалалар",
        "ru": "Регионы Республики Казахстан: области и города республиканского значения",
        "en": "Regions of Kazakhstan: oblys and cities of republican significance",
    },
    description={
        "kk": "Әр жол — бір өңір: 2022 жылғы әкімшілік-аумақтық реформадан кейінгі 17 облыс "
              "және республикалық маңызы бар 3 қала (Астана, Алматы, Шымкент). Өңірдің "
              "қазақ, орыс және ағылшын тілдеріндегі атауы, ӘАОЖ кодының префиксі, әкімшілік "
              "орталығы, аумағы мен халық саны берілген; басқа деректер жиынтықтарын өңір "
              "бойынша біріктіруге арналған анықтамалық. Атаулар мен кодтар шынайы, ал аумақ "
              "пен халық саны — демонстрацияға арналған синтетикалық, шамамен алынған мәндер.",
        "ru": "Каждая строка — один регион: 17 областей и 3 города республиканского значения "
              "(Астана, Алматы, Шымкент) после административно-территориальной реформы "
              "2022 года. Названия на казахском, русском и английском, префикс кода КАТО, "
              "административный центр, площадь и численность населения; справочник для "
              "связывания других наборов данных по региону. Названия и коды настоящие, а "
              "площадь и население — синтетические приближённые значения для демонстрации.",
        "en": "Each row is one region: the 17 oblys and the 3 cities of republican "
              "significance (Astana, Almaty, Shymkent) after the 2022 administrative reform. "
              "Names in Kazakh, Russian and English, the KATO code prefix, administrative "
              "centre, area and population; a reference table to join other datasets by "
              "region. Names and codes are real; area and population are SYNTHETIC "
              "approximations for demonstration.",
    },
    sector="public_administration",
    tags=("reference-data", "regions", "kato", "population", "administrative-division"),
    licence="CC-BY-4.0",
    update_frequency="annual",
    spatial_coverage=KAZAKHSTAN,
    temporal_coverage=(date(2025, 1, 1), date(2025, 1, 1)),
    access_level="open",
    column_descriptions=COLUMNS,
    filename="regions.csv",
    file_format="csv",
    encoding="utf-8-sig",
    delimiter=";",
    rows=len(REGIONS),
    writer=write_regions,
)
