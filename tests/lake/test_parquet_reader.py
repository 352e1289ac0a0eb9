"""Parquet uploads are checked and rewritten the lake's way; corrections re-type columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aqyl.lake.errors import BadFile, BadRows
from aqyl.lake.parquet_reader import ingest_parquet, retype_parquet


def upload(tmp_path: Path, rows: int = 300_000, **write_options: object) -> Path:
    table = pa.table({
        "id": pa.array(range(rows), pa.int64()),
        "region": pa.array([f"облыс {i % 17}" for i in range(rows)]),
        "amount": pa.array([Decimal(i) / 100 for i in range(rows)], pa.decimal128(12, 2)),
        "day": pa.array([dt.date(2024, 1, 1) + dt.timedelta(days=i % 366) for i in range(rows)]),
        "tags": pa.array([[i % 3, i % 5] for i in range(rows)], pa.list_(pa.int32())),
    })
    path = tmp_path / "upload.parquet"
    pq.write_table(table, path, compression="snappy", **write_options)
    return path


def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir(exist_ok=True)
    return folder


def test_upload_is_rewritten_with_zstd_and_even_row_groups(tmp_path: Path) -> None:
    source = upload(tmp_path, row_group_size=300_000)
    result = ingest_parquet(source, work(tmp_path))
    meta = pq.read_metadata(result.parquet.path)
    assert result.row_groups == 1
    assert result.created_by.startswith("parquet-cpp-arrow")
    assert meta.num_rows == result.parquet.rows == 300_000
    assert meta.num_row_groups == 3
    assert {meta.row_group(0).column(i).compression for i in range(5)} == {"ZSTD"}
    assert [(c.name, c.type) for c in result.parquet.columns] == [
        ("id", "int64"), ("region", "string"), ("amount", "decimal128(12, 2)"),
        ("day", "date32[day]"), ("tags", "list<element: int32>")]
    table = pq.read_table(result.parquet.path)
    assert table.slice(123_456, 1).to_pylist() == pq.read_table(source).slice(123_456, 1) \
        .to_pylist()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "text"])
def test_damaged_upload_is_refused(tmp_path: Path, damage: str) -> None:
    source = upload(tmp_path, rows=5_000)
    data = source.read_bytes()
    source.write_bytes({"truncated": data[: len(data) // 2],
                        "garbage": b"PAR1" + bytes(range(256)) * 40 + b"PAR1",
                        "text": b"id,name\n1,x\n"}[damage])
    with pytest.raises(BadFile) as caught:
        ingest_parquet(source, work(tmp_path))
    assert caught.value.code == "bad_parquet"
    assert caught.value.params["detail"]
    assert list((tmp_path / "work").iterdir()) == []


def test_damaged_column_data_is_refused(tmp_path: Path) -> None:
    source = upload(tmp_path, rows=50_000)
    data = bytearray(source.read_bytes())
    middle = len(data) // 3
    data[middle: middle + 2000] = bytes(2000)  # pages zeroed, footer intact
    source.write_bytes(bytes(data))
    with pytest.raises(BadFile) as caught:
        ingest_parquet(source, work(tmp_path))
    assert caught.value.code == "bad_parquet"
    assert not (tmp_path / "work" / "data.parquet").exists()


def test_columns_are_retyped(tmp_path: Path) -> None:
    folder = work(tmp_path)
    path = folder / "data.parquet"
    pq.write_table(pa.table({"iin": ["010203300123", "991231400456"], "n": [1, 2]}), path)
    retype_parquet(path, {"IIN": "varchar", "n": "DOUBLE"}, folder)
    table = pq.read_table(path)
    assert [str(f.type) for f in table.schema] == ["string", "double"]
    assert table.column("n").to_pylist() == [1.0, 2.0]
    assert sorted(p.name for p in folder.iterdir()) == ["data.parquet"]


def test_retype_reports_rows_that_do_not_convert(tmp_path: Path) -> None:
    folder = work(tmp_path)
    path = folder / "data.parquet"
    values = [str(i) for i in range(1000)]
    values[10], values[700] = "он", "7,5"
    pq.write_table(pa.table({"name": ["x"] * 1000, "count": values}), path)
    before = path.read_bytes()
    with pytest.raises(BadRows) as caught:
        retype_parquet(path, {"count": "BIGINT"}, folder)
    assert caught.value.params["total"] == 2
    assert [(p["row"], p["column"], p["column_name"], p["error"], p["text"])
            for p in caught.value.problems] == [(11, 2, "count", "not_an_integer", "он"),
                                                (701, 2, "count", "not_an_integer", "7,5")]
    assert path.read_bytes() == before  # the file is left as it was


@pytest.mark.parametrize(("types", "code"), [({"nope": "BIGINT"}, "unknown_column"),
                                             ({"n": "MONEY"}, "unknown_type"),
                                             ({"s": "DATE"}, "bad_rows")])
def test_retype_refuses_unknown_columns_and_types(tmp_path: Path, types: dict[str, str],
                                                  code: str) -> None:
    folder = work(tmp_path)
    path = folder / "data.parquet"
    pq.write_table(pa.table({"n": [1], "s": pa.array([{"a": 1}])}), path)
    with pytest.raises((BadFile, BadRows)) as caught:
        retype_parquet(path, types, folder)
    assert caught.value.code == code
