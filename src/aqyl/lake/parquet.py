"""Facts about a Parquet file that a dataset version records: schema, rows, size, checksum."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq


@dataclass(frozen=True)
class Column:
    name: str
    type: str


@dataclass(frozen=True)
class ParquetFile:
    path: Path
    columns: tuple[Column, ...]
    rows: int
    size: int
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def describe_parquet(path: Path) -> ParquetFile:
    meta = pq.read_metadata(path)
    schema = meta.schema.to_arrow_schema()
    columns = tuple(Column(f.name, str(f.type)) for f in schema)
    return ParquetFile(path, columns, meta.num_rows, path.stat().st_size, sha256_of(path))


def json_safe(value: Any) -> Any:
    """A cell as JSON can carry it: numbers and booleans stay, the rest becomes text."""
    if isinstance(value, Decimal):  # DuckDB sums integers into 128-bit decimals
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def table_rows(table: Any) -> list[list[Any]]:
    """An Arrow table's rows as JSON-safe lists."""
    columns = [column.to_pylist() for column in table.columns]
    return [[json_safe(column[i]) for column in columns] for i in range(table.num_rows)]


def read_rows(source: Any, *, offset: int = 0, limit: int = 20) -> list[list[Any]]:
    """Rows `offset`..`offset+limit` of a Parquet file (a path or an open file), reading only
    the row groups that hold them."""
    parquet = pq.ParquetFile(source)
    rows: list[list[Any]] = []
    skip = offset
    for index in range(parquet.num_row_groups):
        size = parquet.metadata.row_group(index).num_rows
        if skip >= size:
            skip -= size
            continue
        rows += table_rows(parquet.read_row_group(index).slice(skip, limit - len(rows)))
        skip = 0
        if len(rows) >= limit:
            break
    return rows
