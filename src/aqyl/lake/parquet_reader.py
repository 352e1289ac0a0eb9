"""Parquet uploads → the lake's own Parquet: checked, rewritten with zstd and even row groups.

Uploads come from pandas, polars, Spark or another lake with any compression and row-group
size (one 2 GB row group is common). DuckDB rewrites them streaming within its memory limit, so
every version the lake holds reads the same way. The same rewrite re-types columns when the
steward corrects a type after a JSON or Parquet upload.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from aqyl.lake.csv_reader import COLUMN_TYPES
from aqyl.lake.errors import BadFile, BadRows
from aqyl.lake.parquet import ParquetFile, describe_parquet

Progress = Callable[[int, int], None]
WRITE_OPTIONS = "FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880"
MAX_PROBLEMS = 50
CAST_ERRORS = {"VARCHAR": "not_text", "BIGINT": "not_an_integer", "INTEGER": "not_an_integer",
               "DOUBLE": "not_a_number", "DECIMAL(18,3)": "not_a_number",
               "BOOLEAN": "not_a_boolean", "DATE": "not_a_date", "TIMESTAMP": "not_a_timestamp",
               "TIME": "not_a_time"}


@dataclass(frozen=True)
class ParquetResult:
    created_by: str  # the writer of the upload, e.g. "parquet-cpp-arrow version 21.0.0"
    row_groups: int  # in the upload
    parquet: ParquetFile


def sql_literal(value: str) -> str:
    """A SQL string literal; DuckDB cannot prepare parameters inside COPY."""
    if "\x00" in value:
        raise BadFile("nul_in_option", "an option contains a NUL character")
    return "'" + value.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    if "\x00" in name:
        raise BadFile("nul_in_option", "an option contains a NUL character")
    return '"' + name.replace('"', '""') + '"'


def connect(work_dir: Path, memory_limit: str = "1GB", threads: int = 2
            ) -> duckdb.DuckDBPyConnection:
    """A DuckDB bounded in memory, spilling into `work_dir` (the caller cleans it up)."""
    return duckdb.connect(config={"memory_limit": memory_limit, "threads": threads,
                                  "temp_directory": str(work_dir / "duckdb-tmp")})


def ingest_parquet(source: Path, work_dir: Path, *, memory_limit: str = "1GB", threads: int = 2,
                   progress: Progress | None = None) -> ParquetResult:
    """Check `source` and rewrite it as `work_dir/data.parquet`."""
    try:
        meta = pq.read_metadata(source)
    except (pa.ArrowException, OSError) as exc:
        raise BadFile("bad_parquet", "the file is not readable Parquet: {detail}",
                      detail=_first_line(exc)) from None
    out = work_dir / "data.parquet"
    con = connect(work_dir, memory_limit, threads)
    try:
        con.execute(f"COPY (SELECT * FROM read_parquet({sql_literal(str(source))})) "  # noqa: S608  (quoted by sql_literal; COPY cannot be prepared)
                    f"TO {sql_literal(str(out))} ({WRITE_OPTIONS})")
    except duckdb.Error as exc:
        out.unlink(missing_ok=True)
        raise BadFile("bad_parquet", "the file is not readable Parquet: {detail}",
                      detail=_first_line(exc).replace(str(source), source.name)) from None
    finally:
        con.close()
    written = describe_parquet(out)
    if written.rows != meta.num_rows:  # a damaged footer can under-count; never keep half
        out.unlink()
        raise BadFile("bad_parquet", "the file is not readable Parquet: {detail}",
                      detail=f"{meta.num_rows} rows announced, {written.rows} read")
    if progress is not None:
        size = source.stat().st_size
        progress(size, size)
    return ParquetResult(str(meta.created_by or ""), meta.num_row_groups, written)


def retype_parquet(path: Path, column_types: dict[str, str], work_dir: Path, *,
                   memory_limit: str = "1GB", threads: int = 2) -> None:
    """Rewrite `path` with the steward's column types; a value that does not convert fails the
    whole rewrite and is reported with its row number (1-based) and column."""
    if not column_types:
        return
    names = pq.read_schema(path).names
    by_folded = {name.casefold(): name for name in names}
    casts: dict[str, str] = {}
    for wanted, kind in column_types.items():
        if kind.upper() not in COLUMN_TYPES:
            raise BadFile("unknown_type", "column {column}: unknown type {type}",
                          column=wanted, type=kind)
        if wanted.casefold() not in by_folded:
            raise BadFile("unknown_column", "there is no column {column}",
                          column=wanted, columns=", ".join(names))
        casts[by_folded[wanted.casefold()]] = kind.upper()  # from the allow-list: safe SQL
    select = ", ".join(
        f"CAST({sql_identifier(n)} AS {casts[n]}) AS {sql_identifier(n)}" if n in casts
        else sql_identifier(n) for n in names)
    retyped = work_dir / "data.retyped.parquet"
    source = f"read_parquet({sql_literal(str(path))})"
    con = connect(work_dir, memory_limit, threads)
    try:
        con.execute(f"COPY (SELECT {select} FROM {source}) "  # noqa: S608  (quoted by sql_literal/sql_identifier)
                    f"TO {sql_literal(str(retyped))} ({WRITE_OPTIONS})")
    except duckdb.Error:
        retyped.unlink(missing_ok=True)
        problem = _conversion_problems(con, path, names, casts)
        if problem is None:
            raise
        raise problem from None
    finally:
        con.close()
    retyped.replace(path)


def _conversion_problems(con: duckdb.DuckDBPyConnection, path: Path, names: list[str],
                         casts: dict[str, str]) -> BadRows | None:
    """Which rows did not convert: the first ones of each column, and how many rows in all."""
    source = f"read_parquet({sql_literal(str(path))}, file_row_number = true)"
    problems: list[dict[str, Any]] = []
    failing = []
    for name, kind in casts.items():
        column = sql_identifier(name)
        fails = f"({column} IS NOT NULL AND TRY_CAST({column} AS {kind}) IS NULL)"
        rows = con.execute(f"SELECT file_row_number + 1, {column}::VARCHAR FROM {source} "  # noqa: S608  (quoted)
                           f"WHERE {fails} ORDER BY 1 LIMIT {MAX_PROBLEMS}").fetchall()
        failing.append(fails)
        error = CAST_ERRORS.get(kind, "cannot_convert")
        problems += [{"line": int(row), "row": int(row), "column": names.index(name) + 1,
                      "column_name": name, "error": error, "text": str(text)[:200]}
                     for row, text in rows]
    found = con.execute(f"SELECT count(*) FROM {source} WHERE {' OR '.join(failing)}"  # noqa: S608  (quoted)
                        ).fetchone()
    if not found or not found[0]:
        return None
    problems.sort(key=lambda p: int(p["row"]))
    return BadRows(problems[:MAX_PROBLEMS], int(found[0]))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
