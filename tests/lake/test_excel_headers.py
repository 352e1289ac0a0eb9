"""Headers on two rows, as statistics offices draw them: a group label merged over the labels
of its parts ("Халық саны" over "барлығы | ерлер | әйелдер", 2023 over "ерлер | әйелдер")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from aqyl.lake.errors import BadFile
from aqyl.lake.excel_reader import ExcelOptions, ExcelResult, ingest_excel
from aqyl.lake.ingest import IngestOptions, ingest_file

POPULATION = [["Абай облысы", 614_000, 300_100, 313_900, 185_500.5],
              ["Ақмола облысы", 788_000, 380_000, 408_000, 146_219.1],
              ["Алматы қ.", 2_228_000, 1_050_000, 1_178_000, 682.5]]
JOINED = ["Өңір", "Халық саны — барлығы", "Халық саны — ерлер", "Халық саны — әйелдер",
          "Аумағы, км²"]


def workbook(path: Path, draw: Callable[[Worksheet], None]) -> Path:
    with xlsxwriter.Workbook(path) as book:
        draw(book.add_worksheet("Кесте"))
    return path


def read(path: Path, tmp_path: Path, **options: Any) -> tuple[ExcelResult, list[dict[str, Any]]]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    result = ingest_excel(path, work, ExcelOptions(**options))
    return result, pq.read_table(result.parquet.path).to_pylist()


def population(sheet: Worksheet) -> None:
    """Title, source, a blank row, then the header on rows 4 and 5 and a totals row."""
    sheet.merge_range("A1:E1", "Өңірлердің халқы, 2024 жылғы 1 қаңтар")
    sheet.write("A2", "Дереккөз: Ұлттық статистика бюросы")
    sheet.merge_range("A4:A5", "Өңір")
    sheet.merge_range("B4:D4", "Халық саны")
    sheet.merge_range("E4:E5", "Аумағы, км²")
    sheet.write_row("B5", ["барлығы", "ерлер", "әйелдер"])
    for offset, row in enumerate(POPULATION):
        sheet.write_row(5 + offset, 0, row)
    sheet.write_row(8, 0, ["Барлығы", 3_630_000, 1_730_100, 1_899_900, 332_402.1])


def test_a_group_label_over_its_parts_names_each_column(tmp_path: Path) -> None:
    result, rows = read(workbook(tmp_path / "p.xlsx", population), tmp_path)
    assert (result.header_row, result.header_rows) == (4, 2)
    assert result.skipped_rows == ("Өңірлердің халқы, 2024 жылғы 1 қаңтар",
                                   "Дереккөз: Ұлттық статистика бюросы")
    assert [c.name for c in result.parquet.columns] == JOINED
    assert [c.type for c in result.parquet.columns] == ["string", "int64", "int64", "int64",
                                                        "double"]
    assert result.totals_row == 9
    assert rows[0] == dict(zip(JOINED, POPULATION[0], strict=True))
    assert len(rows) == 3


def test_year_groups_get_unique_names(tmp_path: Path) -> None:
    def draw(sheet: Worksheet) -> None:
        sheet.write("A1", "Өңір")
        sheet.merge_range("B1:C1", 2023)
        sheet.merge_range("D1:E1", 2024)
        sheet.write_row("B2", ["ерлер", "әйелдер", "ерлер", "әйелдер"])
        sheet.write_row("A3", ["Абай облысы", 300, 310, 305, 312])
        sheet.write_row("A4", ["Ақмола облысы", 380, 400, 382, 405])

    result, rows = read(workbook(tmp_path / "y.xlsx", draw), tmp_path)
    assert result.header_rows == 2
    assert [c.name for c in result.parquet.columns] == [
        "Өңір", "2023 — ерлер", "2023 — әйелдер", "2024 — ерлер", "2024 — әйелдер"]
    assert rows[1]["2024 — әйелдер"] == 405


def test_a_sparse_group_row_above_the_header_is_found(tmp_path: Path) -> None:
    """Only one label on the group row: the second row looks like the header, and the row
    above it is recognised as its groups."""
    def draw(sheet: Worksheet) -> None:
        sheet.write("A1", "Кесте 3")
        sheet.merge_range("B3:D3", "Халық саны")
        sheet.write_row("A4", ["Өңір", "барлығы", "ерлер", "әйелдер"])
        for offset, row in enumerate(POPULATION):
            sheet.write_row(4 + offset, 0, row[:4])

    result, rows = read(workbook(tmp_path / "s.xlsx", draw), tmp_path)
    assert (result.header_row, result.header_rows) == (3, 2)
    assert [c.name for c in result.parquet.columns] == JOINED[:4]
    assert rows[2]["Халық саны — ерлер"] == 1_050_000
    assert result.skipped_rows == ("Кесте 3",)


def test_without_merges_a_group_label_reaches_over_the_blanks_its_parts_name(
        tmp_path: Path) -> None:
    """What an .xls saved by another program, or a sheet typed by hand, looks like."""
    def draw(sheet: Worksheet) -> None:
        sheet.write_row("A1", ["Өңір", "Халық саны", "", "", "Аумағы, км²"])
        sheet.write_row("B2", ["барлығы", "ерлер", "әйелдер"])
        for offset, row in enumerate(POPULATION):
            sheet.write_row(2 + offset, 0, row)

    result, rows = read(workbook(tmp_path / "n.xlsx", draw), tmp_path)
    assert result.header_rows == 2
    assert [c.name for c in result.parquet.columns] == JOINED
    assert rows[0]["Аумағы, км²"] == 185_500.5


def test_a_title_merged_over_the_whole_header_is_not_a_group(tmp_path: Path) -> None:
    def draw(sheet: Worksheet) -> None:
        sheet.merge_range("A1:C1", "Мектептер")
        sheet.write_row("A2", ["Аудан", "Мектеп", "Оқушылар"])
        sheet.write_row("A3", ["Медеу", "№12", 1250])
        sheet.write_row("A4", ["Арал", "№3", 120])

    result, rows = read(workbook(tmp_path / "t.xlsx", draw), tmp_path)
    assert (result.header_row, result.header_rows) == (2, 1)
    assert [c.name for c in result.parquet.columns] == ["Аудан", "Мектеп", "Оқушылар"]
    assert result.skipped_rows == ("Мектептер",)
    assert len(rows) == 2


def test_the_first_row_of_a_table_of_words_stays_data(tmp_path: Path) -> None:
    """A label merged over two columns of words: the row under it could be parts or data.
    Nothing below is a figure, so it is read as data (the steward can say otherwise)."""
    def draw(sheet: Worksheet) -> None:
        sheet.write("A1", "Мектеп")
        sheet.merge_range("B1:C1", "Мекенжай")
        sheet.write_row("A2", ["№12", "Абай даңғылы", "12-үй"])
        sheet.write_row("A3", ["№3", "Төле би көшесі", "5-үй"])

    path = workbook(tmp_path / "w.xlsx", draw)
    result, rows = read(path, tmp_path)
    assert result.header_rows == 1
    assert [c.name for c in result.parquet.columns] == ["Мектеп", "Мекенжай", "Мекенжай_2"]
    assert len(rows) == 2
    result, rows = read(path, tmp_path, header_rows=2)
    assert [c.name for c in result.parquet.columns] == [
        "Мектеп — №12", "Мекенжай — Абай даңғылы", "Мекенжай — 12-үй"]
    assert rows == [{"Мектеп — №12": "№3", "Мекенжай — Абай даңғылы": "Төле би көшесі",
                     "Мекенжай — 12-үй": "5-үй"}]


def test_one_header_row_when_the_steward_says_so(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx", population)
    result, rows = read(path, tmp_path, header_rows=1)
    assert (result.header_row, result.header_rows) == (4, 1)
    assert [c.name for c in result.parquet.columns] == [
        "Өңір", "Халық саны", "Халық саны_2", "Халық саны_3", "Аумағы, км²"]
    assert rows[0]["Халық саны_2"] == "ерлер"  # the parts' row is now data: text columns
    assert len(rows) == 4


def test_the_header_row_override_names_the_first_of_two_rows(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx", population)
    result, rows = read(path, tmp_path, header_row=4)  # the second row is still detected
    assert ([c.name for c in result.parquet.columns], result.header_rows) == (JOINED, 2)
    result, rows = read(path, tmp_path, header_row=4, header_rows=2)
    assert [c.name for c in result.parquet.columns] == JOINED
    assert len(rows) == 3


def test_a_ragged_two_row_header_names_every_column_and_shifts_nothing(tmp_path: Path) -> None:
    """Parts written one column to the right of their group, a part with no group and a data
    column with no label at all: every value stays under its own column."""
    def draw(sheet: Worksheet) -> None:
        sheet.write("A1", "Өңір")
        sheet.merge_range("B1:D1", "Халық саны")
        sheet.write_row("C2", ["ерлер", "әйелдер", "балалар"])
        sheet.write_row("A3", ["Абай облысы", 614_000, 300_100, 313_900, 150_000, "ескерту"])
        sheet.write_row("A4", ["Ақмола облысы", 788_000, 380_000, 408_000, 190_000, ""])

    result, rows = read(workbook(tmp_path / "r.xlsx", draw), tmp_path, header_row=1,
                        header_rows=2)
    names = ["Өңір", "Халық саны", "Халық саны — ерлер", "Халық саны — әйелдер", "балалар",
             "column_6"]
    assert [c.name for c in result.parquet.columns] == names
    assert rows[0] == dict(zip(names, ["Абай облысы", 614_000, 300_100, 313_900, 150_000,
                                       "ескерту"], strict=True))
    assert rows[1]["column_6"] is None


def test_header_rows_out_of_range_are_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx", population)
    with pytest.raises(BadFile) as caught:
        read(path, tmp_path, header_rows=3)
    assert (caught.value.code, caught.value.params) == ("bad_header_rows", {"rows": 3})
    with pytest.raises(BadFile) as caught:
        read(path, tmp_path, header_row=9, header_rows=2)  # the last row cannot start two
    assert caught.value.code == "bad_header_row"
    assert caught.value.params == {"row": 10, "sheet": "Кесте", "rows": 9}
    assert list((tmp_path / "work").iterdir()) == []


def test_what_was_understood_says_two_rows(tmp_path: Path) -> None:
    path = workbook(tmp_path / "p.xlsx", population)
    work = tmp_path / "ingest"
    result = ingest_file(path, work, IngestOptions(), filename="халық.xlsx")
    assert result.understood["header_row"] == 4
    assert result.understood["header_rows"] == 2
    single = ingest_file(path, tmp_path / "single", IngestOptions(header_rows=1),
                         filename="халық.xlsx")
    assert "header_rows" not in single.understood
