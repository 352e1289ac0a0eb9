"""Parquet from a stream of Arrow record batches, encoded on a second thread.

The reader (DuckDB's parser, a database cursor) produces the next batches while this module's
thread encodes and compresses the last ones, so an ingest costs about the longer of the two
rather than their sum. DuckDB's own `COPY … TO parquet` keeps rows in file order only by
flushing row groups one at a time; on a 1 GB CSV it took half as long again
(bench/ingest_csv.py).

Dictionary encoding is chosen per column from the first batch: it shrinks columns of repeated
values (regions, categories, dates) and costs time and space on mostly distinct ones
(identifiers: three times the size for a column of row numbers). Mostly distinct integers,
dates and timestamps are delta-encoded instead: row numbers and times that rise shrink to a few
bits each, in less time than compressing them whole. Min/max statistics, which let
queries skip row groups, are kept for numbers and dates, where ranges filter; text columns go
without (about a tenth of the encoding time).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROW_GROUP_ROWS = 122_880  # DuckDB's default: large enough to scan fast, small to write
COMPRESSION = "zstd"
# zstd's first fast level: within a few per cent of the default level's size, and a tenth
# less encoding time than level 1 (bench/ingest_csv.py)
COMPRESSION_LEVEL = -1
QUEUED_BATCHES = 2  # what the reader may run ahead of the writer: bounds memory
POLL_SECONDS = 0.1


def dictionary_columns(batch: pa.RecordBatch) -> list[str]:
    """The columns of `batch` with fewer distinct values than half their rows."""
    chosen = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        try:
            distinct = pc.count_distinct(column, mode="all").as_py()
        except pa.ArrowNotImplementedError:  # nested types: leave them to the writer
            continue
        if distinct * 2 < max(len(column), 2):
            chosen.append(name)
    return chosen


def delta_columns(schema: pa.Schema, dictionary: list[str]) -> dict[str, str]:
    """Integer, date and timestamp columns left out of dictionary encoding: delta-encoded."""
    return {field.name: "DELTA_BINARY_PACKED" for field in schema
            if field.name not in dictionary and (
                pa.types.is_integer(field.type) or pa.types.is_date32(field.type)
                or pa.types.is_timestamp(field.type))}


def _ranged_columns(schema: pa.Schema) -> list[str]:
    """Columns whose min/max statistics are worth writing: all but text and binary."""
    return [field.name for field in schema
            if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
                    or pa.types.is_binary(field.type) or pa.types.is_large_binary(field.type))]


def write_batches(batches: Iterable[pa.RecordBatch], schema: pa.Schema, out: Path) -> int:
    """Write `batches`, consumed on the calling thread, to `out` from a second thread; return
    the rows written. A failure on either side stops both and is raised here; `out` is then
    incomplete and the caller removes it."""
    box: queue.Queue[pa.RecordBatch | None] = queue.Queue(QUEUED_BATCHES)
    failure: list[BaseException] = []
    writer = threading.Thread(target=_encode, args=(box, schema, out, failure),
                              name="aqyl-parquet-writer", daemon=True)
    writer.start()
    rows = 0
    try:
        for batch in batches:
            if not _hand_over(box, batch, writer):
                break
            rows += batch.num_rows
    finally:
        _hand_over(box, None, writer)
        writer.join()
    if failure:
        raise failure[0]
    return rows


def _hand_over(box: queue.Queue[pa.RecordBatch | None], item: pa.RecordBatch | None,
               writer: threading.Thread) -> bool:
    """Queue `item` unless the writer has stopped (it failed); False when it has."""
    while writer.is_alive():
        try:
            box.put(item, timeout=POLL_SECONDS)
            return True
        except queue.Full:
            continue
    return False


def _encode(box: queue.Queue[pa.RecordBatch | None], schema: pa.Schema, out: Path,
            failure: list[BaseException]) -> None:
    """Write what arrives in `box` until None, in row groups of ROW_GROUP_ROWS."""
    writer: pq.ParquetWriter | None = None
    pending: list[pa.RecordBatch] = []
    held = 0
    try:
        while (batch := box.get()) is not None:
            if writer is None:
                dictionary = dictionary_columns(batch)
                writer = pq.ParquetWriter(out, schema, compression=COMPRESSION,
                                          compression_level=COMPRESSION_LEVEL,
                                          use_dictionary=dictionary,
                                          column_encoding=delta_columns(schema, dictionary),
                                          write_statistics=_ranged_columns(schema))
            pending.append(batch)
            held += batch.num_rows
            if held >= ROW_GROUP_ROWS:
                table = pa.Table.from_batches(pending, schema)
                whole = held - held % ROW_GROUP_ROWS
                writer.write_table(table.slice(0, whole), row_group_size=ROW_GROUP_ROWS)
                pending, held = table.slice(whole).to_batches(), held - whole
        if writer is None:  # no rows: the file still says what the columns are
            writer = pq.ParquetWriter(out, schema, compression=COMPRESSION)
        if held:
            writer.write_table(pa.Table.from_batches(pending, schema),
                               row_group_size=ROW_GROUP_ROWS)
    except BaseException as exc:  # handed to the reading thread
        failure.append(exc)
    finally:
        if writer is not None:
            writer.close()
