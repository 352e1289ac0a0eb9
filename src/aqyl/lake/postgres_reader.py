"""A table or a query of a PostgreSQL database → one typed Parquet file, streamed.

Rows come through a server-side cursor inside a READ ONLY transaction, so a query cannot change
the source database and a big table never sits in memory: each batch becomes Arrow and is written
at once. DuckDB's postgres_scanner would need an extension download, which the platform's
network does not allow. Messages and lineage name the host and database, never the password.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.string import TextLoader

from aqyl.lake.errors import BadFile
from aqyl.lake.header_names import unique_names
from aqyl.lake.parquet import ParquetFile, describe_parquet
from aqyl.lake.parquet_writer import write_batches

Progress = Callable[[int, int], None]
BATCH_ROWS = 10_000
# Types whose Python value is lossy or awkward (interval → timedelta turns a month into 30
# days, json → dict reorders nothing but reformats) are read as PostgreSQL prints them.
AS_TEXT = ("json", "jsonb", "interval", "timetz", "numrange", "int4range", "int8range",
           "daterange", "tsrange", "tstzrange")
ARROW_BY_OID: dict[int, pa.DataType] = {
    16: pa.bool_(), 17: pa.binary(), 20: pa.int64(), 21: pa.int16(), 23: pa.int32(),
    26: pa.int64(), 700: pa.float32(), 701: pa.float64(), 1082: pa.date32(),
    1083: pa.time64("us"), 1114: pa.timestamp("us"), 1184: pa.timestamp("us", tz="UTC"),
}
NUMERIC = 1700
Convert = Callable[[Sequence[Any]], Sequence[Any]]


@dataclass(frozen=True)
class PostgresResult:
    database: str  # "host:port/dbname": where the data came from, for lineage
    table: str | None  # schema.table as PostgreSQL resolved it
    query: str | None
    parquet: ParquetFile


def ingest_postgres(dsn: str, work_dir: Path, *, table: str | None = None,
                    query: str | None = None, progress: Progress | None = None,
                    connect_timeout: int = 10, statement_timeout: int = 600,
                    lock_timeout: int = 10) -> PostgresResult:
    """Copy `table` ("schema.table", PostgreSQL's own quoting rules) or the result of a read-only
    `query` into `work_dir/data.parquet`. `progress(rows, estimate)`: estimate is 0 if unknown.

    The source is someone's production database: each statement (the query, each fetch of a
    batch) gets at most `statement_timeout` seconds and waits at most `lock_timeout` seconds
    for a lock, so a runaway query or a locked table fails the ingest instead of the source."""
    if bool(table) == bool(query):
        raise ValueError("give a table or a query, not both")
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.Error:
        # its message may quote the connection string, password included
        raise BadFile("bad_dsn", "the database connection string cannot be read") from None
    password = str(params.get("password") or "")
    host = str(params.get("host") or params.get("hostaddr") or "localhost")
    dbname = str(params.get("dbname") or params.get("user") or "")
    database = f"{host}:{params.get('port') or 5432}/{dbname}"
    try:
        conn = psycopg.connect(dsn, connect_timeout=connect_timeout, autocommit=False)
    except psycopg.Error as exc:
        raise BadFile("database_unreachable", "cannot connect to database {database}: {detail}",
                      database=database, detail=_detail(exc, password)) from None
    out = work_dir / "data.parquet"
    try:
        conn.read_only = True
        for setting, seconds in (("statement_timeout", statement_timeout),
                                 ("lock_timeout", lock_timeout)):
            conn.execute(sql.SQL("SET LOCAL {} = {}").format(
                sql.Identifier(setting), sql.Literal(f"{int(seconds)}s")))
        for name in AS_TEXT:
            conn.adapters.register_loader(name, TextLoader)
        statement: sql.Composed | str
        if table:
            statement, table, estimate = _table(conn, table, password)
        else:
            # the steward's own SQL, run as-is: the READ ONLY transaction is what keeps it safe
            statement = query = (query or "").strip().rstrip(";").strip()
            estimate = 0
        _copy(conn, statement, out=out, estimate=estimate, progress=progress, password=password,
              database=database)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    finally:
        conn.rollback()
        conn.close()
    return PostgresResult(database, table or None, query or None, describe_parquet(out))


def _table(conn: psycopg.Connection[Any], table: str, password: str
           ) -> tuple[sql.Composed, str, int]:
    """Resolve the name as PostgreSQL would (search_path, quoting, case), then quote it."""
    try:
        row = conn.execute(
            "SELECT n.nspname, c.relname, quote_ident(n.nspname) || '.' || quote_ident(c.relname),"
            " greatest(c.reltuples, 0)::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(%s)",
            [table]).fetchone()
    except psycopg.errors.InvalidName:
        row = None  # "a b": not even a name
    except psycopg.Error as exc:
        raise _bad_query(exc, password) from None
    if row is None:
        raise BadFile("unknown_table", "there is no table {table}", table=table)
    schema, name, shown, estimate = row
    return sql.SQL("SELECT * FROM {}").format(sql.Identifier(schema, name)), shown, int(estimate)


def _copy(conn: psycopg.Connection[Any], statement: sql.Composed | str, *, out: Path,
          estimate: int, progress: Progress | None, password: str, database: str) -> None:
    try:
        with conn.cursor(name="aqyl_ingest") as cursor:
            cursor.execute(statement)
            schema, converters = _arrow_schema(cursor.description or [])

            def batches() -> Iterator[pa.RecordBatch]:
                rows_done = 0
                while rows := cursor.fetchmany(BATCH_ROWS):
                    columns = list(zip(*rows, strict=True))
                    arrays = [pa.array(convert(values), type=f.type) for values, convert, f
                              in zip(columns, converters, schema, strict=True)]
                    yield pa.RecordBatch.from_arrays(arrays, schema=schema)
                    rows_done += len(rows)
                    if progress is not None:
                        progress(rows_done, max(estimate, rows_done) if estimate else 0)

            write_batches(batches(), schema, out)
    except psycopg.OperationalError as exc:
        if conn.broken:
            raise BadFile("database_unreachable", "lost the connection to {database}: {detail}",
                          database=database, detail=_detail(exc, password)) from None
        raise _bad_query(exc, password) from None
    except psycopg.Error as exc:
        raise _bad_query(exc, password) from None


def _bad_query(exc: psycopg.Error, password: str) -> BadFile:
    return BadFile("bad_query", "the query failed: {detail}", detail=_detail(exc, password),
                   sqlstate=exc.sqlstate or "")


def _arrow_schema(description: Sequence[psycopg.Column]) -> tuple[pa.Schema, list[Convert]]:
    """PostgreSQL types → Arrow. numeric(p,s) stays exact as decimal(p,s); numeric without a
    precision becomes double; arrays become JSON text; other types their text form."""
    names = unique_names(column.name for column in description)
    fields, converters = [], []
    for name, column in zip(names, description, strict=True):
        kind = ARROW_BY_OID.get(column.type_code)
        convert: Convert = _same
        if kind is None and column.type_code == NUMERIC:
            precision, scale = column.precision, column.scale
            if precision is not None and scale is not None and 0 <= scale <= precision <= 38:
                kind, convert = pa.decimal128(precision, scale), _finite_decimals
            else:
                kind, convert = pa.float64(), _floats
        elif kind is None:
            kind, convert = pa.string(), _texts
        fields.append(pa.field(name, kind))
        converters.append(convert)
    return pa.schema(fields), converters


def _same(values: Sequence[Any]) -> Sequence[Any]:
    return values


def _floats(values: Sequence[Any]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _finite_decimals(values: Sequence[Any]) -> list[Decimal | None]:
    # numeric(p,s) accepts 'NaN', which no decimal type can hold: it becomes null
    return [None if v is None or v.is_nan() else v for v in values]


def _texts(values: Sequence[Any]) -> list[str | None]:
    return [None if v is None else v if isinstance(v, str)
            else json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, list | dict)
            else str(v) for v in values]


def _detail(exc: BaseException, password: str) -> str:
    text = str(exc).strip()
    text = text.splitlines()[0] if text else type(exc).__name__
    return text.replace(password, "***")[:300] if password else text[:300]
