"""A version written out as CSV or XLSX for download, batch by batch, never whole in memory.

CSV files start with a UTF-8 byte order mark: without it Excel, which most people open a CSV
with, reads the bytes as the Windows code page and shows Kazakh and Russian text as mojibake.
Python (utf-8-sig), pandas, DuckDB and LibreOffice all read the mark as what it is.
"""

from __future__ import annotations

import codecs
import io
import math
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import xlsxwriter

from aqyl.lake.errors import LakeError
from aqyl.lake.parquet import json_safe

XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row
BATCH_ROWS = 65_536
BOM = codecs.BOM_UTF8


def iter_csv(source: str | Path | IO[bytes], *, batch_rows: int = BATCH_ROWS,
             bom: bool = True) -> Iterator[bytes]:
    """UTF-8 CSV with a header, one chunk per row batch; a file to open starts with a BOM."""
    parquet = pq.ParquetFile(source)
    header = True
    for batch in parquet.iter_batches(batch_size=batch_rows):
        yield _csv_bytes(pa.Table.from_batches([batch]), header=header, bom=bom)
        header = False
    if header:  # no rows: still give the header
        yield _csv_bytes(parquet.schema_arrow.empty_table(), header=True, bom=bom)


def iter_batches_csv(batches: Iterable[pa.RecordBatch], *, bom: bool = True
                     ) -> Iterator[bytes]:
    """A stream of record batches (a query's result) as CSV with one header. `bom=False`
    for text shown in a terminal or piped into another program rather than saved as a file."""
    header = True
    for batch in batches:
        yield _csv_bytes(pa.Table.from_batches([batch]), header=header, bom=bom)
        header = False


def _csv_bytes(table: pa.Table, *, header: bool, bom: bool) -> bytes:
    buffer = io.BytesIO()
    if header and bom:
        buffer.write(BOM)
    table = _csv_compatible(table)
    pacsv.write_csv(table, buffer, write_options=pacsv.WriteOptions(include_header=header))
    return buffer.getvalue()


def _csv_compatible(table: pa.Table) -> pa.Table:
    """Nested and binary columns have no CSV form in Arrow: write them as JSON-like text."""
    columns = []
    for column in table.columns:
        kind = column.type
        if pa.types.is_nested(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
            columns.append(pa.array([None if v is None else str(json_safe(v))
                                     for v in column.to_pylist()], pa.string()))
        else:
            columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def write_xlsx(source: str | Path | IO[bytes], target: Path, *, sheet: str = "data") -> None:
    """One sheet with a bold header row; dates stay dates. Refuses what Excel cannot hold."""
    parquet = pq.ParquetFile(source)
    rows = parquet.metadata.num_rows
    if rows > XLSX_MAX_ROWS:
        raise LakeError("too_many_rows_for_xlsx",
                        "{rows} rows do not fit in one Excel sheet ({limit} at most)",
                        rows=rows, limit=XLSX_MAX_ROWS)
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True,
                                                  "default_date_format": "dd.mm.yyyy",
                                                  "remove_timezone": True})
    try:
        worksheet = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True})
        for col, name in enumerate(parquet.schema_arrow.names):
            worksheet.write_string(0, col, name, bold)
        row = 1
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            columns = [column.to_pylist() for column in batch.columns]
            for index in range(batch.num_rows):
                for col, values in enumerate(columns):
                    _write_cell(worksheet, row, col, values[index])
                row += 1
    finally:
        workbook.close()


def _write_cell(worksheet: Any, row: int, col: int, value: Any) -> None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return  # NaN and infinities have no Excel form
    if isinstance(value, bool):
        worksheet.write_boolean(row, col, value)
    elif isinstance(value, int | float | Decimal):
        worksheet.write_number(row, col, float(value))
    elif isinstance(value, date):  # datetime is a date too
        worksheet.write_datetime(row, col, value)
    else:
        worksheet.write_string(row, col, str(json_safe(value))[:32767])
