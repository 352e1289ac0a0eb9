"""Daily air-quality measurements of monitoring posts: JSON Lines with decimal commas as text.

Pollution follows the heating season: coal smoke makes winter smog in Almaty, Karaganda,
Temirtau and Oskemen. Posts go offline for days, sensors miss values, some posts never
measured SO2 or CO (the key is absent) and a few readings are the error code -999.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from aqyl.demo_data.dataset import DemoDataset, decimal_comma, seeded

FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2025, 5, 31)
UPDATE_LAST_DAY = date(2025, 6, 30)
ERROR_CODE = -999


@dataclass(frozen=True)
class City:
    name: str
    code: str
    posts: int
    pm25_summer: float
    pm25_winter: float
    no2: float
    so2: float
    co: float


CITIES = (
    City("Алматы", "ALM", 6, 14.0, 95.0, 48.0, 14.0, 1.6),
    City("Астана", "AST", 4, 11.0, 42.0, 36.0, 22.0, 1.2),
    City("Қарағанды", "KAR", 3, 17.0, 72.0, 40.0, 42.0, 2.1),
    City("Теміртау", "TEM", 2, 24.0, 64.0, 34.0, 62.0, 2.6),
    City("Өскемен", "OSK", 3, 19.0, 68.0, 33.0, 58.0, 1.9),
    City("Шымкент", "SHY", 3, 26.0, 52.0, 41.0, 24.0, 1.4),
    City("Ақтөбе", "AKT", 2, 15.0, 36.0, 30.0, 16.0, 1.0),
    City("Павлодар", "PVL", 2, 15.0, 41.0, 29.0, 46.0, 1.2),
    City("Атырау", "ATR", 2, 18.0, 31.0, 31.0, 21.0, 1.0),
    City("Семей", "SEM", 1, 14.0, 52.0, 27.0, 30.0, 1.3),
)

COLUMNS: dict[str, dict[str, str]] = {
    "post_id": {
        "kk": "Бақылау бекетінің коды: қала коды және бекет нөмірі",
        "ru": "Код поста наблюдения: код города и номер поста",
        "en": "Monitoring post code: city code and post number",
    },
    "city": {
        "kk": "Бекет орналасқан қала (қазақша)",
        "ru": "Город, где находится пост (на казахском)",
        "en": "City of the post (in Kazakh)",
    },
    "date": {
        "kk": "Өлшеу күні, КК.АА.ЖЖЖЖ мәтіні",
        "ru": "Дата измерения, текст ДД.ММ.ГГГГ",
        "en": "Day of measurement, text dd.mm.yyyy",
    },
    "pm25": {
        "kk": "PM2,5 қалқыма бөлшектерінің тәуліктік орташа концентрациясы, мкг/м³; мәтін, "
              "ондық бөлгіш — үтір; -999 — датчик қатесі",
        "ru": "Среднесуточная концентрация взвешенных частиц PM2,5, мкг/м³; текст с "
              "десятичной запятой; -999 — ошибка датчика",
        "en": "Daily mean concentration of fine particulate matter PM2.5, µg/m³; text with "
              "a decimal comma; -999 is a sensor error",
    },
    "pm10": {
        "kk": "PM10 қалқыма бөлшектерінің тәуліктік орташа концентрациясы, мкг/м³; мәтін, "
              "ондық бөлгіш — үтір",
        "ru": "Среднесуточная концентрация взвешенных частиц PM10, мкг/м³; текст с десятичной "
              "запятой",
        "en": "Daily mean concentration of particulate matter PM10, µg/m³; text with a "
              "decimal comma",
    },
    "no2": {
        "kk": "Азот диоксидінің (NO₂) тәуліктік орташа концентрациясы, мкг/м³",
        "ru": "Среднесуточная концентрация диоксида азота (NO₂), мкг/м³",
        "en": "Daily mean concentration of nitrogen dioxide (NO₂), µg/m³",
    },
    "so2": {
        "kk": "Күкірт диоксидінің (SO₂) тәуліктік орташа концентрациясы, мкг/м³; өлшемейтін "
              "бекеттерде кілт жоқ",
        "ru": "Среднесуточная концентрация диоксида серы (SO₂), мкг/м³; у постов без "
              "датчика ключ отсутствует",
        "en": "Daily mean concentration of sulphur dioxide (SO₂), µg/m³; the key is absent "
              "for posts without the sensor",
    },
    "co": {
        "kk": "Көміртек оксидінің (CO) тәуліктік орташа концентрациясы, мг/м³; өлшемейтін "
              "бекеттерде кілт жоқ",
        "ru": "Среднесуточная концентрация оксида углерода (CO), мг/м³; у постов без датчика "
              "ключ отсутствует",
        "en": "Daily mean concentration of carbon monoxide (CO), mg/m³; the key is absent for "
              "posts without the sensor",
    },
}


@dataclass
class _Post:
    post_id: str
    city: City
    offset: float
    has_so2: bool
    has_co: bool
    offline_days: int = 0


def _posts(rng: random.Random) -> list[_Post]:
    return [_Post(f"{city.code}-{n:02d}", city, rng.lognormvariate(0, 0.2),
                  rng.random() > 0.2, rng.random() > 0.3)
            for city in CITIES for n in range(1, city.posts + 1)]


def _value(rng: random.Random, value: float, places: int) -> str | int | None:
    draw = rng.random()
    if draw < 0.02:
        return None
    if draw < 0.021:
        return ERROR_CODE
    return decimal_comma(value, places)


def _records(last_day: date) -> list[dict[str, object]]:
    rng = seeded(20240101)
    posts = _posts(rng)
    smog = dict.fromkeys(CITIES, 0.0)  # today's weather over the whole city, day to day
    records: list[dict[str, object]] = []
    day = FIRST_DAY
    while day <= last_day:
        winter = 0.5 * (1 + math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365))
        weekday = 0.88 if day.weekday() >= 5 else 1.0
        for city in CITIES:
            smog[city] = 0.7 * smog[city] + rng.gauss(0, 0.25)
        for post in posts:
            if post.offline_days:
                post.offline_days -= 1
                continue
            if rng.random() < 0.002:
                post.offline_days = rng.randint(1, 10)
            city = post.city
            level = post.offset * math.exp(smog[city] + rng.gauss(0, 0.15))
            pm25 = (city.pm25_summer + (city.pm25_winter - city.pm25_summer) * winter ** 1.5)
            pm25 *= level
            record: dict[str, object] = {
                "post_id": post.post_id, "city": city.name, "date": day.strftime("%d.%m.%Y"),
                "pm25": _value(rng, pm25, 1),
                "pm10": _value(rng, pm25 * rng.uniform(1.4, 2.3 - 0.5 * winter), 1),
                "no2": _value(rng, city.no2 * (0.85 + 0.3 * winter) * weekday * level ** 0.5, 1),
            }
            if post.has_so2:
                record["so2"] = _value(rng, city.so2 * (0.6 + 0.8 * winter) * level ** 0.5, 1)
            if post.has_co:
                record["co"] = _value(rng, city.co * (0.7 + 0.6 * winter) * level ** 0.7, 2)
            records.append(record)
        day += timedelta(days=1)
    return records


def _write(path: Path, last_day: date) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in _records(last_day):
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def write_air_quality(path: Path) -> None:
    _write(path, LAST_DAY)


def write_air_quality_update(path: Path) -> None:
    _write(path, UPDATE_LAST_DAY)


AIR_QUALITY_DATASET = DemoDataset(
    name="air-quality",
    organisation="kazhydromet",
    title={
        "kk": "Атмосфералық ауаның сапасы: бақылау бекеттерінің тәуліктік өлшемдері",
        "ru": "Качество атмосферного воздуха: суточные измерения постов наблюдения",
        "en": "Air quality: daily measurements of monitoring posts",
    },
    description={
        "kk": "Әр жол — бір бақылау бекетінің бір тәуліктегі орташа көрсеткіштері: PM2,5, "
              "PM10, азот диоксиді, күкірт диоксиді және көміртек оксиді. Алматы, Астана, "
              "Қарағанды, Теміртау, Өскемен, Шымкент, Ақтөбе, Павлодар, Атырау және Семей "
              "қалаларындағы 28 бекет, 2024 жылғы қаңтардан бастап; қыста жылу маусымының "
              "түтінінен Алматы мен Қарағандыда түтінді тұман байқалады. Кейбір күндер мен "
              "мәндер жоқ, ал -999 — датчик қатесі. Деректер синтетикалық, демонстрацияға "
              "арналған.",
        "ru": "Каждая строка — среднесуточные показатели одного поста наблюдения: PM2,5, "
              "PM10, диоксид азота, диоксид серы и оксид углерода. 28 постов в Алматы, "
              "Астане, Караганде, Темиртау, Усть-Каменогорске, Шымкенте, Актобе, Павлодаре, "
              "Атырау и Семее с января 2024 года; зимой дым отопительного сезона даёт смог в "
              "Алматы и Караганде. Часть дней и значений отсутствует, -999 — ошибка датчика. "
              "Данные синтетические, для демонстрации.",
        "en": "Each row is one monitoring post's daily means: PM2.5, PM10, nitrogen dioxide, "
              "sulphur dioxide and carbon monoxide. 28 posts in Almaty, Astana, Karaganda, "
              "Temirtau, Oskemen, Shymkent, Aktobe, Pavlodar, Atyrau and Semey from January "
              "2024; in winter, heating-season smoke brings smog to Almaty and Karaganda. "
              "Some days and values are missing and -999 is a sensor error. The data are "
              "SYNTHETIC, for demonstration.",
    },
    sector="ecology",
    tags=("ecology", "air-quality", "pm2.5", "monitoring", "time-series"),
    licence="CC-BY-4.0",
    update_frequency="monthly",
    spatial_coverage={
        "kk": "Қазақстанның 10 ірі қаласы", "ru": "10 крупных городов Казахстана",
        "en": "10 major cities of Kazakhstan",
    },
    temporal_coverage=(FIRST_DAY, LAST_DAY),
    access_level="open",
    column_descriptions=COLUMNS,
    filename="air-quality.jsonl",
    file_format="jsonl",
    encoding="utf-8",
    rows=14_282,
    writer=write_air_quality,
)

AIR_QUALITY_UPDATE = replace(
    AIR_QUALITY_DATASET, temporal_coverage=(FIRST_DAY, UPDATE_LAST_DAY), rows=15_116,
    writer=write_air_quality_update,
)
"""The next monthly version: the same file with June 2025 appended."""
