"""Hospitals as a register's API returns them: one JSON array of nested objects.

Messy like hand-kept registers: names in Kazakh or Russian, a bed count now and then given
as text, missing doctor counts and coordinates.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from aqyl.demo_data.dataset import KAZAKHSTAN, DemoDataset, seeded
from aqyl.demo_data.geography import REGIONS, VILLAGES, Region, in_russian_letters, is_town

AREA_CODES = {
    "abai": "7222", "akmola": "7162", "aktobe": "7132", "almaty-region": "72772",
    "atyrau": "7122", "west-kazakhstan": "7112", "zhambyl": "7262", "jetisu": "7282",
    "karaganda": "7212", "kostanay": "7142", "kyzylorda": "7242", "mangystau": "7292",
    "pavlodar": "7182", "north-kazakhstan": "7152", "turkistan": "72533", "ulytau": "7102",
    "east-kazakhstan": "7232", "astana": "7172", "almaty": "727", "shymkent": "7252",
}
STREETS = (
    "Абай даңғылы", "Достық даңғылы", "Тәуелсіздік даңғылы", "Сәтбаев көшесі",
    "Жамбыл көшесі", "Төле би көшесі", "Қабанбай батыр даңғылы", "Республика даңғылы",
    "Байтұрсынұлы көшесі", "Бауыржан Момышұлы көшесі", "Гагарин көшесі", "Мәметова көшесі",
    "Әуезов көшесі", "Сейфуллин даңғылы", "Желтоқсан көшесі", "Құрманғазы көшесі",
)
PRIVATE = ("Мейірім", "Шипагер", "Саулық", "Береке", "Ақ ниет", "Сезім", "Нұр", "Демеу",
           "Жансая", "Шапағат", "Алтын жүрек", "Ем-дом")
NATIONAL = {
    "astana": ("Ұлттық ғылыми кардиохирургия орталығы", "Ана мен бала ұлттық ғылыми орталығы",
               "Ұлттық нейрохирургия орталығы"),
    "almaty": ("Қазақ онкология және радиология ғылыми-зерттеу институты",
               "Ұлттық ғылыми хирургия орталығы", "Педиатрия және балалар хирургиясы ғылыми "
               "орталығы"),
}
REGIONAL = (  # name ending, kind, beds
    ("облыстық көпбейінді ауруханасы", "көпбейінді", (450, 900)),
    ("облыстық балалар ауруханасы", "балалар", (200, 400)),
    ("облыстық перинаталдық орталығы", "перинаталдық орталық", (150, 300)),
    ("облыстық онкологиялық орталығы", "онкологиялық", (150, 350)),
    ("облыстық фтизиопульмонология орталығы", "фтизиатриялық", (100, 300)),
    ("облыстық психикалық денсаулық орталығы", "психиатриялық", (150, 400)),
    ("облыстық жұқпалы аурулар ауруханасы", "жұқпалы аурулар", (100, 250)),
)
CITY_HOSPITALS = {"almaty": 12, "astana": 8, "shymkent": 6}

COLUMNS: dict[str, dict[str, str]] = {
    "id": {"kk": "Медициналық ұйымның тізілімдегі коды",
           "ru": "Код медицинской организации в реестре",
           "en": "Code of the medical organisation in the register"},
    "name": {"kk": "Атауы, қазақша немесе орысша",
             "ru": "Название, на казахском или русском",
             "en": "Name, in Kazakh or Russian"},
    "kind": {"kk": "Бейіні (көпбейінді, балалар, перинаталдық орталық, аудандық т.б.)",
             "ru": "Профиль (многопрофильная, детская, перинатальный центр, районная и др.), "
                   "на казахском",
             "en": "Profile (multi-profile, children's, perinatal centre, district, etc.), in "
                   "Kazakh"},
    "level": {"kk": "Деңгейі: республикалық, облыстық, қалалық, аудандық немесе ауылдық",
              "ru": "Уровень: республиканский, областной, городской, районный или сельский "
                    "(на казахском)",
              "en": "Level: national, regional, city, district or rural (in Kazakh)"},
    "ownership": {"kk": "Меншік нысаны: мемлекеттік немесе жеке",
                  "ru": "Форма собственности: мемлекеттік (государственная) или жеке (частная)",
                  "en": "Ownership: мемлекеттік (public) or жеке (private)"},
    "beds": {"kk": "Төсек саны; кейде мәтін түрінде берілген",
             "ru": "Число коек; иногда передано текстом",
             "en": "Number of beds; sometimes given as text"},
    "doctors": {"kk": "Дәрігерлер саны; кейде жоқ", "ru": "Число врачей; иногда отсутствует",
                "en": "Number of doctors; sometimes missing"},
    "emergency_department": {"kk": "Қабылдау-жедел жәрдем бөлімшесі бар ма",
                             "ru": "Есть ли приёмно-экстренное отделение",
                             "en": "Whether it has an emergency department"},
    "opened": {"kk": "Ашылған жылы; кейде жоқ", "ru": "Год открытия; иногда отсутствует",
               "en": "Year opened; sometimes missing"},
    "phone": {"kk": "Анықтама телефоны", "ru": "Справочный телефон",
              "en": "Information phone number"},
    "address": {"kk": "Мекенжай: region (өңір), settlement (елді мекен), street (көше, үй) "
                      "өрістері бар объект",
                "ru": "Адрес: объект с полями region (регион), settlement (населённый пункт), "
                      "street (улица, дом)",
                "en": "Address: an object with region, settlement and street (street and "
                      "house number)"},
    "location": {"kk": "Координаттары: lat (ендік) және lon (бойлық), WGS 84; кейде null",
                 "ru": "Координаты: lat (широта) и lon (долгота), WGS 84; иногда null",
                 "en": "Coordinates: lat and lon, WGS 84; sometimes null"},
}


def _phone(rng: random.Random, region: Region) -> str:
    code = AREA_CODES[region.key]
    digits = f"{rng.randint(10 ** (9 - len(code)), 10 ** (10 - len(code)) - 1)}"
    local = f"{digits[:-4]}-{digits[-4:-2]}-{digits[-2:]}"
    return f"8 ({code}) {local}"


def _hospital(rng: random.Random, region: Region, settlement: str, *, name: str, kind: str,
              level: str, beds: tuple[int, int], private: bool = False) -> dict[str, object]:
    urban = not settlement.endswith(" ауылы")
    south, north, west, east = region.bbox
    if urban and (region.is_city or settlement.startswith(region.centre_kk)):
        lat = min(north, max(south, rng.gauss(region.centre_lat, 0.03)))
        lon = min(east, max(west, rng.gauss(region.centre_lon, 0.04)))
    else:
        lat, lon = rng.uniform(south, north), rng.uniform(west, east)
    bed_count = rng.randint(*beds)
    doctors = round(bed_count * rng.uniform(0.25, 0.6 if private else 0.35))
    return {
        "id": "",
        "name": name, "kind": kind, "level": level,
        "ownership": "жеке" if private else "мемлекеттік",
        "beds": str(bed_count) if rng.random() < 0.03 else bed_count,
        "doctors": None if rng.random() < 0.04 else max(2, doctors),
        "emergency_department": bed_count >= 100 and rng.random() < 0.85,
        "opened": None if rng.random() < 0.05 else
        rng.randint(1995, 2024) if private else rng.randint(1930, 2023),
        "phone": _phone(rng, region),
        "address": {"region": region.name_kk, "settlement": settlement,
                    "street": f"{rng.choice(STREETS)}, {rng.randint(1, 240)}"},
        "location": None if rng.random() < 0.04 else {"lat": round(lat, 5),
                                                      "lon": round(lon, 5)},
    }


def _city_hospitals(rng: random.Random, region: Region, town: str, count: int
                    ) -> list[dict[str, object]]:
    rows = []
    for n in range(1, count + 1):
        russian = rng.random() < region.russian_share
        name = (f"Городская больница №{n}" if russian else f"№{n} қалалық аурухана")
        rows.append(_hospital(rng, region, town, name=name, kind="көпбейінді",
                              level="қалалық", beds=(150, 600)))
    return rows


def _region_hospitals(rng: random.Random, region: Region) -> list[dict[str, object]]:
    centre = f"{region.centre_kk} қ."
    rows: list[dict[str, object]] = []
    if region.is_city:
        rows += _city_hospitals(rng, region, centre, CITY_HOSPITALS[region.key])
        rows += [_hospital(rng, region, centre, name=name, kind="ұлттық орталық",
                           level="республикалық", beds=(150, 400))
                 for name in NATIONAL.get(region.key, ())]
        rows.append(_hospital(rng, region, centre, name="Жедел медициналық жәрдем ауруханасы",
                              kind="жедел жәрдем", level="қалалық", beds=(300, 700)))
        rows += [_hospital(rng, region, centre, name=f"№{n} қалалық балалар ауруханасы",
                           kind="балалар", level="қалалық", beds=(150, 350)) for n in (1, 2)]
    else:
        short = region.name_kk.removesuffix(" облысы")
        rows += [_hospital(rng, region, centre, name=f"{short} {ending}", kind=kind,
                           level="облыстық", beds=beds) for ending, kind, beds in REGIONAL]
        for district in region.districts:
            if is_town(district):
                count = rng.randint(3, 6) if district.startswith(region.centre_kk) else 1
                rows += _city_hospitals(rng, region, district, count)
                continue
            russian = rng.random() < region.russian_share
            name = (f"Центральная районная больница, {in_russian_letters(district)} район"
                    if russian else f"{district} аудандық ауруханасы")
            rows.append(_hospital(rng, region, f"{district} ауданы", name=name,
                                  kind="аудандық", level="аудандық", beds=(50, 250)))
            for _ in range(rng.randint(0, 2)):
                village = rng.choice(VILLAGES)
                rows.append(_hospital(rng, region, f"{village} ауылы",
                                      name=f"{village} ауылдық ауруханасы", kind="ауылдық",
                                      level="ауылдық", beds=(10, 30)))
    clinics = round(region.population / 120_000)
    for _ in range(clinics):
        brand = rng.choice(PRIVATE)
        name = (f"Медицинский центр «{brand}»" if rng.random() < 0.4
                else f"«{brand}» көпбейінді клиникасы ЖШС")
        rows.append(_hospital(rng, region, centre, name=name, kind="жеке клиника",
                              level="қалалық", beds=(10, 120), private=True))
    return rows


def hospital_rows() -> list[dict[str, object]]:
    rng = seeded(19911216)
    rows = [row for region in REGIONS for row in _region_hospitals(rng, region)]
    for number, row in enumerate(rows, start=1):
        row["id"] = f"MO-{number:05d}"
    return rows


def write_hospitals(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        json.dump(hospital_rows(), handle, ensure_ascii=False, indent=1)
        handle.write("\n")


HOSPITALS_DATASET = DemoDataset(
    name="hospitals",
    organisation="health",
    title={
        "kk": "Стационарлық медициналық ұйымдар: ауруханалар тізілімі",
        "ru": "Стационарные медицинские организации: реестр больниц",
        "en": "Inpatient medical organisations: register of hospitals",
    },
    description={
        "kk": "Әр жазба — бір аурухана немесе стационары бар медициналық орталық: атауы, "
              "бейіні, деңгейі, меншік нысаны, төсек және дәрігерлер саны, мекенжайы, "
              "координаттары және телефоны. Барлық 20 өңір: облыстық, қалалық, аудандық және "
              "ауылдық ауруханалар, ұлттық орталықтар мен жеке клиникалар; мекенжай мен "
              "координаттар кірістірілген JSON объектілері. Деректер синтетикалық, "
              "демонстрацияға арналған.",
        "ru": "Каждая запись — одна больница или медицинский центр со стационаром: название, "
              "профиль, уровень, форма собственности, число коек и врачей, адрес, координаты "
              "и телефон. Все 20 регионов: областные, городские, районные и сельские "
              "больницы, национальные центры и частные клиники; адрес и координаты — "
              "вложенные объекты JSON. Данные синтетические, для демонстрации.",
        "en": "Each record is one hospital or medical centre with inpatient beds: name, "
              "profile, level, ownership, numbers of beds and doctors, address, coordinates "
              "and phone. All 20 regions: regional, city, district and rural hospitals, "
              "national centres and private clinics; address and coordinates are nested JSON "
              "objects. The data are SYNTHETIC, for demonstration.",
    },
    sector="health",
    tags=("health", "hospitals", "healthcare-infrastructure", "geospatial"),
    licence="CC-BY-4.0",
    update_frequency="quarterly",
    spatial_coverage=KAZAKHSTAN,
    temporal_coverage=(date(2025, 1, 1), date(2025, 3, 31)),
    access_level="open",
    column_descriptions=COLUMNS,
    filename="hospitals.json",
    public_columns=("phone",),
    file_format="json",
    encoding="utf-8",
    rows=770,
    writer=write_hospitals,
)
