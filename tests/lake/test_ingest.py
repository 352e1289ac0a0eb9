"""One entry point for every upload: the format is found by content, work_dir stays clean."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter

from aqyl.lake.errors import BadFile, BadRows
from aqyl.lake.ingest import IngestOptions, detect_format, ingest_file

CSV = "Облыс;Саны;Үлесі\nАқмола;10;1,5\nАлматы;20;2,5\nБарлығы;30;4\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def workbook(path: Path) -> Path:
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("Деректер")
        sheet.write("A1", "Кесте 1. Облыстар")
        sheet.write_row(2, 0, ["Облыс", "Саны"])
        sheet.write_row(3, 0, ["Ақмола", 10])
        sheet.write_row(4, 0, ["Итого", 10])
    return path


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "caller.txt").write_text("made by the caller")
    return folder


def leftovers(work: Path) -> list[str]:
    return sorted(p.name for p in work.iterdir())


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.csv", CSV, "csv"),
    ("a.tsv", "a\tb\n1\t2\n", "csv"),
    ("export", CSV, "csv"),  # no extension: text is tried as CSV
    ("report.xls", CSV, "csv"),  # a CSV export given a spreadsheet's name
    ("a.csv", "\ufeffid,name\n1,x\n".encode("utf-16"), "csv"),
    ("a.xls", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(600), "xls"),
    ("a.bin", b"PAR1" + bytes(100) + b"PAR1", "parquet"),
    ("a.txt", '\ufeff  [{"a": 1}]', "json"),
    ("a.json", '{"a": 1}\n{"a": 2}\n', "jsonl"),
    ("a.json", '{\n  "data": [{"a": 1}]\n}\n', "json"),
    ("a.jsonl", '{"a": 1}', "jsonl"),
    ("a.parquet", "not really", "parquet"),
])
def test_format_is_found_by_content_first(tmp_path: Path, name: str, content: str | bytes,
                                          expected: str) -> None:
    assert detect_format(write(tmp_path, name, content), name) == expected


def test_zip_formats(tmp_path: Path) -> None:
    xlsx = workbook(tmp_path / "upload.bin")
    assert detect_format(xlsx, "upload.bin") == "xlsx"
    cut = write(tmp_path, "cut.xlsx", xlsx.read_bytes()[:2000])
    assert detect_format(cut, "cut.xlsx") == "xlsx"  # damaged: the workbook reader says so
    ods = tmp_path / "a.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert detect_format(ods, "a.ods") == "ods"
    docx = tmp_path / "a.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(BadFile) as caught:
        detect_format(docx, "Хат.docx")
    assert (caught.value.code, caught.value.params) == ("unknown_format",
                                                        {"filename": "Хат.docx"})


@pytest.mark.parametrize(("name", "content", "code"), [
    ("garbage.csv", bytes(range(256)) * 100, "binary_file"),
    ("garbage.csv", b"\x01\x02\x03\x04\x05abc" * 1000, "binary_file"),  # no NUL, still binary
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100), "unknown_format"),
    ("page.xls", "<!DOCTYPE html><html><table><tr><td>1</td></tr></table></html>", "html_file"),
    ("data.xml", '<?xml version="1.0"?><rows/>', "unknown_format"),
    ("empty.csv", b"", "empty_file"),
])
def test_what_cannot_be_read_is_named(tmp_path: Path, name: str, content: str | bytes,
                                      code: str) -> None:
    with pytest.raises(BadFile) as caught:
        detect_format(write(tmp_path, name, content), name)
    assert caught.value.code == code


def test_csv_is_read_and_its_temporary_files_removed(tmp_path: Path, work: Path) -> None:
    source = write(tmp_path, "schools.csv", CSV.encode("kz1048"))  # transcoded on the way
    result = ingest_file(source, work, filename="Мектептер.csv")
    assert result.format == "csv"
    assert result.understood == {
        "encoding": "kz1048", "encoding_reason": "Kazakh letters in KZ-1048 positions",
        "delimiter": ";", "header": True, "decimal_comma": True, "date_format": None,
        "totals_row_dropped": True}
    assert pq.read_table(result.parquet.path).column("Үлесі").to_pylist() == [1.5, 2.5]
    assert leftovers(work) == ["caller.txt", "data.parquet"]


def test_failure_leaves_work_dir_as_the_caller_made_it(tmp_path: Path, work: Path) -> None:
    text = "а,б\n1,2\n3\n4,5\n"
    source = write(tmp_path, "ragged.csv", text.encode("cp1251"))
    (work / "data.parquet").write_bytes(b"stale")  # from an earlier, failed attempt
    with pytest.raises(BadRows) as caught:
        ingest_file(source, work)
    assert [p["line"] for p in caught.value.problems] == [3]
    assert leftovers(work) == ["caller.txt"]


def test_workbook_named_like_anything(tmp_path: Path, work: Path) -> None:
    source = workbook(tmp_path / "source.upload")
    result = ingest_file(source, work, filename="Облыстар.xlsx")
    assert result.format == "xlsx"
    assert result.understood == {
        "sheet": "Деректер", "sheets": ["Деректер"], "header_row": 3,
        "skipped_rows": ["Кесте 1. Облыстар"], "totals_row_dropped": True, "totals_row": 5,
        "columns_from_text": [], "merged_cells_filled": 0}
    assert pq.read_table(result.parquet.path).to_pylist() == [{"Облыс": "Ақмола", "Саны": 10}]
    json.dumps(result.understood)  # stored as it is


def test_truncated_workbook_is_refused_cleanly(tmp_path: Path, work: Path) -> None:
    whole = workbook(tmp_path / "whole.xlsx").read_bytes()
    source = write(tmp_path, "cut.xlsx", whole[: len(whole) // 2])
    with pytest.raises(BadFile) as caught:
        ingest_file(source, work)
    assert caught.value.code == "bad_workbook"
    assert leftovers(work) == ["caller.txt"]


def test_json_with_corrected_types(tmp_path: Path, work: Path) -> None:
    records = [{"iin": 10203300123, "count": "12"}, {"iin": 991231400456, "count": "7"}]
    source = write(tmp_path, "people.json", json.dumps(records))
    options = IngestOptions(column_types={"iin": "VARCHAR", "count": "INTEGER"})
    result = ingest_file(source, work, options)
    assert result.format == "json"
    assert result.understood == {"layout": "array", "records_key": None,
                                 "json_text_columns": [],
                                 "column_types": {"iin": "VARCHAR", "count": "INTEGER"}}
    assert [(c.name, c.type) for c in result.parquet.columns] == [("iin", "string"),
                                                                  ("count", "int32")]
    assert leftovers(work) == ["caller.txt", "data.parquet"]


def test_json_lines_chosen_by_the_steward(tmp_path: Path, work: Path) -> None:
    source = write(tmp_path, "one.json", '{"a": 1, "b": "x"}\n')  # one record, one line
    with pytest.raises(BadFile) as caught:
        ingest_file(source, work)
    assert caught.value.code == "json_no_records"
    result = ingest_file(source, work, IngestOptions(format="jsonl"))
    assert (result.format, result.understood["layout"], result.parquet.rows) == ("jsonl",
                                                                               "lines", 1)


def test_parquet_upload(tmp_path: Path, work: Path) -> None:
    source = tmp_path / "upload.parquet"
    pq.write_table(pa.table({"a": [1, 2, 3]}), source, compression="gzip")
    result = ingest_file(source, work, IngestOptions(column_types={"a": "DOUBLE"}))
    assert result.format == "parquet"
    assert result.understood["row_groups"] == 1
    assert pq.read_table(result.parquet.path).column("a").to_pylist() == [1.0, 2.0, 3.0]


def test_unknown_format_option(tmp_path: Path, work: Path) -> None:
    with pytest.raises(BadFile) as caught:
        ingest_file(write(tmp_path, "a.csv", CSV), work, IngestOptions(format="docx"))
    assert caught.value.code == "unknown_format"


def test_empty_upload(tmp_path: Path, work: Path) -> None:
    with pytest.raises(BadFile) as caught:
        ingest_file(write(tmp_path, "a.xlsx", b""), work)
    assert caught.value.code == "empty_file"
    assert leftovers(work) == ["caller.txt"]


def test_a_type_for_a_missing_column_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("a;b\n1;2\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(BadFile) as caught:
        ingest_file(source, work, IngestOptions(column_types={"Нет": "VARCHAR"}))
    assert (caught.value.code, caught.value.params) == ("unknown_column", {"column": "Нет"})
    assert list(work.iterdir()) == []


def test_json_numbers_and_dates_written_the_local_way_are_typed(tmp_path: Path,
                                                                work: Path) -> None:
    source = tmp_path / "air.jsonl"
    source.write_text(
        '{"post": "0012", "date": "08.06.2022", "pm25": "1 234,5", "code": "12"}\n'
        '{"post": "0013", "date": "09.06.2022", "pm25": "7", "code": "13"}\n'
        '{"post": "0014", "date": null, "pm25": " ", "code": "14"}\n', encoding="utf-8")
    result = ingest_file(source, work, IngestOptions())
    assert result.understood["local_types"] == {"date": "DATE", "pm25": "DOUBLE"}
    table = pq.read_table(work / "data.parquet")
    assert table.column("pm25").to_pylist() == [1234.5, 7.0, None]
    assert table.column("date").to_pylist()[:2] == [dt.date(2022, 6, 8), dt.date(2022, 6, 9)]
    assert table.column("post").type == pa.string()  # leading zeros: a code
    assert table.column("code").type == pa.string()  # plain digits may be codes too
    steward = ingest_file(source, tmp_path, IngestOptions(column_types={"PM25": "VARCHAR"}))
    assert steward.understood["local_types"] == {"date": "DATE"}  # the steward's type wins
