"""Sown area, yield and harvest by region and crop: an Excel table as a statistics bureau
publishes it, with a title, a source line, a blank row, the header and a totals row.

Regions are those of each year: before 2022 Abai, Jetisu and Ulytau were part of East
Kazakhstan, Almaty and Karaganda regions; before 2018 Turkistan region was South Kazakhstan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from aqyl.demo_data.dataset import KAZAKHSTAN, DemoDataset, seeded
from aqyl.demo_data.geography import BY_KEY, REGIONS, Region

YEARS = range(2015, 2026)
NORTH = frozenset(("akmola", "kostanay", "north-kazakhstan", "pavlodar", "karaganda", "aktobe",
                   "west-kazakhstan", "abai", "east-kazakhstan", "ulytau"))
# Rain-fed northern grain depends on the weather of the year: drought in 2021, a poor 2023,
# the record harvest of 2024.
NORTH_YEAR = {2015: 1.0, 2016: 1.1, 2017: 1.04, 2018: 0.98, 2019: 0.9, 2020: 0.95, 2021: 0.8,
              2022: 1.06, 2023: 0.86, 2024: 1.24, 2025: 1.14}
BEFORE_2022 = {"abai": "east-kazakhstan", "jetisu": "almaty-region", "ulytau": "karaganda"}
TITLE = ("Ауыл шаруашылығы дақылдарының егіс алқабы, түсімділігі және жалпы түсімі, "
         "2015–2025 жылдар, өңірлер бөлінісінде")
SOURCE = ("Дереккөз: ҚР Стратегиялық жоспарлау және реформалар агенттігінің Ұлттық статистика "
          "бюросы үлгісімен жасалған СИНТЕТИКАЛЫҚ деректер, тек демонстрация үшін. "
          "2025 жыл — алдын ала деректер.")
HEADER = ("Жыл", "Өңір", "Дақыл", "Егіс алқабы, га", "Түсімділік, ц/га", "Жалпы түсім, т")


@dataclass(frozen=True)
class Crop:
    name: str
    yield_north: float  # centners per hectare
    yield_south: float
    trend: float  # yearly change of the sown area
    area: dict[str, float]  # thousand hectares in 2015, by region key


CROPS = (
    Crop("Бидай", 12.0, 22.0, -0.01, {
        "akmola": 3300, "kostanay": 3400, "north-kazakhstan": 2300, "pavlodar": 500,
        "karaganda": 420, "aktobe": 380, "west-kazakhstan": 250, "abai": 300,
        "east-kazakhstan": 180, "ulytau": 25, "almaty-region": 150, "jetisu": 170,
        "zhambyl": 160, "turkistan": 140, "kyzylorda": 6}),
    Crop("Арпа", 13.0, 20.0, 0.01, {
        "akmola": 420, "kostanay": 380, "north-kazakhstan": 330, "pavlodar": 140,
        "karaganda": 150, "aktobe": 210, "west-kazakhstan": 260, "abai": 120,
        "east-kazakhstan": 110, "ulytau": 10, "almaty-region": 150, "jetisu": 120,
        "zhambyl": 150, "turkistan": 160, "kyzylorda": 5}),
    Crop("Жүгері (дәнге)", 45.0, 58.0, 0.04, {
        "almaty-region": 95, "jetisu": 45, "turkistan": 40, "zhambyl": 30,
        "east-kazakhstan": 10}),
    Crop("Күріш", 52.0, 52.0, 0.0, {
        "kyzylorda": 85, "almaty-region": 6, "turkistan": 12, "jetisu": 4}),
    Crop("Күнбағыс", 11.5, 18.0, 0.03, {
        "abai": 360, "east-kazakhstan": 230, "pavlodar": 120, "kostanay": 70, "akmola": 40,
        "north-kazakhstan": 60, "west-kazakhstan": 40, "almaty-region": 50, "jetisu": 60,
        "karaganda": 30, "aktobe": 20}),
    Crop("Майлы зығыр", 9.0, 9.0, 0.05, {
        "kostanay": 380, "north-kazakhstan": 280, "akmola": 230, "pavlodar": 40,
        "karaganda": 20}),
    Crop("Мақта", 27.0, 27.0, -0.01, {"turkistan": 115, "zhambyl": 4}),
    Crop("Картоп", 200.0, 230.0, 0.0, {
        "almaty-region": 38, "jetisu": 16, "east-kazakhstan": 22, "abai": 12, "pavlodar": 18,
        "north-kazakhstan": 24, "akmola": 12, "karaganda": 12, "kostanay": 12, "zhambyl": 16,
        "turkistan": 14, "aktobe": 6, "west-kazakhstan": 6, "kyzylorda": 3, "atyrau": 1,
        "mangystau": 0.4, "ulytau": 1.5}),
)

COLUMNS: dict[str, dict[str, str]] = {
    "Жыл": {"kk": "Есепті жыл", "ru": "Отчётный год", "en": "Reporting year"},
    "Өңір": {
        "kk": "Облыс, сол жылғы әкімшілік бөлініс бойынша",
        "ru": "Область по административному делению того года",
        "en": "Region, as the administrative division of that year",
    },
    "Дақыл": {
        "kk": "Ауыл шаруашылығы дақылы (қазақша)",
        "ru": "Сельскохозяйственная культура (на казахском)",
        "en": "Agricultural crop (in Kazakh)",
    },
    "Егіс алқабы, га": {
        "kk": "Егіс алқабы, гектар",
        "ru": "Посевная площадь, гектаров",
        "en": "Sown area, hectares",
    },
    "Түсімділік, ц/га": {
        "kk": "Жиналған алқаптың бір гектарынан алынған өнім, центнер",
        "ru": "Урожайность, центнеров с гектара убранной площади",
        "en": "Yield, centners (100 kg) per hectare harvested",
    },
    "Жалпы түсім, т": {
        "kk": "Жалпы түсім, тонна",
        "ru": "Валовой сбор, тонн",
        "en": "Gross harvest, tonnes",
    },
}


def _label(region: Region, year: int) -> Region:
    """The region the statistics of `year` were published under."""
    if year < 2022 and region.key in BEFORE_2022:
        region = BY_KEY[BEFORE_2022[region.key]]
    return region


def _region_name(region: Region, year: int) -> str:
    if region.key == "turkistan" and year < 2018:
        return "Оңтүстік Қазақстан облысы"
    return region.name_kk


def crop_rows() -> list[tuple[int, str, str, int, float, int]]:
    rng: random.Random = seeded(20151001)
    order = {region.key: i for i, region in enumerate(REGIONS)}
    rows: list[tuple[int, str, str, int, float, int]] = []
    for year in YEARS:
        totals: dict[tuple[str, int], list[float]] = {}  # (region, crop) → sown, harvested, t
        for c, crop in enumerate(CROPS):
            for key, thousand_ha in crop.area.items():
                region = BY_KEY[key]
                sown = thousand_ha * 1000 * (1 + crop.trend * (year - 2015)) * rng.uniform(0.96,
                                                                                       1.04)
                harvested = sown * rng.uniform(0.95, 1.0)
                base = crop.yield_north if key in NORTH else crop.yield_south
                weather = NORTH_YEAR[year] if key in NORTH else 1.0
                centners = base * weather * rng.uniform(0.9, 1.1)
                parts = totals.setdefault((_label(region, year).key, c), [0.0, 0.0, 0.0])
                parts[0] += sown
                parts[1] += harvested
                parts[2] += harvested * centners / 10
        for (key, c), (sown, harvested, tonnes) in sorted(
                totals.items(), key=lambda item: (order[item[0][0]], item[0][1])):
            rows.append((year, _region_name(BY_KEY[key], year), CROPS[c].name, round(sown),
                         round(tonnes * 10 / harvested, 1), round(tonnes)))
    return rows


def write_crops(path: Path) -> None:
    rows = crop_rows()
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})
    # a fixed creation time keeps the file byte-for-byte reproducible
    workbook.set_properties({"title": TITLE, "author": "aqyl demo data (synthetic)",
                             "created": datetime(2025, 7, 1, 9, 0, 0)})
    sheet = workbook.add_worksheet("Егіс 2015-2025")
    title = workbook.add_format({"bold": True, "font_size": 13})
    source = workbook.add_format({"italic": True, "font_color": "#555555"})
    header = workbook.add_format({"bold": True, "border": 1, "text_wrap": True,
                                  "valign": "vcenter", "bg_color": "#DDEBF7"})
    whole = workbook.add_format({"num_format": "#,##0", "border": 1})
    tenth = workbook.add_format({"num_format": "0.0", "border": 1})
    text = workbook.add_format({"border": 1})
    total = workbook.add_format({"bold": True, "num_format": "#,##0", "top": 2})
    sheet.write(0, 0, TITLE, title)
    sheet.write(1, 0, SOURCE, source)
    sheet.write_row(3, 0, HEADER, header)
    for i, (year, region, crop, sown, centners, tonnes) in enumerate(rows, start=4):
        sheet.write_number(i, 0, year, text)
        sheet.write_string(i, 1, region, text)
        sheet.write_string(i, 2, crop, text)
        sheet.write_number(i, 3, sown, whole)
        sheet.write_number(i, 4, centners, tenth)
        sheet.write_number(i, 5, tonnes, whole)
    last = len(rows) + 4
    sheet.write_string(last, 0, "Барлығы", total)
    sheet.write_number(last, 3, sum(row[3] for row in rows), total)
    sheet.write_number(last, 5, sum(row[5] for row in rows), total)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 2, 18)
    sheet.set_column(3, 5, 16)
    sheet.freeze_panes(4, 0)
    workbook.close()


CROPS_DATASET = DemoDataset(
    name="crop-production",
    organisation="stat",
    title={
        "kk": "Ауыл шаруашылығы дақылдарының егіс алқабы, түсімділігі және жалпы түсімі",
        "ru": "Посевные площади, урожайность и валовой сбор сельскохозяйственных культур",
        "en": "Sown area, yield and gross harvest of agricultural crops",
    },
    description={
        "kk": "Әр жол — бір жылдағы бір облыстағы бір дақыл: егіс алқабы (гектар), "
              "түсімділік (гектарынан центнер) және жалпы түсім (тонна). 2015–2025 жылдар, "
              "бидай, арпа, жүгері, күріш, күнбағыс, майлы зығыр, мақта және картоп; облыстар "
              "сол жылғы әкімшілік бөлініс бойынша. Кесте статистикалық бюллетень түрінде: "
              "тақырып, дереккөз жолы, бос жол, бағандар атауы және соңында «Барлығы» жолы. "
              "Деректер синтетикалық, демонстрацияға арналған.",
        "ru": "Каждая строка — одна культура в одной области за один год: посевная площадь "
              "(гектаров), урожайность (центнеров с гектара) и валовой сбор (тонн). "
              "2015–2025 годы; пшеница, ячмень, кукуруза, рис, подсолнечник, лён масличный, "
              "хлопок и картофель; области по административному делению того года. Таблица "
              "оформлена как статистический бюллетень: заголовок, строка источника, пустая "
              "строка, шапка и итоговая строка «Барлығы». Данные синтетические, для "
              "демонстрации.",
        "en": "Each row is one crop in one region in one year: sown area (hectares), yield "
              "(centners per hectare) and gross harvest (tonnes). 2015-2025; wheat, barley, "
              "maize, rice, sunflower, oil flax, cotton and potatoes; regions as divided in "
              "that year. Laid out like a statistics bulletin: a title, a source line, a "
              "blank row, the header and a final «Барлығы» (total) row. The data are "
              "SYNTHETIC, for demonstration.",
    },
    sector="agriculture",
    tags=("agriculture", "crops", "harvest", "yield", "statistics"),
    licence="CC-BY-4.0",
    update_frequency="annual",
    spatial_coverage=KAZAKHSTAN,
    temporal_coverage=(date(2015, 1, 1), date(2025, 12, 31)),
    access_level="open",
    column_descriptions=COLUMNS,
    filename="crop-production.xlsx",
    file_format="xlsx",
    header_row=4,
    rows=723,
    writer=write_crops,
)
