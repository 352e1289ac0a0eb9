"""Government workbooks as they really come: titles, merged cells, text numbers, totals rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import xlsxwriter

from aqyl.lake.csv_reader import COLUMN_TYPES
from aqyl.lake.errors import BadFile, BadRows
from aqyl.lake.excel_reader import ARROW_TYPES, ExcelOptions, ExcelResult, ingest_excel

HEADER = ["Аудан", "Мектеп атауы", "Оқушылар саны", "Орташа балл", "Ашылған күні", "",
          "Аудан", "Код"]
SCHOOLS = [
    ["Алматы қ.", "№12 мектеп-гимназия", 1250, "4,35", "01.09.1998", 1, "Медеу", "007"],
    ["Шымкент қ.", "Әл-Фараби атындағы мектеп", 980, "1 234,5", "15.08.2004", 2, "Абай", "011"],
    ["Қызылорда обл.", "Ұлытау ауылы мектебі", 120, "3,95", "03.09.2010", 3, "Арал", "120"],
]


def schools_workbook(path: Path, *, totals: bool = True) -> Path:
    """An empty first sheet, then a title, a source line and a blank row above the header."""
    with xlsxwriter.Workbook(path) as book:
        book.add_worksheet("Бос")
        sheet = book.add_worksheet("Мектептер")
        sheet.merge_range("A1:H1", "Мектептер туралы мәліметтер, 2024 жыл")
        sheet.write("A2", "Дереккөз: stat.gov.kz")
        sheet.write_row(3, 0, HEADER)  # row 4, as Excel numbers it
        for offset, row in enumerate(SCHOOLS):
            sheet.write_row(4 + offset, 0, row)
        if totals:
            sheet.write_row(4 + len(SCHOOLS), 0, ["Барлығы", "", 2350, "", "", 6, "", ""])
    return path


def write_rows(path: Path, rows: list[list[Any]], sheet: str = "Деректер") -> Path:
    with xlsxwriter.Workbook(path) as book:
        page = book.add_worksheet(sheet)
        for number, row in enumerate(rows):
            page.write_row(number, 0, row)
    return path


def read(path: Path, tmp_path: Path, **options: Any) -> tuple[ExcelResult, list[dict[str, Any]]]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    result = ingest_excel(path, work, ExcelOptions(**options))
    return result, pq.read_table(result.parquet.path).to_pylist()


def test_government_workbook_is_understood(tmp_path: Path) -> None:
    result, rows = read(schools_workbook(tmp_path / "schools.xlsx"), tmp_path)
    assert (result.sheet, result.sheets) == ("Мектептер", ("Бос", "Мектептер"))
    assert result.header_row == 4
    assert result.skipped_rows == ("Мектептер туралы мәліметтер, 2024 жыл",
                                   "Дереккөз: stat.gov.kz")
    assert result.totals_row == 8
    types = {c.name: c.type for c in result.parquet.columns}
    assert types == {"Аудан": "string", "Мектеп атауы": "string",
                     "Оқушылар саны": "int64", "Орташа балл": "double",
                     "Ашылған күні": "date32[day]", "column_6": "int64", "Аудан_2": "string",
                     "Код": "string"}
    assert result.columns_from_text == ("Орташа балл", "Ашылған күні")
    assert len(rows) == 3  # the totals row is gone
    assert [r["Орташа балл"] for r in rows] == [4.35, 1234.5, 3.95]
    assert rows[0]["Ашылған күні"] == dt.date(1998, 9, 1)
    assert rows[2]["Аудан"] == "Қызылорда обл."
    # "007" is a code: its leading zero decides that the whole column stays text
    assert [r["Код"] for r in rows] == ["007", "011", "120"]


def test_totals_row_can_be_kept(tmp_path: Path) -> None:
    result, rows = read(schools_workbook(tmp_path / "s.xlsx"), tmp_path, drop_totals_row=False)
    assert result.totals_row is None
    assert rows[-1]["Аудан"] == "Барлығы"
    assert [r["Оқушылар саны"] for r in rows] == [1250, 980, 120, 2350]


def test_mixed_column_keeps_every_value_as_text(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "m.xlsx", [["Көрсеткіш", "Мәні"], ["a", 12], ["b", "жоқ"],
                                            ["c", 2.5], ["d", "4,5"]])
    result, rows = read(path, tmp_path)
    assert {c.name: c.type for c in result.parquet.columns}["Мәні"] == "string"
    assert [r["Мәні"] for r in rows] == ["12", "жоқ", "2.5", "4,5"]  # text as it was typed
    assert result.columns_from_text == ()


def test_one_late_value_decides_the_type(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["id", "code"], *[[i, i * 2] for i in range(3000)], [3000, "A-17"]]
    result, table = read(write_rows(tmp_path / "late.xlsx", rows), tmp_path)
    assert [c.type for c in result.parquet.columns] == ["int64", "string"]
    assert table[-1]["code"] == "A-17"
    assert table[10]["code"] == "20"


def test_native_cells_keep_their_types(tmp_path: Path) -> None:
    path = tmp_path / "native.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet()
        day, stamp = book.add_format({"num_format": "dd.mm.yyyy"}), book.add_format(
            {"num_format": "dd.mm.yyyy hh:mm"})
        sheet.write_row(0, 0, ["күні", "уақыты", "белсенді", "сома"])
        sheet.write_datetime(1, 0, dt.datetime(2024, 3, 1), day)
        sheet.write_datetime(1, 1, dt.datetime(2024, 3, 1, 9, 30), stamp)
        sheet.write_boolean(1, 2, True)
        sheet.write_number(1, 3, 1.25)
        sheet.write_datetime(2, 0, dt.datetime(2024, 3, 2), day)
        sheet.write_string(2, 1, "02.03.2024 10:15")
        sheet.write_boolean(2, 2, False)
        sheet.write_number(2, 3, 7)
    result, rows = read(path, tmp_path)
    assert [c.type for c in result.parquet.columns] == [
        "date32[day]", "timestamp[us]", "bool", "double"]
    assert rows[1] == {"күні": dt.date(2024, 3, 2), "уақыты": dt.datetime(2024, 3, 2, 10, 15),
                       "белсенді": False, "сома": 7.0}


def test_years_label_columns(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "years.xlsx", [["Облыс", 2022, 2023], ["Ақмола", 10.5, 11],
                                                ["Атырау", 20, 21.25]])
    result, rows = read(path, tmp_path)
    assert result.header_row == 1
    assert rows[0] == {"Облыс": "Ақмола", "2022": 10.5, "2023": 11.0}


def test_a_table_of_numbers_has_no_header(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "n.xlsx", [[1, 2.5, "x"], [2, 3.5, "y"]])
    result, rows = read(path, tmp_path)
    assert result.header_row is None
    assert rows == [{"column_1": 1, "column_2": 2.5, "column_3": "x"},
                    {"column_1": 2, "column_2": 3.5, "column_3": "y"}]


def test_header_row_override(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "h.xlsx", [["Кесте"], ["a", "b"], ["c", "d"], [1, 2]])
    result, rows = read(path, tmp_path, header_row=3)
    assert result.header_row == 3
    assert result.skipped_rows == ("Кесте", "a b")
    assert rows == [{"c": 1, "d": 2}]
    with pytest.raises(BadFile) as caught:
        read(path, tmp_path, header_row=9)
    assert caught.value.code == "bad_header_row"
    assert caught.value.params == {"row": 9, "sheet": "Деректер", "rows": 4}


def test_merged_cells_are_filled(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["Облыс", "Мектеп", "Саны"])
        sheet.merge_range("A2:A3", "Ақмола")
        sheet.write_row(1, 1, ["№1", 10])
        sheet.write_row(2, 1, ["№2", 20])
        sheet.merge_range("A4:C4", "Алматы облысы")  # a section title: not spread
        sheet.write_row(4, 0, ["Алматы", "№3", 30])
    result, rows = read(path, tmp_path)
    assert [r["Облыс"] for r in rows] == ["Ақмола", "Ақмола", "Алматы облысы", "Алматы"]
    assert [r["Саны"] for r in rows] == [10, 20, None, 30]
    assert result.merged_cells_filled == 1


def test_sheet_choice(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    with xlsxwriter.Workbook(path) as book:
        book.add_worksheet("Жасырын").write_row(0, 0, ["hidden"])
        book.worksheets()[0].hide()
        first = book.add_worksheet("Бірінші")
        first.write_row(0, 0, ["a"])
        first.activate()  # Excel keeps the active sheet visible
        second = book.add_worksheet("Екінші")
        second.write_row(0, 0, ["b", "c"])
        second.write_row(1, 0, [1, 2])
        book.add_worksheet("Бос")
    result, rows = read(path, tmp_path)
    assert (result.sheet, rows) == ("Бірінші", [])  # the first visible sheet with data
    result, rows = read(path, tmp_path, sheet="Екінші")
    assert (result.sheet, rows) == ("Екінші", [{"b": 1, "c": 2}])
    with pytest.raises(BadFile) as caught:
        read(path, tmp_path, sheet="Үшінші")
    assert caught.value.code == "unknown_sheet"
    assert caught.value.params == {"sheet": "Үшінші",
                                   "sheets": "Жасырын, Бірінші, Екінші, Бос"}
    with pytest.raises(BadFile) as caught:
        read(path, tmp_path, sheet="Бос")
    assert (caught.value.code, caught.value.params) == ("empty_sheet", {"sheet": "Бос"})


def test_workbook_without_data(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    with xlsxwriter.Workbook(path) as book:
        book.add_worksheet("Бос")
    with pytest.raises(BadFile) as caught:
        read(path, tmp_path)
    assert caught.value.code == "empty_file"


def test_truncated_workbook(tmp_path: Path) -> None:
    whole = schools_workbook(tmp_path / "whole.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BadFile) as caught:
        read(cut, tmp_path)
    assert caught.value.code == "bad_workbook"
    assert caught.value.params["detail"]
    assert list((tmp_path / "work").iterdir()) == []


def test_column_type_overrides(tmp_path: Path) -> None:
    path = schools_workbook(tmp_path / "s.xlsx")
    result, rows = read(path, tmp_path, column_types={"оқушылар саны": "varchar",
                                                      "Орташа балл": "DECIMAL(18,3)"})
    types = {c.name: c.type for c in result.parquet.columns}
    assert (types["Оқушылар саны"], types["Орташа балл"]) == ("string", "decimal128(18, 3)")
    assert [r["Оқушылар саны"] for r in rows] == ["1250", "980", "120"]
    assert str(rows[1]["Орташа балл"]) == "1234.500"


def test_override_that_does_not_fit_names_row_and_cell(tmp_path: Path) -> None:
    path = schools_workbook(tmp_path / "s.xlsx")
    with pytest.raises(BadRows) as caught:
        read(path, tmp_path, column_types={"Мектеп атауы": "BIGINT"})
    assert caught.value.params["total"] == 3
    first = caught.value.problems[0]
    assert first == {"line": 5, "row": 5, "sheet": "Мектептер", "column": 2,
                     "column_name": "Мектеп атауы", "cell": "B5", "error": "not_an_integer",
                     "text": "№12 мектеп-гимназия"}
    assert list((tmp_path / "work").iterdir()) == []


@pytest.mark.parametrize(("types", "code"), [({"Жоқ": "BIGINT"}, "unknown_column"),
                                             ({"Аудан": "MONEY"}, "unknown_type")])
def test_override_of_unknown_column_or_type(tmp_path: Path, types: dict[str, str],
                                            code: str) -> None:
    with pytest.raises(BadFile) as caught:
        read(schools_workbook(tmp_path / "s.xlsx"), tmp_path, column_types=types)
    assert caught.value.code == code


@pytest.mark.slow
def test_big_sheet_keeps_every_row_across_batches(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with xlsxwriter.Workbook(path, {"constant_memory": True}) as book:
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["id", "ауыл", "үлесі"])
        for i in range(1, 70_002):
            sheet.write_row(i, 0, [i, f"ауыл {i % 97}", f"{i % 100},5"])
    result, _ = read(path, tmp_path)
    assert result.parquet.rows == 70_001
    table = pq.read_table(result.parquet.path)
    assert table.column("үлесі")[70_000].as_py() == 1.5
    assert table.column("id")[-1].as_py() == 70_001


def test_override_types_are_the_csv_allow_list() -> None:
    assert set(ARROW_TYPES) == set(COLUMN_TYPES)
