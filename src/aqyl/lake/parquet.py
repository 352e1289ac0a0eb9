"""Facts about a Parquet file that a dataset version records: schema, rows, size, checksum."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

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
