"""Parquet written from batches on a second thread: order, row groups, encodings, failures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aqyl.lake.parquet_writer import ROW_GROUP_ROWS, write_batches

SCHEMA = pa.schema([("id", pa.int64()), ("region", pa.string()), ("pm25", pa.float64())])
REGIONS = ["Абай облысы", "Астана қ.", "Алматы қ."]


def batches(count: int, rows: int) -> Iterator[pa.RecordBatch]:
    for number in range(count):
        ids = range(number * rows, (number + 1) * rows)
        yield pa.record_batch([pa.array(ids, pa.int64()),
                               pa.array([REGIONS[i % 3] for i in ids]),
                               pa.array([i / 10 for i in ids])], schema=SCHEMA)


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "aqyl-parquet-writer"]


def test_small_batches_make_full_row_groups_in_order(tmp_path: Path) -> None:
    out = tmp_path / "data.parquet"
    assert write_batches(batches(30, 10_000), SCHEMA, out) == 300_000
    meta = pq.read_metadata(out)
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [
        ROW_GROUP_ROWS, ROW_GROUP_ROWS, 300_000 - 2 * ROW_GROUP_ROWS]
    assert pq.read_table(out).column("id").to_pylist() == list(range(300_000))


def test_dictionaries_only_for_repeated_values(tmp_path: Path) -> None:
    out = tmp_path / "data.parquet"
    write_batches(batches(2, 50_000), SCHEMA, out)
    group = pq.read_metadata(out).row_group(0)
    encodings = {group.column(i).path_in_schema: group.column(i).encodings for i in range(3)}
    assert "RLE_DICTIONARY" in encodings["region"]
    assert "RLE_DICTIONARY" not in encodings["id"]  # row numbers: every value distinct
    assert group.column(0).statistics.has_min_max  # numbers keep their ranges
    assert group.column(1).statistics is None


def test_no_batches_still_write_the_columns(tmp_path: Path) -> None:
    out = tmp_path / "data.parquet"
    assert write_batches(iter([]), SCHEMA, out) == 0
    assert pq.read_table(out).schema == SCHEMA


def test_a_failing_reader_stops_the_writer(tmp_path: Path) -> None:
    def broken() -> Iterator[pa.RecordBatch]:
        yield from batches(3, 1_000)
        raise ValueError("line 3001 is ragged")

    with pytest.raises(ValueError, match="ragged"):
        write_batches(broken(), SCHEMA, tmp_path / "data.parquet")
    assert writer_threads() == []


def test_a_failing_writer_stops_the_reader(tmp_path: Path) -> None:
    consumed: list[int] = []

    def mixed() -> Iterator[pa.RecordBatch]:
        for number, batch in enumerate(batches(1_000, 1_000)):
            consumed.append(number)
            yield batch if number != 2 else batch.drop_columns(["pm25"])  # wrong schema

    with pytest.raises(pa.ArrowInvalid):
        write_batches(mixed(), SCHEMA, tmp_path / "data.parquet")
    assert len(consumed) < 1_000
    assert writer_threads() == []
