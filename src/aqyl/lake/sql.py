"""Read-only SQL over dataset versions: the sandbox behind the portal's and the API's SQL box.

Datasets are named as quoted identifiers, `"health/clinics"` or pinned `"health/clinics@3"`.
Access control stays with the caller: every name a query uses is passed to its `resolve`
callback before anything runs, and whatever that raises (NotFound, PermissionDenied) propagates.

Each query gets a fresh in-memory DuckDB connection that holds one view per resolved name and
nothing else, then is locked down before the user's SQL runs:

- DuckDB's own parser decides what the query is: exactly one SELECT (WITH, VALUES, FROM-first,
  DESCRIBE/SUMMARIZE of a query) with no data-modifying CTE. EXPLAIN is refused too, because
  plans print the lake's paths.
- The parsed tree (`json_serialize_sql`) lists the tables, so CTEs and subqueries are understood;
  table functions other than a few generators (`range`, `unnest`…) are refused, which shuts
  `read_csv`, `glob`, `query`, `duckdb_settings()` and the rest; so are scalars that read
  server state (`current_setting`, `getenv`).
- `enable_external_access = false` with `allowed_paths` = exactly the resolved files: the views
  can read their files and nothing else can (DuckDB normalises `..`, relative and `file://`
  spellings before checking). Extension install/autoload, Python replacement scans and spilling
  to disk are off (`temp_directory = ''` also keeps a temp folder out of the readable set), and
  `lock_configuration` stops SQL from undoing any of it. A query that needs more memory than
  `memory_limit` fails with `sql_out_of_memory` instead of spilling.
- DuckDB has no statement timeout: a timer calls `interrupt()`, which also stops a stream
  whose consumer is idle between batches.

Object-store lakes: non-local paths (`s3://`, `memory://`) are read through the fsspec
filesystem registered on the connection, which works under the lock-down; `allowed_paths` gets
both the given and the fsspec-normalised spelling. Tested with `memory://`; s3:// uses the same
bridge but is untested here.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import fsspec
import pyarrow as pa

from aqyl.lake.errors import LakeError
from aqyl.lake.parquet import Column

Location = str | os.PathLike[str]
Resolver = Callable[[str], Location | Sequence[Location]]
"""Name → the Parquet file(s) of that version (at least one), or the caller's own exception."""

TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest", "json_each", "json_tree"})
"""Table functions that compute rows from their arguments; every other one reads the system."""

STATEMENT_WORDS = {"LOAD": "INSTALL/LOAD", "VARIABLE_SET": "SET", "TRANSACTION": "BEGIN/COMMIT",
                   "COPY_DATABASE": "COPY", "EXPORT": "EXPORT DATABASE", "CALL": "CALL"}
"""DuckDB's statement types as the SQL a user wrote them in, where the two differ."""

DENIED_FUNCTIONS = frozenset({"current_setting", "getenv", "write_log", "which_secret"})
"""Scalars that read server configuration (lake paths) or write to its logs."""

_BASE_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "python_enable_replacements": False,
    "temp_directory": "",
}
_ERROR_KIND = re.compile(r"^(?P<kind>[A-Za-z ]+?) Error: ")
_MISSING_TABLE = re.compile(r"Table with name (?P<name>.+?) does not exist")


@dataclass(frozen=True)
class QueryResult:
    """At most `row_limit` rows; `elapsed_ms` is DuckDB's time to run and fetch, without the
    parsing and resolving before it."""

    table: pa.Table
    truncated: bool
    elapsed_ms: float
    columns: tuple[Column, ...]


def referenced_tables(sql: str) -> list[str]:
    """The dataset names `sql` uses, each once, after refusing anything but one plain SELECT.

    Names compare case-insensitively, as DuckDB identifiers do; the first spelling is kept.
    """
    con = duckdb.connect(config={**_BASE_CONFIG, "enable_external_access": False})
    try:
        return _inspect(con, sql)
    finally:
        con.close()


def run_query(sql: str, resolve: Resolver, *, row_limit: int = 10_000,
              timeout_seconds: float = 30.0, memory_limit: str = "1GB", threads: int = 2,
              filesystem: Any = None) -> QueryResult:
    """Run `sql` in the sandbox and keep at most `row_limit` rows of its result.

    Args:
        filesystem: the fsspec filesystem of an object-store lake (`LakeStorage.fs`); by
            default one is made from each non-local URL.
    """
    batches: list[pa.RecordBatch] = []
    rows, truncated = 0, False
    with _open(sql, resolve, timeout_seconds=timeout_seconds, memory_limit=memory_limit,
               threads=threads, filesystem=filesystem, batch_size=min(row_limit + 1, 65_536)
               ) as (reader, started):
        for batch in reader:
            if rows + batch.num_rows > row_limit:
                batches.append(batch.slice(0, row_limit - rows))
                truncated = True
                break
            batches.append(batch)
            rows += batch.num_rows
        elapsed_ms = (time.perf_counter() - started) * 1000
        schema = reader.schema
    table = pa.Table.from_batches(batches, schema=schema)
    columns = tuple(Column(field.name, str(field.type)) for field in schema)
    return QueryResult(table, truncated, elapsed_ms, columns)


def iter_query_batches(sql: str, resolve: Resolver, *, row_limit: int = 1_000_000,
                       timeout_seconds: float = 300.0, memory_limit: str = "1GB",
                       threads: int = 2, filesystem: Any = None,
                       batch_size: int = 65_536) -> Generator[pa.RecordBatch, None, None]:
    """Every row of the result, streamed, for exports: never more than `row_limit` rows.

    An export must not look complete when it is not, so a longer result raises
    `sql_too_many_rows` after the first `row_limit` rows. The timeout counts the consumer's
    time too; `close()` the generator when abandoning it to free the connection at once.
    An empty result is one batch of no rows, which carries the columns.
    """
    rows = 0
    with _open(sql, resolve, timeout_seconds=timeout_seconds, memory_limit=memory_limit,
               threads=threads, filesystem=filesystem, batch_size=batch_size) as (reader, _):
        for batch in reader:
            if rows + batch.num_rows > row_limit:
                if row_limit > rows:
                    yield batch.slice(0, row_limit - rows)
                raise LakeError("sql_too_many_rows",
                                "the result has more than {row_limit} rows", row_limit=row_limit)
            rows += batch.num_rows
            yield batch
        if rows == 0:  # no rows still has columns: a CSV of it keeps its header
            yield pa.RecordBatch.from_pylist([], schema=reader.schema)


@contextmanager
def _open(sql: str, resolve: Resolver, *, timeout_seconds: float, memory_limit: str,
          threads: int, filesystem: Any, batch_size: int
          ) -> Iterator[tuple[pa.RecordBatchReader, float]]:
    """A reader over the result of `sql` in a fresh, locked-down connection."""
    con = duckdb.connect(config={**_BASE_CONFIG, "memory_limit": memory_limit,
                                 "threads": threads})
    deadline = _Deadline(con, timeout_seconds)
    try:
        names = _inspect(con, sql)
        sources = {name: _locations(name, resolve(name)) for name in names}
        deadline.start()
        try:
            allowed = _create_views(con, sources, filesystem)
            _lock_down(con, allowed)
            started = time.perf_counter()
            reader = con.sql(sql).to_arrow_reader(batch_size)
            yield reader, started
        except (duckdb.Error, OSError) as exc:  # pyarrow surfaces mid-stream errors as OSError
            raise _translate(exc, deadline, memory_limit) from None
    finally:
        deadline.close()


class _Deadline:
    """Interrupts the connection after `seconds`; never touches it once it is closed."""

    def __init__(self, con: duckdb.DuckDBPyConnection, seconds: float) -> None:
        self.con, self.seconds = con, seconds
        self.expired = False
        self._lock = threading.Lock()
        self._closed = False
        self._timer = threading.Timer(seconds, self._interrupt)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def _interrupt(self) -> None:
        with self._lock:
            if not self._closed:
                self.expired = True
                self.con.interrupt()

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._closed = True
            self.con.close()


def _inspect(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    try:
        statements = con.extract_statements(sql)
    except duckdb.ParserException as exc:
        raise _syntax_error(con, sql, str(exc)) from None
    if not statements:
        raise LakeError("sql_empty", "the query is empty")
    if len(statements) > 1:
        raise LakeError("sql_many_statements", "only one statement can run, not {count}",
                        count=len(statements))
    kind = statements[0].type.name
    if kind != "SELECT":
        raise LakeError("sql_not_read_only", "only a SELECT can run, not {statement}",
                        statement=STATEMENT_WORDS.get(kind, kind))
    tree = json.loads(con.execute("SELECT json_serialize_sql(?)", [sql]).fetchall()[0][0])
    if tree.get("error"):
        raise _syntax_error(con, sql, str(tree.get("error_message", "")))
    found: dict[str, str] = {}
    _walk(tree["statements"], frozenset(), found)
    return list(found.values())


def _walk(node: object, ctes: frozenset[str], found: dict[str, str]) -> None:
    """Collect table names from DuckDB's parse tree, skipping CTEs visible where they occur."""
    if isinstance(node, list):
        for item in node:
            _walk(item, ctes, found)
        return
    if not isinstance(node, dict):
        return
    cte_map = node.get("cte_map")
    if isinstance(cte_map, dict) and cte_map.get("map"):
        ctes = ctes | {str(entry["key"]).lower() for entry in cte_map["map"]}
    kind = str(node.get("type", ""))
    if kind.endswith("_QUERY_NODE"):  # WITH x AS (DELETE … RETURNING *) parses as a SELECT
        raise LakeError("sql_not_read_only", "only a SELECT can run, not {statement}",
                        statement=kind.removesuffix("_QUERY_NODE"))
    if kind == "BASE_TABLE" or (kind == "SHOW_REF" and node.get("show_type") == "SHOW"):
        _add_table(node, ctes, found)
    elif kind == "TABLE_FUNCTION":
        name = str(node["function"]["function_name"]).lower()
        if name not in TABLE_FUNCTIONS:
            raise LakeError("sql_function_not_allowed", "{function}() is not available here",
                            function=name)
    elif str(node.get("function_name", "")).lower() in DENIED_FUNCTIONS:
        raise LakeError("sql_function_not_allowed", "{function}() is not available here",
                        function=str(node["function_name"]).lower())
    for value in node.values():
        if isinstance(value, dict | list):
            _walk(value, ctes, found)


def _add_table(node: dict[str, Any], ctes: frozenset[str], found: dict[str, str]) -> None:
    name = str(node["table_name"])
    prefix = [str(node[key]) for key in ("catalog_name", "schema_name") if node.get(key)]
    if prefix:  # information_schema.tables, main."a/b": only bare dataset names exist here
        raise LakeError("sql_unknown_table", "there is no dataset {name}",
                        name=".".join([*prefix, name]))
    if name.lower() not in ctes:
        found.setdefault(name.lower(), name)


def _syntax_error(con: duckdb.DuckDBPyConnection, sql: str, message: str) -> LakeError:
    """`sql_syntax` with the 1-based line and column DuckDB's parser points at, when it does."""
    line = column = None
    report = json.loads(con.execute("SELECT json_serialize_sql(?)", [sql]).fetchall()[0][0])
    if str(report.get("position", "")).isdigit():  # a byte offset into the UTF-8 text
        before = sql.encode()[: int(report["position"])].decode(errors="ignore")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
    return LakeError("sql_syntax", "syntax error: {detail}", detail=_detail(message),
                     line=line, column=column)


def _locations(name: str, resolved: Location | Sequence[Location]) -> list[str]:
    items = [resolved] if isinstance(resolved, str | os.PathLike) else list(resolved)
    if not items:
        raise ValueError(f"the resolver returned no files for {name!r}")
    located = []
    for item in items:
        location = os.fspath(item)
        location = location.removeprefix("file://")
        located.append(location if "://" in location else str(Path(location).resolve()))
    return located


def _create_views(con: duckdb.DuckDBPyConnection, sources: dict[str, list[str]],
                  filesystem: Any) -> list[str]:
    """One view per dataset name; returns the paths the views must be allowed to read."""
    allowed: list[str] = []
    registered: set[int] = set()
    for locations in sources.values():
        for location in locations:
            allowed.append(location)
            if "://" not in location:
                continue
            fs = filesystem if filesystem is not None else fsspec.core.url_to_fs(location)[0]
            if id(fs) not in registered:
                con.register_filesystem(fs)
                registered.add(id(fs))
            # DuckDB checks allowed_paths against the spelling its fsspec bridge produces.
            allowed.append(fs.unstrip_protocol(fs._strip_protocol(location)))
    for name, locations in sources.items():
        files = ", ".join(_literal(location) for location in locations)
        try:
            con.execute(f"CREATE VIEW {_identifier(name)} AS "  # noqa: S608  # quoted by _identifier/_literal
                        f"SELECT * FROM read_parquet([{files}])")
        except duckdb.Error as exc:
            raise LakeError("sql_source_unreadable", "dataset {name} cannot be read: {detail}",
                            name=name, detail=_detail(str(exc))) from None
    return allowed


def _lock_down(con: duckdb.DuckDBPyConnection, allowed: list[str]) -> None:
    paths = ", ".join(_literal(path) for path in dict.fromkeys(allowed))
    con.execute(f"SET allowed_paths = [{paths}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def _translate(exc: Exception, deadline: _Deadline, memory_limit: str) -> LakeError:
    message = str(exc)
    match = _ERROR_KIND.match(message)
    kind = match["kind"].lower() if match else ""
    if deadline.expired or kind == "interrupt":
        return LakeError("sql_timeout", "the query ran longer than {seconds} s",
                         seconds=deadline.seconds)
    if kind == "out of memory":
        return LakeError("sql_out_of_memory", "the query needs more than {memory_limit}",
                         memory_limit=memory_limit)
    if kind == "permission":
        return LakeError("sql_file_access", "files and the network cannot be read from SQL here")
    missing = _MISSING_TABLE.search(message)
    if kind == "catalog" and missing:
        return LakeError("sql_unknown_table", "there is no dataset {name}", name=missing["name"])
    return LakeError("sql_error", "the query failed: {detail}", detail=_detail(message))


def _detail(message: str) -> str:
    """DuckDB's first line without its "Binder Error: " prefix: the part a user can act on."""
    first = message.strip().split("\n", 1)[0]
    return _ERROR_KIND.sub("", first, count=1)


def _literal(value: str) -> str:
    """A SQL string literal; DuckDB cannot bind parameters in view definitions or SET."""
    if "\x00" in value:
        raise ValueError("NUL character in a SQL literal")
    return "'" + value.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    if "\x00" in name:
        raise ValueError("NUL character in a SQL identifier")
    return '"' + name.replace('"', '""') + '"'
