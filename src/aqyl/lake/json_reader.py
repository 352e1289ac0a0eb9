"""JSON records → one typed Parquet file: an array of objects, JSON Lines, or one object holding
the records under a key (`{"data": [...]}`, CKAN's `{"result": {"records": [...]}}`).

DuckDB reads and types the whole file (`sample_size=-1`). Nested objects and arrays whose shape
is the same in every record stay Parquet structs and lists: lossless and queryable. A value whose
shape varies (a number here, text there) is kept as JSON text, plain strings without quotes, so
nothing is lost. When DuckDB refuses the file, Python re-reads it to say on which line and why.
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import duckdb
from duckdb.sqltypes import DuckDBPyType

from aqyl.lake.errors import BadFile, LakeError
from aqyl.lake.parquet import ParquetFile, describe_parquet
from aqyl.lake.parquet_reader import WRITE_OPTIONS, connect, sql_identifier, sql_literal

Progress = Callable[[int, int], None]
CHUNK = 1 << 20
MAX_RECORD = 64 << 20  # a "record" longer than this while re-reading is a syntax error
NON_SPACE = re.compile(r"\S")
DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class JsonResult:
    layout: str  # "array", "lines" or "object"
    records_key: str | None  # for "object": the dotted path of the records, e.g. "result.records"
    json_text_columns: tuple[str, ...]  # columns whose shape varied, kept as JSON text
    parquet: ParquetFile


def ingest_json(source: Path, work_dir: Path, *, lines: bool = False,
                records_key: str | None = None, memory_limit: str = "1GB", threads: int = 2,
                progress: Progress | None = None) -> JsonResult:
    """Read `source` (JSON Lines when `lines`) and write `work_dir/data.parquet`."""
    size = source.stat().st_size
    with source.open("rb") as handle:
        head = handle.read(CHUNK)
    if not head.strip():
        raise BadFile("empty_file", "the file is empty")
    layout = "lines" if lines else _layout(head)
    text = source
    if head.startswith(codecs.BOM_UTF8):  # DuckDB refuses a BOM in JSON Lines
        text = work_dir / "source.nobom.json"
        with source.open("rb") as src, text.open("wb") as dst:
            src.seek(len(codecs.BOM_UTF8))
            shutil.copyfileobj(src, dst, CHUNK)
    raw, out = work_dir / "data.raw.parquet", work_dir / "data.parquet"
    con = connect(work_dir, memory_limit, threads)
    try:
        try:
            select, key = _select(con, text, layout, records_key, size)
            con.execute(f"COPY ({select}) TO {sql_literal(str(raw))} ({WRITE_OPTIONS})")
        except duckdb.Error as exc:
            raise _diagnose(text, layout, exc) from None
        json_columns = _unjson(con, raw, out)
        written = describe_parquet(out)
        if not written.rows:
            raise BadFile("empty_file", "the file holds no records")
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    finally:
        con.close()
        raw.unlink(missing_ok=True)
        if text != source:
            text.unlink()
    if progress is not None:
        progress(size, size)
    return JsonResult(layout, key, json_columns, written)


def _layout(head: bytes) -> str:
    first = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if first == b"[":
        return "array"
    if first == b"{":
        return "object"
    raise BadFile("json_no_records", "the file holds no JSON records", keys="")


def _reader(path: Path, layout: str, size: int) -> str:
    fmt = {"array": "array", "lines": "newline_delimited", "object": "unstructured"}[layout]
    # one object holds everything: let it be as large as the file
    limit = f", maximum_object_size = {max(size + 1, 16 << 20)}" if layout == "object" else ""
    return (f"read_json({sql_literal(str(path))}, format = {sql_literal(fmt)}, records = true, "
            f"sample_size = -1, map_inference_threshold = -1{limit})")


def _select(con: duckdb.DuckDBPyConnection, path: Path, layout: str, records_key: str | None,
            size: int) -> tuple[str, str | None]:
    reader = _reader(path, layout, size)
    if layout != "object":
        return f"SELECT * FROM {reader}", None  # noqa: S608  (quoted by sql_literal)
    top = con.sql(f"SELECT * FROM {reader}")  # noqa: S608  (quoted by sql_literal)
    found = {".".join(path): path for path in _record_lists(top.columns, top.types)}
    if records_key is not None:
        if records_key not in found:
            raise BadFile("unknown_json_key", "no list of records under {key}",
                          key=records_key, keys=", ".join(sorted(found)))
        key = records_key
    elif not found:
        raise BadFile("json_no_records", "no key of the JSON object holds a list of records",
                      keys=", ".join(top.columns))
    elif len(found) == 1:
        key = next(iter(found))
    else:  # {"records": [...], "fields": [...]}: the longest list holds the data
        lengths = con.execute("SELECT " + ", ".join(  # noqa: S608  (quoted by sql_identifier)
            f"coalesce(sum(len({_path(p)})), 0)" for p in found.values()) + f" FROM {reader}"
        ).fetchone() or ()
        key = max(zip(found, lengths, strict=True), key=lambda pair: pair[1])[0]
    return f"SELECT r.* FROM (SELECT unnest({_path(found[key])}) AS r FROM {reader})", key  # noqa: S608  (quoted)


def _path(parts: tuple[str, ...]) -> str:
    return ".".join(sql_identifier(part) for part in parts)


def _record_lists(names: list[str], types: list[DuckDBPyType], prefix: tuple[str, ...] = (),
                  depth: int = 0) -> Iterator[tuple[str, ...]]:
    """Keys (two levels deep at most) that hold a list of objects."""
    for name, kind in zip(names, types, strict=True):
        if kind.id == "list" and kind.child.id == "struct":
            yield (*prefix, name)
        elif kind.id == "struct" and depth < 2:
            fields = [(n, t) for n, t in kind.children if isinstance(t, DuckDBPyType)]
            yield from _record_lists([n for n, _ in fields], [t for _, t in fields],
                                     (*prefix, name), depth + 1)


def _has_json(kind: DuckDBPyType) -> bool:
    if str(kind) == "JSON":
        return True
    return kind.id in ("struct", "list", "map", "array", "union") and any(
        isinstance(child, DuckDBPyType) and _has_json(child) for _, child in kind.children)


def _unjson(con: duckdb.DuckDBPyConnection, raw: Path, out: Path) -> tuple[str, ...]:
    """Columns DuckDB typed as JSON (their shape varied) become text: JSON for numbers, objects
    and arrays, the plain value for strings."""
    source = f"read_parquet({sql_literal(str(raw))})"
    relation = con.sql(f"SELECT * FROM {source}")  # noqa: S608  (quoted by sql_literal)
    columns, texts = [], []
    for name, kind in zip(relation.columns, relation.types, strict=True):
        col = sql_identifier(name)
        if str(kind) == "JSON":
            columns.append(f"CASE WHEN json_type({col}) = 'VARCHAR' THEN {col} ->> '$' "
                           f"ELSE {col}::VARCHAR END AS {col}")
        elif _has_json(kind):
            columns.append(f"to_json({col})::VARCHAR AS {col}")
        else:
            columns.append(col)
            continue
        texts.append(name)
    if not texts:
        raw.replace(out)
        return ()
    con.execute(f"COPY (SELECT {', '.join(columns)} FROM {source}) "  # noqa: S608  (quoted)
                f"TO {sql_literal(str(out))} ({WRITE_OPTIONS})")
    return tuple(texts)


# --- saying where a file that DuckDB refused goes wrong --------------------------------------

def _diagnose(path: Path, layout: str, exc: duckdb.Error) -> LakeError:
    problem = _first_bad_utf8_line(path)
    if problem is None:
        scan = {"lines": _scan_lines, "array": _scan_array, "object": _scan_whole}[layout]
        problem = scan(path)
    if problem is not None:
        return problem
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return BadFile("unreadable_json", "the file cannot be read as JSON: {detail}",
                   detail=detail.replace(str(path), path.name)[:300])


def _bad_json(line: int, column: int, detail: str) -> BadFile:
    return BadFile("bad_json", "line {line}, column {column}: {detail}",
                   line=line, column=column, detail=detail)


def _not_object(line: int, record: int, value: Any) -> BadFile:
    found = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
             float: "number"}.get(type(value), "null")
    return BadFile("json_not_records", "line {line}: record {record} is {found}, not an object",
                   line=line, record=record, found=found)


def _first_bad_utf8_line(path: Path) -> LakeError | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                return BadFile("not_utf8", "line {line} is not valid UTF-8: JSON must be UTF-8",
                               line=line)
            line += chunk.count(b"\n")
    return None


def _scan_lines(path: Path) -> LakeError | None:
    records = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                return _bad_json(number, exc.colno, exc.msg)
            records += 1
            if not isinstance(value, dict):
                return _not_object(number, records, value)
    return None if records else BadFile("empty_file", "the file holds no records")


def _scan_whole(path: Path) -> LakeError | None:
    """An object layout is held whole by DuckDB too, so reading it whole here costs no more."""
    try:
        json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        return _bad_json(exc.lineno, exc.colno, exc.msg)
    return None


def _scan_array(path: Path) -> LakeError | None:
    """Walk the array one element at a time, holding one record in memory, not the file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        text = _Window(handle)
        try:
            if text.next_char() != "[":
                return _bad_json(*text.where(), "Expecting '['")
            text.pos += 1
            records = 0
            while text.next_char() != "]" or records:
                line, _ = text.where()
                value = text.value()
                records += 1
                if not isinstance(value, dict):
                    return _not_object(line, records, value)
                char = text.next_char()
                if char == "]":
                    break
                if char != ",":
                    return _bad_json(*text.where(), "Expecting ',' delimiter")
                text.pos += 1
            text.pos += 1
            if text.next_char():
                return _bad_json(*text.where(), "Extra data")
        except _Malformed as exc:
            return _bad_json(exc.line, exc.column, exc.detail)
    return None if records else BadFile("empty_file", "the file holds no records")


class _Window:
    """Enough of a big JSON text to decode one value at a time, with line numbers."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle, self.text, self.pos, self.line, self.eof = handle, "", 0, 1, False

    def _more(self) -> bool:
        chunk = "" if self.eof else self.handle.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.line += self.text.count("\n", 0, self.pos)
        self.text, self.pos = self.text[self.pos:] + chunk, 0
        return True

    def where(self, pos: int | None = None) -> tuple[int, int]:
        pos = self.pos if pos is None else pos
        return (self.line + self.text.count("\n", 0, pos),
                pos - self.text.rfind("\n", 0, pos))

    def next_char(self) -> str:
        """The next non-space character, "" at the end; `pos` is left on it."""
        while (match := NON_SPACE.search(self.text, self.pos)) is None:
            self.pos = len(self.text)
            if not self._more():
                return ""
        self.pos = match.start()
        return self.text[self.pos]

    def value(self) -> Any:
        while True:
            try:
                value, end = DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                line, column = self.where(exc.pos)
                if len(self.text) - self.pos < MAX_RECORD and self._more():
                    continue
                raise _Malformed(line, column, exc.msg) from None
            if end == len(self.text) and self._more():
                continue  # a number cut by the chunk may go on
            self.pos = end
            return value


class _Malformed(Exception):
    def __init__(self, line: int, column: int, detail: str) -> None:
        super().__init__(detail)
        self.line, self.column, self.detail = line, column, detail
