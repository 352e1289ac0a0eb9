"""Road traffic incidents with casualties, one row each, as a typed Parquet export.

Messy as registries are: some incidents were registered twice (identical rows), some have no
time or coordinates, and coordinates are only as precise as the region's rough extent.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from aqyl.demo_data.dataset import KAZAKHSTAN, DemoDataset, allocate, seeded
from aqyl.demo_data.geography import REGIONS, Region, is_town

FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2024, 12, 31)
INCIDENTS = 32_000
DUPLICATE_SHARE = 0.006

CITY_CATEGORIES = {
    "көліктердің соқтығысуы": 45, "жаяу жүргіншіні қағу": 35, "тұрған көлікке соғылу": 5,
    "велосипедшіні қағу": 5, "жолаушының құлауы": 4, "кедергіге соғылу": 4,
    "көліктің аударылуы": 2,
}
ROAD_CATEGORIES = {
    "көліктердің соқтығысуы": 45, "көліктің аударылуы": 25, "кедергіге соғылу": 12,
    "жаяу жүргіншіні қағу": 10, "жануарды қағу": 5, "тұрған көлікке соғылу": 3,
}
RURAL_ROADS = {"республикалық маңызы бар жол": 30, "облыстық маңызы бар жол": 20,
               "аудандық маңызы бар жол": 12, "ауыл көшесі": 10}
NORTH_WINTER = {"ашық": 40, "бұлтты": 25, "қар": 20, "тұман": 7, "боран": 8}
SOUTH_WINTER = {"ашық": 40, "бұлтты": 25, "қар": 20, "тұман": 7, "боран": 1}
SUMMER = {"ашық": 70, "бұлтты": 18, "жаңбыр": 10, "тұман": 2}
SPRING_AUTUMN = {"ашық": 45, "бұлтты": 28, "жаңбыр": 18, "тұман": 5, "қар": 4}
SCHEMA = pa.schema([
    ("incident_id", pa.string()), ("occurred_on", pa.date32()), ("occurred_at", pa.string()),
    ("region", pa.string()), ("district", pa.string()), ("road_type", pa.string()),
    ("category", pa.string()), ("severity", pa.string()), ("vehicles", pa.int32()),
    ("injured", pa.int32()), ("killed", pa.int32()), ("weather", pa.string()),
    ("lighting", pa.string()), ("latitude", pa.float64()), ("longitude", pa.float64()),
])

COLUMNS: dict[str, dict[str, str]] = {
    "incident_id": {
        "kk": "Оқиғаның тіркеу нөмірі: жыл, өңірдің ӘАОЖ префиксі, реттік нөмір",
        "ru": "Регистрационный номер происшествия: год, префикс КАТО региона, порядковый номер",
        "en": "Registration number of the incident: year, the region's KATO prefix, sequence",
    },
    "occurred_on": {"kk": "Оқиға болған күн", "ru": "Дата происшествия",
                    "en": "Date of the incident"},
    "occurred_at": {
        "kk": "Оқиға болған уақыт, СС:ММ мәтіні; кейде белгісіз",
        "ru": "Время происшествия, текст ЧЧ:ММ; иногда неизвестно",
        "en": "Time of the incident, text HH:MM; sometimes unknown",
    },
    "region": {"kk": "Өңір (облыс немесе республикалық маңызы бар қала)",
               "ru": "Регион (область или город республиканского значения)",
               "en": "Region (oblys or city of republican significance)"},
    "district": {"kk": "Аудан немесе облыстық маңызы бар қала",
                 "ru": "Район или город областного значения",
                 "en": "District or city of regional significance"},
    "road_type": {
        "kk": "Жол түрі: республикалық, облыстық, аудандық маңызы бар жол, қала немесе ауыл "
              "көшесі",
        "ru": "Тип дороги: республиканского, областного, районного значения, городская или "
              "сельская улица",
        "en": "Road type: national, regional or district road, town or village street",
    },
    "category": {"kk": "Оқиға санаты (соқтығысу, жаяу жүргіншіні қағу, аударылу т.б.)",
                 "ru": "Вид происшествия (столкновение, наезд на пешехода, опрокидывание и др.)",
                 "en": "Kind of incident (collision, pedestrian hit, rollover, etc.)"},
    "severity": {
        "kk": "Ауырлығы: жеңіл, ауыр немесе өлім-жітіммен",
        "ru": "Тяжесть: жеңіл (лёгкая), ауыр (тяжёлая) или өлім-жітіммен (со смертельным "
              "исходом)",
        "en": "Severity: жеңіл (minor), ауыр (serious) or өлім-жітіммен (fatal)",
    },
    "vehicles": {"kk": "Оқиғаға қатысқан көліктер саны",
                 "ru": "Число участвовавших транспортных средств",
                 "en": "Number of vehicles involved"},
    "injured": {"kk": "Жараланғандар саны", "ru": "Число раненых",
                "en": "Number of people injured"},
    "killed": {"kk": "Қаза тапқандар саны", "ru": "Число погибших",
               "en": "Number of people killed"},
    "weather": {"kk": "Ауа райы", "ru": "Погодные условия (на казахском)",
                "en": "Weather (in Kazakh)"},
    "lighting": {"kk": "Жарықтандыру: күндіз, ымырт, түн (жарықтандырылған немесе жоқ)",
                 "ru": "Освещение: день, сумерки, ночь (с освещением или без)",
                 "en": "Lighting: daylight, twilight, night (lit or unlit)"},
    "latitude": {"kk": "Ендік, WGS 84; шамамен, кейде жоқ",
                 "ru": "Широта, WGS 84; приблизительно, иногда отсутствует",
                 "en": "Latitude, WGS 84; approximate, sometimes missing"},
    "longitude": {"kk": "Бойлық, WGS 84; шамамен, кейде жоқ",
                  "ru": "Долгота, WGS 84; приблизительно, иногда отсутствует",
                  "en": "Longitude, WGS 84; approximate, sometimes missing"},
}


def _day(rng: random.Random) -> date:
    """More incidents in summer and autumn, when more people travel."""
    span = (LAST_DAY - FIRST_DAY).days
    while True:
        day = FIRST_DAY + timedelta(days=rng.randint(0, span))
        season = 1 + 0.35 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 120) / 365)
        if rng.random() * 1.35 < season:
            return day


def _hour(rng: random.Random) -> float:
    peak = rng.random()
    if peak < 0.25:
        return rng.gauss(8.5, 1.2) % 24
    if peak < 0.65:
        return rng.gauss(18.5, 2.0) % 24
    return rng.uniform(0, 24)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(tuple(weights), tuple(weights.values()))[0]


def _weather(rng: random.Random, month: int, north: bool) -> str:
    if month in (12, 1, 2):
        return _pick(rng, NORTH_WINTER if north else SOUTH_WINTER)
    return _pick(rng, SUMMER if month in (6, 7, 8) else SPRING_AUTUMN)


def _lighting(rng: random.Random, hour: float, month: int, lit: bool) -> str:
    summer = math.cos(2 * math.pi * (month - 6.5) / 12)  # -1 in winter, 1 in summer
    sunrise, sunset = 6.6 - 1.6 * summer, 19.0 + 2.0 * summer
    if abs(hour - sunrise) < 0.5 or abs(hour - sunset) < 0.5:
        return "ымырт"
    if sunrise < hour < sunset:
        return "күндізгі жарық"
    return "түн, жарықтандырылған" if lit or rng.random() < 0.2 else "түн, жарықтандырылмаған"


def _place(rng: random.Random, region: Region, urban: bool) -> tuple[float, float]:
    south, north, west, east = region.bbox
    if urban and (region.is_city or rng.random() < 0.7):
        lat = min(north, max(south, rng.gauss(region.centre_lat, 0.04)))
        lon = min(east, max(west, rng.gauss(region.centre_lon, 0.06)))
    else:
        lat, lon = rng.uniform(south, north), rng.uniform(west, east)
    return round(lat, 6), round(lon, 6)


def _incident(rng: random.Random, region: Region) -> dict[str, object]:
    district = rng.choice(region.districts)
    urban = region.is_city or is_town(district)
    if region.is_city:
        road = "қала көшесі" if rng.random() < 0.9 else "республикалық маңызы бар жол"
    else:
        road = "қала көшесі" if urban and rng.random() < 0.8 else _pick(rng, RURAL_ROADS)
    street = road in ("қала көшесі", "ауыл көшесі")
    categories = CITY_CATEGORIES if street else ROAD_CATEGORIES
    category = _pick(rng, categories)
    killed = 0
    if rng.random() < (0.04 if street else 0.16):
        killed = 1 if rng.random() < 0.8 else rng.randint(2, 4)
    injured = max(0 if killed else 1, round(rng.expovariate(0.9)))
    severity = ("өлім-жітіммен" if killed else "ауыр" if rng.random() < 0.3 else "жеңіл")
    day = _day(rng)
    hour = _hour(rng)
    lat, lon = _place(rng, region, urban)
    missing_place = rng.random() < 0.03
    return {
        "occurred_on": day,
        "occurred_at": None if rng.random() < 0.02 else
        f"{int(hour):02d}:{int(hour % 1 * 60):02d}",
        "sort": (day, hour), "kato": region.kato,
        "region": region.name_kk,
        "district": district if is_town(district) else f"{district} ауданы",
        "road_type": road, "category": category, "severity": severity,
        "vehicles": rng.randint(2, 3) if category == "көліктердің соқтығысуы" else 1,
        "injured": injured, "killed": killed,
        "weather": _weather(rng, day.month, region.centre_lat > 48),
        "lighting": _lighting(rng, hour, day.month, urban),
        "latitude": None if missing_place else lat, "longitude": None if missing_place else lon,
    }


def incident_rows() -> list[dict[str, object]]:
    rng = seeded(20230101)
    weights = [region.population * (2.0 if region.is_city else 1.0) for region in REGIONS]
    incidents = [_incident(rng, region)
                 for region, count in zip(REGIONS, allocate(INCIDENTS, weights), strict=True)
                 for _ in range(count)]
    incidents.sort(key=lambda row: row["sort"])  # type: ignore[arg-type,return-value]
    sequence: dict[tuple[int, object], int] = {}
    rows: list[dict[str, object]] = []
    for incident in incidents:
        day: date = incident.pop("sort")[0]  # type: ignore[index]
        kato = incident.pop("kato")
        number = sequence[day.year, kato] = sequence.get((day.year, kato), 0) + 1
        rows.append({"incident_id": f"{day.year}-{kato}-{number:06d}", **incident})
        if rng.random() < DUPLICATE_SHARE:
            rows.append(dict(rows[-1]))  # registered a second time by another unit
    return rows


def write_road_incidents(path: Path) -> None:
    table = pa.Table.from_pylist(incident_rows(), schema=SCHEMA)
    pq.write_table(table, path, compression="zstd")


ROAD_INCIDENTS_DATASET = DemoDataset(
    name="road-incidents",
    organisation="mia",
    title={
        "kk": "Зардап шеккендері бар жол-көлік оқиғалары",
        "ru": "Дорожно-транспортные происшествия с пострадавшими",
        "en": "Road traffic incidents with casualties",
    },
    description={
        "kk": "Әр жол — зардап шеккендері бар бір жол-көлік оқиғасы: күні мен уақыты, өңірі, "
              "ауданы, жол түрі, оқиға санаты, ауырлығы, жараланғандар мен қаза тапқандар "
              "саны, ауа райы, жарықтандыру және шамамен алынған координаттар. 2023–2024 "
              "жылдар, барлық 20 өңір; кейбір оқиғалар екі рет тіркелген, кейбірінің уақыты "
              "не координаттары жоқ. Орны мен уақыты қатысушыларды анықтауға мүмкіндік "
              "беретіндіктен қолжетімділігі шектеулі. Деректер синтетикалық, демонстрацияға "
              "арналған.",
        "ru": "Каждая строка — одно дорожно-транспортное происшествие с пострадавшими: дата и "
              "время, регион, район, тип дороги, вид происшествия, тяжесть, число раненых и "
              "погибших, погода, освещение и приблизительные координаты. 2023–2024 годы, все "
              "20 регионов; часть происшествий зарегистрирована дважды, у части нет времени "
              "или координат. Доступ ограничен: место и время могут указать на участников. "
              "Данные синтетические, для демонстрации.",
        "en": "Each row is one road traffic incident with casualties: date and time, region, "
              "district, road type, kind of incident, severity, numbers injured and killed, "
              "weather, lighting and approximate coordinates. 2023-2024, all 20 regions; some "
              "incidents were registered twice and some lack a time or coordinates. Access is "
              "restricted because place and time could identify the people involved. The "
              "data are SYNTHETIC, for demonstration.",
    },
    sector="transport",
    tags=("transport", "road-safety", "incidents", "geospatial"),
    licence="CC-BY-NC-4.0",
    update_frequency="monthly",
    spatial_coverage=KAZAKHSTAN,
    temporal_coverage=(FIRST_DAY, LAST_DAY),
    access_level="restricted",
    column_descriptions=COLUMNS,
    filename="road-incidents.parquet",
    file_format="parquet",
    rows=32_172,
    writer=write_road_incidents,
)
