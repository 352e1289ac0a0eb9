"""Register of general-education schools: CSV in KZ-1048 with "," as an old system exports it."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

from aqyl.demo_data.dataset import KAZAKHSTAN, DemoDataset, allocate, seeded
from aqyl.demo_data.geography import REGIONS, VILLAGES, Region, in_russian_letters, is_town

SCHOOLS = 7000

PEOPLE_KK = (
    "Абай", "Ыбырай Алтынсарин", "Шоқан Уәлиханов", "Мұхтар Әуезов", "Сәкен Сейфуллин",
    "Мағжан Жұмабаев", "Ахмет Байтұрсынұлы", "Жамбыл Жабаев", "Әл-Фараби", "Қаныш Сәтбаев",
    "Бауыржан Момышұлы", "Әлия Молдағұлова", "Мәншүк Мәметова", "Абылай хан",
    "Ілияс Жансүгіров", "Сәбит Мұқанов", "Ғабит Мүсірепов", "Шәкәрім Құдайбердіұлы",
    "Құрманғазы", "Мұқағали Мақатаев", "Төле би", "Қазыбек би", "Әйтеке би",
)
PEOPLE_RU = (
    "Абая", "Ы. Алтынсарина", "Ч. Валиханова", "М. Ауэзова", "С. Сейфуллина",
    "М. Жумабаева", "А. Байтурсынова", "Жамбыла", "аль-Фараби", "К. Сатпаева",
    "А. С. Пушкина", "Н. В. Гоголя", "Т. Г. Шевченко", "Ю. А. Гагарина",
)
MINORITY_LANGUAGES = {"almaty-region": "ұйғыр", "almaty": "ұйғыр", "turkistan": "өзбек",
                      "shymkent": "өзбек"}

COLUMNS: dict[str, dict[str, str]] = {
    "Мектеп коды": {
        "kk": "Мектептің ішкі коды: өңірдің ӘАОЖ префиксі және реттік нөмір",
        "ru": "Внутренний код школы: префикс КАТО региона и порядковый номер",
        "en": "Internal school code: the region's KATO prefix and a sequence number",
    },
    "Облыс": {
        "kk": "Өңір (облыс немесе республикалық маңызы бар қала); жазылуы кейде әртүрлі",
        "ru": "Регион (область или город республиканского значения); написание иногда "
              "различается",
        "en": "Region (oblys or city of republican significance); spelling sometimes varies",
    },
    "Аудан": {
        "kk": "Аудан немесе облыстық маңызы бар қала",
        "ru": "Район или город областного значения",
        "en": "District or city of regional significance",
    },
    "Елді мекен": {
        "kk": "Мектеп орналасқан қала немесе ауыл",
        "ru": "Город или село, где находится школа",
        "en": "Town or village where the school is",
    },
    "Мектеп атауы": {
        "kk": "Мектептің толық атауы, кейде ұйымдық-құқықтық нысанымен (КММ)",
        "ru": "Полное название школы, иногда с организационно-правовой формой (КГУ)",
        "en": "Full name of the school, sometimes with its legal form (КММ, a municipal "
              "public institution)",
    },
    "Оқыту тілі": {
        "kk": "Оқыту тілі: қазақ, орыс, аралас (қазақ және орыс), ұйғыр немесе өзбек",
        "ru": "Язык обучения: қазақ (казахский), орыс (русский), аралас (смешанный), ұйғыр "
              "(уйгурский) или өзбек (узбекский)",
        "en": "Language of instruction: қазақ (Kazakh), орыс (Russian), аралас (mixed), "
              "ұйғыр (Uyghur) or өзбек (Uzbek)",
    },
    "Орналасуы": {
        "kk": "Қала немесе ауыл мектебі",
        "ru": "Городская (қала) или сельская (ауыл) школа",
        "en": "Urban (қала) or rural (ауыл) school",
    },
    "Оқушылар саны": {
        "kk": "Оқу жылының басындағы оқушылар саны",
        "ru": "Число учащихся на начало учебного года",
        "en": "Number of students at the start of the school year",
    },
    "Мұғалімдер саны": {
        "kk": "Педагогтар саны; кейбір мектептерде толтырылмаған",
        "ru": "Число педагогов; у некоторых школ не заполнено",
        "en": "Number of teachers; blank for some schools",
    },
    "Ашылған жылы": {
        "kk": "Мектептің ашылған жылы; кейде белгісіз",
        "ru": "Год открытия школы; иногда неизвестен",
        "en": "Year the school opened; sometimes unknown",
    },
    "Интернет": {
        "kk": "Мектеп интернетке қосылған ба: иә немесе жоқ",
        "ru": "Подключена ли школа к интернету: иә (да) или жоқ (нет)",
        "en": "Whether the school is connected to the internet: иә (yes) or жоқ (no)",
    },
}


def _language(rng: random.Random, region: Region, urban: bool) -> str:
    minority = MINORITY_LANGUAGES.get(region.key)
    if minority and rng.random() < 0.04:
        return minority
    russian = region.russian_share * (1.0 if urban else 0.6)
    draw = rng.random()
    if draw < russian * 0.55:
        return "орыс"
    if draw < russian:
        return "аралас"
    return "қазақ"


def _name(rng: random.Random, language: str, number: int, village: str, students: int) -> str:
    if language == "орыс":
        person = rng.choice(PEOPLE_RU)
        if village and students < 150:
            return f"Основная средняя школа с. {in_russian_letters(village)}"
        return rng.choice((f"Средняя школа №{number}", f"Общеобразовательная школа №{number}",
                           f"Школа-гимназия №{number}", f"Школа-лицей №{number}",
                           f"Средняя школа №{number} имени {person}"))
    person = rng.choice(PEOPLE_KK)
    if village:
        if students < 40:
            return f"{village} бастауыш мектебі"
        if students < 150:
            return f"{village} негізгі орта мектебі"
        return rng.choice((f"{village} жалпы орта білім беретін мектебі",
                           f"{person} атындағы жалпы орта білім беретін мектеп"))
    return rng.choice((f"№{number} жалпы білім беретін мектеп",
                       f"№{number} жалпы орта білім беретін мектеп",
                       f"№{number} мектеп-гимназия", f"№{number} мектеп-лицей",
                       f"{person} атындағы №{number} жалпы орта білім беретін мектеп"))


def _legal_form(rng: random.Random, name: str) -> str:
    """Operators type the legal form in different ways, and sometimes stray spaces."""
    draw = rng.random()
    if draw < 0.30:
        return f"«{name}» КММ"
    if draw < 0.35:
        return f"{name}, КММ"
    if draw < 0.37:
        return f" {name}  "
    return name


def _region_label(rng: random.Random, region: Region) -> str:
    draw = rng.random()
    if draw < 0.03:
        return region.name_kk.replace(" облысы", " обл.").replace(" қаласы", " қ.")
    if draw < 0.04:
        return region.name_kk + " "
    return region.name_kk


def _students(rng: random.Random, region: Region, urban: bool) -> int:
    if urban:
        return max(120, min(3800, round(rng.lognormvariate(6.95, 0.45))))
    size = rng.random()
    if size < 0.12:
        return rng.randint(4, 39)
    if size < 0.35:
        return rng.randint(40, 149)
    centre = 5.9 if region.key in ("turkistan", "almaty-region", "zhambyl") else 5.4
    return max(150, min(1600, round(rng.lognormvariate(centre, 0.5))))


def _school_rows(rng: random.Random) -> list[list[str]]:
    weights = [region.population * (0.25 + 1.5 * region.rural_share) for region in REGIONS]
    rows: list[list[str]] = []
    for region, count in zip(REGIONS, allocate(SCHOOLS, weights), strict=True):
        towns = [d for d in region.districts if region.is_city or is_town(d)]
        rural = [d for d in region.districts if not region.is_city and not is_town(d)]
        r = region.rural_share
        # the administrative centre has most town schools; small towns have a dozen or so
        centre = 25 + round(60 * (1 - r))
        town_weights = [1.0] * len(towns) if region.is_city else [
            float(centre if i == 0 else 12) for i in range(len(towns))]
        urban_count = count if region.is_city else min(
            round(count * (1 - r) * 0.5 / ((1 - r) * 0.5 + r)), round(sum(town_weights)))
        numbers: dict[str, int] = {}
        for i in range(count):
            urban = i < urban_count
            if urban:
                district = rng.choices(towns, town_weights)[0]
                village = ""
                settlement = (f"{region.centre_kk} қ." if region.is_city else district)
                district_label = f"{district} ауданы" if region.is_city else district
            else:
                district = rng.choice(rural)
                village = rng.choice(VILLAGES)
                settlement = f"{village} ауылы"
                district_label = f"{district} ауданы"
            numbers[district] = numbers.get(district, 0) + 1
            language = _language(rng, region, urban)
            students = _students(rng, region, urban)
            ratio = rng.uniform(13, 19) if urban else rng.uniform(6, 10)
            teachers = max(4, round(students / ratio + rng.gauss(0, 2)))
            recent = region.key in ("astana", "shymkent", "turkistan") and rng.random() < 0.3
            opened = (rng.randint(2010, 2024) if recent
                      else rng.randint(1935, 2022) if urban else rng.randint(1925, 2018))
            online = rng.random() < (0.995 if urban else 0.93)
            name = _legal_form(rng, _name(rng, language, numbers[district], village, students))
            rows.append([
                f"{region.kato}{len(rows) + 1:05d}", _region_label(rng, region), district_label,
                settlement, name, language, "қала" if urban else "ауыл", str(students),
                "" if rng.random() < 0.01 else str(teachers),
                "" if rng.random() < 0.03 else str(opened), "иә" if online else "жоқ",
            ])
    return rows


def write_schools(path: Path) -> None:
    rows = _school_rows(seeded(20250901))
    with path.open("w", encoding="kz1048", newline="") as handle:
        writer = csv.writer(handle, delimiter=",", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


SCHOOLS_DATASET = DemoDataset(
    name="schools",
    organisation="edu",
    title={
        "kk": "Жалпы білім беретін мектептер тізілімі",
        "ru": "Реестр общеобразовательных школ",
        "en": "Register of general-education schools",
    },
    description={
        "kk": "Әр жол — бір жалпы білім беретін мектеп: өңірі, ауданы, елді мекені, атауы, "
              "оқыту тілі, қала немесе ауыл мектебі екені, оқушылар мен мұғалімдер саны, "
              "ашылған жылы және интернетке қосылуы. Барлық 20 өңір қамтылған, 7000 мектеп; "
              "файл ескі ақпараттық жүйеден KZ-1048 кодтауында, үтірмен бөлінген CSV түрінде "
              "алынған. Деректер синтетикалық, демонстрацияға арналған.",
        "ru": "Каждая строка — одна общеобразовательная школа: регион, район, населённый "
              "пункт, название, язык обучения, городская или сельская, число учащихся и "
              "учителей, год открытия и подключение к интернету. Охвачены все 20 регионов, "
              "7000 школ; выгрузка старой информационной системы в кодировке KZ-1048, "
              "разделитель — запятая. Данные синтетические, для демонстрации.",
        "en": "Each row is one general-education school: region, district, settlement, name, "
              "language of instruction, urban or rural, numbers of students and teachers, "
              "year opened and internet connection. All 20 regions, 7,000 schools; exported "
              "by a legacy information system in the KZ-1048 encoding with comma delimiters. "
              "The data are SYNTHETIC, for demonstration.",
    },
    sector="education",
    tags=("education", "schools", "secondary-education", "kz-1048"),
    licence="CC-BY-4.0",
    update_frequency="annual",
    spatial_coverage=KAZAKHSTAN,
    temporal_coverage=(date(2024, 9, 1), date(2025, 5, 31)),
    access_level="open",
    column_descriptions=COLUMNS,
    filename="schools.csv",
    file_format="csv",
    encoding="kz1048",
    delimiter=",",
    rows=SCHOOLS,
    writer=write_schools,
)
