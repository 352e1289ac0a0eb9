"""Figures as statistics offices write them: digits grouped by no-break or narrow spaces, and
"-", "…", "x", "н/д" where a figure is missing. A column of such figures is numeric, the marks
are nulls and are reported; codes and identifiers keep their text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import xlsxwriter

from aqyl.lake.csv_reader import CsvOptions, CsvResult, ingest_csv
from aqyl.lake.errors import BadFile, BadRows
from aqyl.lake.excel_reader import ExcelOptions, ingest_excel
from aqyl.lake.ingest import IngestOptions, ingest_file
from aqyl.lake.no_data import is_identifier, is_no_data

NBSP, NNBSP = "\u00a0", "\u202f"
# 50 000 rows put the end of the file out of DuckDB's sample and of Python's first lines
ROWS = 50_000


def csv_file(tmp_path: Path, text: str, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read_csv(path: Path, tmp_path: Path, **options: Any) -> tuple[CsvResult, dict[str, Any]]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    result = ingest_csv(path, work, CsvOptions(**options))
    table = pq.read_table(result.parquet.path)
    return result, {"types": {f.name: str(f.type) for f in table.schema},
                    **table.to_pydict()}


@pytest.mark.parametrize("text", ["-", " – ", "—", "…", "...", "x", "Х", "н/д", "Н/Д",
                                  "нет  данных", "мәлімет жоқ", "м/ж", "n/a", "#N/A"])
def test_the_marks(text: str) -> None:
    assert is_no_data(text)


@pytest.mark.parametrize("text", ["", "0", "-5", "жоқ", "нет", "xx", "Абай", "1 234"])
def test_not_marks(text: str) -> None:
    assert not is_no_data(text)


def test_identifiers_are_twelve_bare_digits() -> None:
    assert is_identifier("991231400456")
    assert is_identifier(" 010203300123 ")
    assert not is_identifier("99123140045")
    assert not is_identifier("９９１２３１４００４５６")  # full-width digits are not ASCII


@pytest.mark.parametrize("space", [" ", NBSP, NNBSP])
def test_grouped_figures_with_any_space_and_marks_are_numbers(tmp_path: Path,
                                                              space: str) -> None:
    text = ("Өңір;Халық саны;Үлесі\n"
            f"Абай облысы;1{space}234{space}567;12,5\n"
            "Ақмола облысы;-;н/д\n"
            f"Алматы қ.;2{space}228{space}000;…\n"
            f"Астана қ.;x;1{space}234,75\n")
    result, table = read_csv(csv_file(tmp_path, text), tmp_path)
    assert table["types"] == {"Өңір": "string", "Халық саны": "int64", "Үлесі": "double"}
    assert table["Халық саны"] == [1_234_567, None, 2_228_000, None]
    assert table["Үлесі"] == [12.5, None, None, 1234.75]
    assert result.null_placeholders == {"Халық саны": {"-": 1, "x": 1},
                                        "Үлесі": {"н/д": 1, "…": 1}}
    assert result.thousands == " "


def test_a_late_mark_in_a_column_of_figures_keeps_it_numeric(tmp_path: Path) -> None:
    rows = "".join(f"{i};{i * 10},5\n" for i in range(ROWS))
    text = "id;мөлшері\n" + rows + f"{ROWS};нет данных\n{ROWS + 1};1{NBSP}000,5\n"
    result, table = read_csv(csv_file(tmp_path, text), tmp_path)
    assert table["types"]["мөлшері"] == "double"
    assert table["мөлшері"][-3:] == [(ROWS - 1) * 10 + 0.5, None, 1000.5]
    assert result.null_placeholders == {"мөлшері": {"нет данных": 1}}
    assert table["types"]["id"] == "int64"


def test_a_late_mark_in_a_column_of_whole_numbers(tmp_path: Path) -> None:
    rows = "".join(f"{i};{i * 3}\n" for i in range(ROWS))
    text = "id;саны\n" + rows + f"{ROWS};-\n"
    result, table = read_csv(csv_file(tmp_path, text), tmp_path)
    assert table["types"]["саны"] == "int64"
    assert table["саны"][-2:] == [(ROWS - 1) * 3, None]
    assert result.null_placeholders == {"саны": {"-": 1}}


def test_a_word_anywhere_keeps_the_column_text_and_the_marks_as_written(
        tmp_path: Path) -> None:
    rows = "".join(f"{i};-\n" if i % 7 == 0 else f"{i};{i}{NBSP}000\n" for i in range(ROWS))
    text = "id;саны\n" + rows + f"{ROWS};белгісіз\n"
    result, table = read_csv(csv_file(tmp_path, text), tmp_path)
    assert table["types"]["саны"] == "string"
    assert table["саны"][:2] == ["-", f"1{NBSP}000"]
    assert table["саны"][-1] == "белгісіз"
    assert result.null_placeholders == {}


def test_a_column_of_marks_only_stays_text(tmp_path: Path) -> None:
    text = "Өңір;Ескерту;Саны\nАбай;-;5\nАқмола;н/д;6\nАлматы;x;7\n"
    result, table = read_csv(csv_file(tmp_path, text), tmp_path)
    assert table["types"]["Ескерту"] == "string"
    assert table["Ескерту"] == ["-", "н/д", "x"]
    assert result.null_placeholders == {}


def test_marks_in_a_text_column_are_kept(tmp_path: Path) -> None:
    text = "Аты;Белгі\nАбай;-\nАқмола;x\nАлматы;Б\n"
    _, table = read_csv(csv_file(tmp_path, text), tmp_path)
    assert table["Белгі"] == ["-", "x", "Б"]


def test_codes_and_identifiers_keep_their_text(tmp_path: Path) -> None:
    text = ("ЖСН;КАТО;Индекс;Саны\n"
            "991231400456;751110000;050 000;1 000\n"
            "850808310738;-;010 000;н/д\n"
            "900101300126;011100000;160 000;2 500\n")
    _, table = read_csv(csv_file(tmp_path, text), tmp_path)
    assert table["types"] == {"ЖСН": "string", "КАТО": "string", "Индекс": "string",
                              "Саны": "int64"}
    assert table["ЖСН"] == ["991231400456", "850808310738", "900101300126"]
    assert table["КАТО"] == ["751110000", "-", "011100000"]  # a leading zero: a code
    assert table["Саны"] == [1000, None, 2500]


def test_a_steward_s_type_takes_marks_as_nulls_too(tmp_path: Path) -> None:
    text = "a;b\n1;x\n2;3\n"
    _, table = read_csv(csv_file(tmp_path, text), tmp_path, column_types={"b": "VARCHAR"})
    assert table["b"] == ["x", "3"]


def test_a_two_line_csv_header_when_the_steward_says_so(tmp_path: Path) -> None:
    text = ("Өңірлердің халқы;;;;\n"
            "Өңір;Халық саны;;;Аумағы\n"
            ";барлығы;ерлер;әйелдер;\n"
            f"Абай облысы;614{NBSP}000;300 100;313 900;185 500,5\n"
            "Ақмола облысы;788 000;-;-;146 219,1\n"
            "Барлығы;1 402 000;;;331 719,6\n")
    path = csv_file(tmp_path, text, encoding="kz1048")
    result, table = read_csv(path, tmp_path, header_rows=2)
    assert list(table["types"]) == ["Өңір", "Халық саны — барлығы", "Халық саны — ерлер",
                                    "Халық саны — әйелдер", "Аумағы"]
    assert (result.header_row, result.header_rows) == (2, 2)
    assert table["Халық саны — барлығы"] == [614_000, 788_000]  # totals row dropped
    assert table["Халық саны — ерлер"] == [300_100, None]
    assert table["Аумағы"] == [185_500.5, 146_219.1]
    assert result.null_placeholders == {"Халық саны — ерлер": {"-": 1},
                                        "Халық саны — әйелдер": {"-": 1}}


def test_a_ragged_two_line_csv_header_is_refused_with_its_lines(tmp_path: Path) -> None:
    text = "Өңір;Халық саны;;;Аумағы;Ескерту\n;барлығы;ерлер;әйелдер;;\nАбай;1;2;3\n"
    with pytest.raises(BadFile) as caught:
        read_csv(csv_file(tmp_path, text), tmp_path, header_rows=2)
    assert caught.value.code == "ragged_header"
    assert caught.value.params == {"first": 1, "last": 2, "labels": 6, "columns": 4}
    assert list((tmp_path / "work").iterdir()) == []
    with pytest.raises(BadFile) as caught:
        read_csv(csv_file(tmp_path, "a;b\n", "one.csv"), tmp_path, header_rows=2)
    assert (caught.value.code, caught.value.params) == ("bad_header_line", {"line": 1})
    with pytest.raises(BadFile) as caught:
        read_csv(csv_file(tmp_path, "a;b\n1;2\n", "three.csv"), tmp_path, header_rows=3)
    assert caught.value.code == "bad_header_rows"


def test_ragged_rows_are_still_reported_by_line(tmp_path: Path) -> None:
    text = "a;b\n1;-\n2;3;4\n5;н/д\n"
    with pytest.raises(BadRows) as caught:
        read_csv(csv_file(tmp_path, text), tmp_path)
    assert [p["line"] for p in caught.value.problems] == [3]


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Деректер")
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
    return path


def test_excel_marks_and_grouped_text_figures(tmp_path: Path) -> None:
    path = workbook(tmp_path / "m.xlsx", [
        ["Өңір", "Халық саны", "Үлесі", "Ескерту", "ЖСН"],
        ["Абай облысы", 614_000, f"1{NNBSP}234,5", "-", "991231400456"],
        ["Ақмола облысы", "–", "н/д", "x", "850808310738"],
        ["Алматы қ.", f"2{NBSP}228{NBSP}000", "…", "н/д", "-"],
        ["Астана қ.", "х", 3.25, "-", "900101300126"],
    ])
    work = tmp_path / "work"
    work.mkdir()
    result = ingest_excel(path, work, ExcelOptions())
    table = pq.read_table(result.parquet.path)
    assert {f.name: str(f.type) for f in table.schema} == {
        "Өңір": "string", "Халық саны": "int64", "Үлесі": "double", "Ескерту": "string",
        "ЖСН": "string"}
    assert table.column("Халық саны").to_pylist() == [614_000, None, 2_228_000, None]
    assert table.column("Үлесі").to_pylist() == [1234.5, None, None, 3.25]
    assert table.column("Ескерту").to_pylist() == ["-", "x", "н/д", "-"]  # marks only: text
    assert table.column("ЖСН").to_pylist() == ["991231400456", "850808310738", "-",
                                               "900101300126"]
    assert result.null_placeholders == {"Халық саны": {"х": 1, "–": 1},
                                        "Үлесі": {"н/д": 1, "…": 1}}
    assert result.columns_from_text == ("Халық саны", "Үлесі")


def test_excel_mark_first_then_figures(tmp_path: Path) -> None:
    """A column that starts with marks is not settled as text before its figures come."""
    path = workbook(tmp_path / "f.xlsx", [["a", "b"], ["x", "-"], ["y", "-"], ["z", 5]])
    work = tmp_path / "work"
    work.mkdir()
    result = ingest_excel(path, work, ExcelOptions())
    assert pq.read_table(result.parquet.path).column("b").to_pylist() == [None, None, 5]
    assert result.null_placeholders == {"b": {"-": 2}}


def test_the_steward_sees_the_marks_read_as_nulls(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "a;b\n1;5\n2;н/д\n")
    result = ingest_file(path, tmp_path / "w1", IngestOptions(), filename="a.csv")
    assert result.understood["null_placeholders"] == {"b": {"н/д": 1}}
    sheet = workbook(tmp_path / "b.xlsx", [["a", "b"], [1, 5], [2, "-"]])
    result = ingest_file(sheet, tmp_path / "w2", IngestOptions(), filename="b.xlsx")
    assert result.understood["null_placeholders"] == {"b": {"-": 1}}
    plain = ingest_file(csv_file(tmp_path, "a\n1\n", "p.csv"), tmp_path / "w3",
                        IngestOptions(), filename="p.csv")
    assert "null_placeholders" not in plain.understood
