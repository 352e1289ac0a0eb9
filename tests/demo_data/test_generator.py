"""The demo datasets: reproducible files in the formats they promise, with trilingual cards."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from statistics import mean
from typing import Any

import pyarrow.parquet as pq
import pytest
from python_calamine import CalamineWorkbook

from aqyl.accounts.models import Sector
from aqyl.core.identifiers import check_digit
from aqyl.demo import ORGANISATIONS
from aqyl.demo_data import (
    ACCESS_LEVELS,
    DEMO_DATASETS,
    LANGUAGES,
    OWNER_ORGANISATIONS,
    DemoDataset,
    generate,
    generate_update,
)
from aqyl.demo_data.geography import REGIONS
from aqyl.lake.csv_reader import ingest_csv
from aqyl.lake.encoding import guess_encoding

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
SYNTHETIC = {"kk": "синтетикалық", "ru": "синтетическ", "en": "synthetic"}
BY_NAME = {dataset.name: dataset for dataset in DEMO_DATASETS}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("demo")
    return {dataset.name: path for dataset, path in generate(folder)}


def read_table(dataset: DemoDataset, path: Path) -> tuple[list[str], list[Any]]:
    """Column names and data rows as a consumer of the promised format sees them."""
    if dataset.file_format == "csv":
        assert dataset.encoding
        assert dataset.delimiter
        with path.open(encoding=dataset.encoding, newline="") as handle:
            header, *rows = csv.reader(handle, delimiter=dataset.delimiter)
        if rows[-1][2] == "Итого:":
            rows = rows[:-1]
        return header, rows
    if dataset.file_format == "jsonl":
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return list(dict.fromkeys(key for record in records for key in record)), records
    if dataset.file_format == "json":
        records = json.loads(path.read_text(encoding="utf-8"))
        return list(records[0]), records
    if dataset.file_format == "xlsx":
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        return [str(cell) for cell in sheet[dataset.header_row - 1]], sheet[dataset.header_row:-1]
    assert dataset.file_format == "parquet"
    table = pq.read_table(path)
    return table.column_names, table.to_pylist()


def test_generation_is_byte_for_byte_reproducible(files: dict[str, Path], tmp_path: Path) -> None:
    again = {dataset.name: path for dataset, path in generate(tmp_path)}
    assert again.keys() == files.keys() == BY_NAME.keys()
    for name, path in files.items():
        assert path.read_bytes() == again[name].read_bytes(), name


def test_the_set_stays_small(files: dict[str, Path]) -> None:
    assert sum(path.stat().st_size for path in files.values()) < 10 * 1024 * 1024


@pytest.mark.parametrize("dataset", DEMO_DATASETS, ids=lambda d: d.name)
def test_file_holds_the_promised_rows_and_every_column_is_described(
        dataset: DemoDataset, files: dict[str, Path]) -> None:
    path = files[dataset.name]
    assert path.name == dataset.filename
    columns, rows = read_table(dataset, path)
    assert len(rows) == dataset.rows
    assert columns == list(dataset.column_descriptions)


def test_every_format_and_access_level_is_shown() -> None:
    formats = {(d.file_format, d.encoding) for d in DEMO_DATASETS}
    assert {("csv", "utf-8-sig"), ("csv", "kz1048"), ("csv", "cp1251"), ("jsonl", "utf-8"),
            ("json", "utf-8"), ("xlsx", None), ("parquet", None)} <= formats
    assert {d.access_level for d in DEMO_DATASETS} == set(ACCESS_LEVELS)


@pytest.mark.parametrize("dataset", DEMO_DATASETS, ids=lambda d: d.name)
def test_card_is_complete_in_three_languages(dataset: DemoDataset) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", dataset.name)
    owners = {org["slug"] for org in (*ORGANISATIONS, *OWNER_ORGANISATIONS)}
    assert dataset.organisation in owners
    assert dataset.sector in Sector.values
    assert dataset.tags
    assert dataset.licence
    assert dataset.update_frequency
    assert dataset.temporal_coverage[0] <= dataset.temporal_coverage[1]
    texts = [dataset.title, dataset.description, dataset.spatial_coverage,
             *dataset.column_descriptions.values()]
    for text in texts:
        assert set(text) == set(LANGUAGES)
        assert all(value.strip() for value in text.values())
    for lang in LANGUAGES:
        assert SYNTHETIC[lang] in dataset.description[lang].lower(), lang
        assert 2 <= dataset.description[lang].count(". ") + 1 <= 5
    assert KAZAKH_LETTERS & set(dataset.title["kk"] + dataset.description["kk"])


def test_every_owner_is_a_demo_organisation_once() -> None:
    slugs = [org["slug"] for org in ORGANISATIONS]
    assert len(set(slugs)) == len(slugs)
    assert {dataset.organisation for dataset in DEMO_DATASETS} <= set(slugs)
    for org in OWNER_ORGANISATIONS:
        assert org["sector"] in Sector.values
        assert "bin" not in org


def test_regions_csv_is_utf8_with_bom_semicolons_and_decimal_commas(
        files: dict[str, Path]) -> None:
    raw = files["regions"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    _, rows = read_table(BY_NAME["regions"], files["regions"])
    assert {row[2] for row in rows} >= {"Абай облысы", "Жетісу облысы", "Ұлытау облысы",
                                         "Астана қаласы", "Алматы қаласы", "Шымкент қаласы"}
    assert all(re.fullmatch(r"\d+,\d", row[9]) for row in rows)
    assert sum(float(row[9].replace(",", ".")) for row in rows) == pytest.approx(2_724_902, 1)


def test_schools_are_kz1048_with_kazakh_letters(files: dict[str, Path]) -> None:
    raw = files["schools"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("kz1048")
    assert set("әғқңөұүіӘҚӨҰҮІ") <= set(text)
    assert "жалпы білім беретін мектеп" in text
    assert guess_encoding(raw).encoding == "kz1048"


def test_social_assistance_is_cp1251_with_valid_iins_and_a_totals_row(
        files: dict[str, Path]) -> None:
    raw = files["social-assistance"].read_bytes()
    text = raw.decode("cp1251")
    assert not KAZAKH_LETTERS - {"і", "І"} & set(text)
    assert guess_encoding(raw).encoding == "cp1251"
    _, rows = read_table(BY_NAME["social-assistance"], files["social-assistance"])
    assert all(check_digit(row[1][:11]) == int(row[1][11]) for row in rows)
    last = text.splitlines()[-1].split(";")
    granted = sum(float(row[10].replace(",", ".")) for row in rows if row[10])
    assert last[2] == "Итого:"
    assert float(last[10].replace(",", ".")) == pytest.approx(granted, abs=0.01)


@pytest.mark.parametrize(("name", "encoding", "totals"), [
    ("regions", "utf-8-sig", False), ("schools", "kz1048", False),
    ("social-assistance", "cp1251", True),
])
def test_the_lake_ingests_each_csv(files: dict[str, Path], tmp_path: Path, name: str,
                                   encoding: str, totals: bool) -> None:
    result = ingest_csv(files[name], tmp_path)
    assert result.encoding == encoding
    assert result.totals_row_dropped is totals
    assert result.parquet.rows == BY_NAME[name].rows


def test_air_quality_is_json_lines_with_decimal_commas_gaps_and_winter_smog(
        files: dict[str, Path]) -> None:
    _, records = read_table(BY_NAME["air-quality"], files["air-quality"])
    assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4}", r["date"]) for r in records)
    values = [r["pm25"] for r in records]
    assert None in values
    assert -999 in values
    assert any(isinstance(v, str) and re.fullmatch(r"\d+,\d", v) for v in values)
    assert any("co" not in r for r in records)

    def almaty(month: str) -> float:
        return mean(float(r["pm25"].replace(",", ".")) for r in records
                    if r["city"] == "Алматы" and r["date"][3:5] == month
                    and isinstance(r["pm25"], str))

    assert almaty("01") > 3 * almaty("07")


def test_crops_workbook_looks_like_a_statistics_bulletin(files: dict[str, Path]) -> None:
    sheet = CalamineWorkbook.from_path(str(files["crop-production"])) \
        .get_sheet_by_index(0).to_python()
    assert str(sheet[0][0]).startswith("Ауыл шаруашылығы дақылдарының егіс алқабы")
    assert str(sheet[1][0]).startswith("Дереккөз:")
    assert "СИНТЕТИКАЛЫҚ" in sheet[1][0]
    assert all(cell == "" for cell in sheet[2])
    data, total = sheet[4:-1], sheet[-1]
    assert total[0] == "Барлығы"
    assert total[3] == sum(row[3] for row in data)
    assert total[5] == sum(row[5] for row in data)
    regions = {year: {row[1] for row in data if row[0] == year} for year in (2017, 2021, 2022)}
    assert "Оңтүстік Қазақстан облысы" in regions[2017]
    assert "Ұлытау облысы" not in regions[2021]
    assert "Ұлытау облысы" in regions[2022]
    assert {row[1] for row in data if row[2] == "Мақта"} <= {"Түркістан облысы", "Жамбыл облысы",
                                                            "Оңтүстік Қазақстан облысы"}


def test_road_incidents_parquet_has_duplicates_and_places_inside_their_region(
        files: dict[str, Path]) -> None:
    table = pq.read_table(files["road-incidents"])
    rows = table.to_pylist()
    assert len({row["incident_id"] for row in rows}) < len(rows)
    boxes = {region.name_kk: region.bbox for region in REGIONS}
    for row in rows:
        if row["latitude"] is None:
            continue
        south, north, west, east = boxes[row["region"]]
        assert south <= row["latitude"] <= north
        assert west <= row["longitude"] <= east
    assert all(row["severity"] == "өлім-жітіммен" for row in rows if row["killed"])


def test_hospitals_are_one_json_array_of_nested_records(files: dict[str, Path]) -> None:
    records = json.loads(files["hospitals"].read_text(encoding="utf-8"))
    assert isinstance(records, list)
    assert {record["address"]["region"] for record in records} == {r.name_kk for r in REGIONS}
    assert any(isinstance(record["beds"], str) for record in records)


def test_update_appends_a_month_to_air_quality(files: dict[str, Path], tmp_path: Path) -> None:
    dataset, path = generate_update(tmp_path)
    first = BY_NAME["air-quality"]
    assert dataset.name == first.name
    assert path.name == first.filename
    old = files["air-quality"].read_text(encoding="utf-8").splitlines()
    new = path.read_text(encoding="utf-8").splitlines()
    assert len(new) == dataset.rows > first.rows == len(old)
    assert new[: len(old)] == old
    assert all(json.loads(line)["date"].endswith(".06.2025") for line in new[len(old):])
    assert dataset.temporal_coverage[1] > first.temporal_coverage[1]


def test_the_package_imports_nothing_from_django() -> None:
    code = "import sys, aqyl.demo_data; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
