"""JSON from government APIs and exports: arrays, JSON Lines, wrapped records, broken files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from aqyl.lake.errors import BadFile
from aqyl.lake.json_reader import JsonResult, ingest_json

SCHOOLS = [
    {"id": 1, "name": "№12 мектеп-гимназия", "score": 4.35, "opened": "1998-09-01",
     "address": {"city": "Алматы", "street": "Абай 10"}, "grades": [1, 2, 3]},
    {"id": 2, "name": "Әл-Фараби атындағы мектеп", "score": 4, "opened": "2004-08-15",
     "address": {"city": "Шымкент", "street": "Тәуке хан 5"}, "grades": [5]},
]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def read(path: Path, tmp_path: Path, **options: Any) -> tuple[JsonResult, list[dict[str, Any]]]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    result = ingest_json(path, work, **options)
    return result, pq.read_table(result.parquet.path).to_pylist()


def refused(path: Path, tmp_path: Path, **options: Any) -> BadFile:
    with pytest.raises(BadFile) as caught:
        read(path, tmp_path, **options)
    assert list((tmp_path / "work").iterdir()) == []  # nothing half-made is left
    return caught.value


def test_array_of_objects_keeps_nested_values(tmp_path: Path) -> None:
    path = write(tmp_path, "schools.json", json.dumps(SCHOOLS, ensure_ascii=False, indent=2))
    result, rows = read(path, tmp_path)
    assert (result.layout, result.records_key, result.json_text_columns) == ("array", None, ())
    types = {c.name: c.type for c in result.parquet.columns}
    assert types["id"] == "int64"
    assert types["score"] == "double"
    assert types["opened"] == "date32[day]"
    assert types["address"].startswith("struct<")
    assert types["grades"] == "list<element: int64>"
    assert rows[1]["address"] == {"city": "Шымкент", "street": "Тәуке хан 5"}
    assert rows[0]["opened"] == dt.date(1998, 9, 1)
    assert [r["score"] for r in rows] == [4.35, 4.0]


def test_values_whose_shape_varies_become_text(tmp_path: Path) -> None:
    records = [{"code": 1, "extra": {"a": 1}}, {"code": "A-17", "extra": [1, "x"]},
               {"code": None, "extra": None}]
    result, rows = read(write(tmp_path, "mixed.json", json.dumps(records)), tmp_path)
    assert result.json_text_columns == ("code", "extra")
    assert [r["code"] for r in rows] == ["1", "A-17", None]  # strings without their quotes
    assert [r["extra"] for r in rows] == ['{"a":1}', '[1,"x"]', None]
    assert {c.type for c in result.parquet.columns} == {"string"}


def test_types_come_from_the_whole_file(tmp_path: Path) -> None:
    lines = [json.dumps({"id": i, "code": str(i) if i == 30_000 else i}) for i in range(30_001)]
    result, rows = read(write(tmp_path, "big.jsonl", "\n".join(lines)), tmp_path, lines=True)
    assert {c.name: c.type for c in result.parquet.columns}["id"] == "int64"
    assert result.json_text_columns == ("code",)
    assert len(rows) == 30_001


def test_json_lines_with_blank_lines_and_bom(tmp_path: Path) -> None:
    text = "\ufeff" + '{"a": 1, "b": "x"}\n\n   \n{"a": 2, "b": "y"}\n'
    result, rows = read(write(tmp_path, "x.jsonl", text), tmp_path, lines=True)
    assert result.layout == "lines"
    assert rows == [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["data.parquet"]


def test_records_under_a_key(tmp_path: Path) -> None:
    body = {"meta": {"total": 2}, "data": SCHOOLS}
    result, rows = read(write(tmp_path, "api.json", json.dumps(body)), tmp_path)
    assert (result.layout, result.records_key) == ("object", "data")
    assert [r["id"] for r in rows] == [1, 2]


def test_ckan_result_records_is_chosen_over_fields(tmp_path: Path) -> None:
    body = {"success": True, "result": {
        "fields": [{"id": "region"}, {"id": "count"}],
        "records": [{"region": "Ақмола", "count": 1}, {"region": "Атырау", "count": 2},
                    {"region": "Абай", "count": 3}]}}
    path = write(tmp_path, "ckan.json", json.dumps(body, ensure_ascii=False))
    result, rows = read(path, tmp_path)
    assert result.records_key == "result.records"
    assert [r["region"] for r in rows] == ["Ақмола", "Атырау", "Абай"]
    chosen, fields = read(path, tmp_path, records_key="result.fields")
    assert (chosen.records_key, fields) == ("result.fields", [{"id": "region"}, {"id": "count"}])
    error = refused(path, tmp_path, records_key="result.rows")
    assert error.code == "unknown_json_key"
    assert error.params == {"key": "result.rows", "keys": "result.fields, result.records"}


def test_object_without_records(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "o.json", '{"name": "x", "count": 3}'), tmp_path)
    assert (error.code, error.params) == ("json_no_records", {"keys": "name, count"})


def test_malformed_array_names_the_line(tmp_path: Path) -> None:
    text = '[\n  {"a": 1},\n  {"a": 2},\n  {"a" 3},\n  {"a": 4}\n]\n'
    error = refused(write(tmp_path, "bad.json", text), tmp_path)
    assert error.code == "bad_json"
    assert (error.params["line"], error.params["column"]) == (4, 8)


def test_malformed_line_names_the_line(tmp_path: Path) -> None:
    text = '{"a": 1}\n{"a": 2}\n\n{"a": 3,\n{"a": 4}\n'
    error = refused(write(tmp_path, "bad.jsonl", text), tmp_path, lines=True)
    assert (error.code, error.params["line"]) == ("bad_json", 4)


def test_a_line_that_is_not_an_object(tmp_path: Path) -> None:
    text = '{"a": 1}\n{"a": 2}\n[1, 2]\n{"a": 4}\n'
    error = refused(write(tmp_path, "list.jsonl", text), tmp_path, lines=True)
    assert error.code == "json_not_records"
    assert error.params == {"line": 3, "record": 3, "found": "array"}


def test_an_array_element_that_is_not_an_object(tmp_path: Path) -> None:
    text = '[\n{"a": 1},\n"stray",\n{"a": 2}\n]'
    error = refused(write(tmp_path, "stray.json", text), tmp_path)
    assert error.code == "json_not_records"
    assert error.params == {"line": 3, "record": 2, "found": "string"}


def test_empty_array_and_blank_file(tmp_path: Path) -> None:
    assert refused(write(tmp_path, "e.json", " [ ] "), tmp_path).code == "empty_file"
    assert refused(write(tmp_path, "b.json", "\n \n"), tmp_path).code == "empty_file"


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    text = '[{"a": "x"},\n{"a": "Қазақстан"}]'.encode("kz1048")
    error = refused(write(tmp_path, "k.json", text), tmp_path)
    assert (error.code, error.params) == ("not_utf8", {"line": 2})
