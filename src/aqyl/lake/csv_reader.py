"""CSV exports of government systems → one typed Parquet file, streamed with bounded memory.

DuckDB does the heavy lifting (dialect sniffing, type inference, parallel parsing) on UTF-8
input, and its batches are encoded to Parquet on another thread as they come; other encodings
are transcoded first in a streaming pass. Rows that do not fit are never dropped: the ingest
fails and names their lines. A totals row at the bottom is found by reading the end of the
file and left out of the parse.

Types are inferred from rows sampled across the whole file, then the file is parsed once,
strictly, with those types: reading every row to infer them first would read the file twice.
A value the sample did not foresee does not fail the ingest and is not bent to fit: the column
is widened (integers to DOUBLE, anything else to VARCHAR) and the file parsed again, so the
table is the one inference over every row gives. Figures written the local way ("1 234,5" with
no-break spaces, "-" or "н/д" for a missing one) are counted over the whole file in
csv_numbers.py; a header on two rows, when the steward says so, names each column by both.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from aqyl.lake import csv_dialect, csv_numbers
from aqyl.lake.csv_errors import diagnose
from aqyl.lake.csv_numbers import LocalColumn
from aqyl.lake.encoding import check_encoding, detect_encoding
from aqyl.lake.errors import BadFile, BadRows
from aqyl.lake.header_names import unique_names
from aqyl.lake.no_data import GROUP_SPACES, is_no_data
from aqyl.lake.parquet import ParquetFile, describe_parquet
from aqyl.lake.parquet_writer import ROW_GROUP_ROWS, write_batches

TOTAL_WORDS = frozenset({"барлығы", "барлыгы", "итого", "всего", "total", "жиыны"})
CHUNK = 4 << 20  # transcoding reads this much at a time
TAIL = 1 << 20  # a totals row is looked for in this much of the end of the file
TOTALS_LINE = 64 << 10  # a totals row longer than this is no totals row (csv's limit: 128 KB)
SAMPLE_ROWS = 20_480  # rows DuckDB's sniffer reads, spread across the file, to infer types
REJECTS_LIMIT = 100_000  # rejected rows recorded per pass; bounds memory on a hopeless file
INTEGERS = frozenset({"BIGINT", "HUGEINT"})  # what the sniffer infers for whole numbers
WIDEN_MARK = "aqyl-widen"
WIDEN_ERROR = re.compile(r"[A-Za-z ]*Error: " + WIDEN_MARK + r" (\d+):(.*)", re.DOTALL)
# DuckDB sizes its read buffers at 16 × the longest line it accepts unless told otherwise.
# 8 MB buffers are reused by the allocator where 32 MB ones were mapped afresh each time: half
# the page faults, a tenth less time (bench/ingest_csv.py). A buffer must hold two of the
# longest lines: at barely more than one, DuckDB 2.0 silently lost rows at buffer boundaries
# (tests/lake/test_csv_reader.py keeps a file of several buffers whole).
BUFFER = 8 << 20
MAX_LINE = BUFFER // 2  # a row of 4 MB is no table's row
# Rows DuckDB may run ahead of the Parquet writer. Its default (10 MB) is less than one batch,
# so its threads kept stopping while a batch was converted and handed over.
STREAMING_BUFFER = "64MB"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CsvOptions:
    """What the steward may correct after seeing what was understood."""

    encoding: str | None = None
    delimiter: str | None = None
    header: bool | None = None
    decimal_comma: bool | None = None
    date_format: str | None = None
    column_types: dict[str, str] = field(default_factory=dict)
    drop_totals_row: bool = True
    header_row: int | None = None  # 1-based line of the header; None: detect
    header_rows: int | None = None  # 2: a group label line above the labels of its parts
    # DuckDB's buffers. The ordered COPY runs as fast in 512 MB as in 1 GB (measured on a
    # 1 GB export), and the process stays under ~0.5 GB whatever the size of the file.
    memory_limit: str = "512MB"
    threads: int = 2


@dataclass(frozen=True)
class CsvResult:
    encoding: str
    encoding_reason: str
    delimiter: str
    header: bool
    decimal_comma: bool
    date_format: str | None
    totals_row_dropped: bool
    parquet: ParquetFile
    thousands: str | None = None
    header_row: int | None = None  # when lines above the header were left out
    header_rows: int = 1
    null_placeholders: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Dialect:
    delimiter: str
    decimal_comma: bool
    thousands: str | None  # " " when numbers are grouped with spaces
    preamble: int = 0  # lines above the header: a title, a source, blank lines
    names: tuple[str, ...] = ()  # joined from a two-line header, which `preamble` then covers


@dataclass(frozen=True)
class _Layout:
    """What the sniffer understood: how to read the file and the type of every column."""

    names: tuple[str, ...]
    types: tuple[str, ...]
    header: bool
    skip: int
    comment: str | None
    date_format: str | None
    timestamp_format: str | None


class _Meter:
    """Reports progress in bytes of the source, never backwards and never complete early."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, max(total, 1), 0

    def report(self, done: float) -> None:
        done = min(int(done), self.total - 1)
        if self.progress is not None and done > self.done:
            self.done = done
            self.progress(done, self.total)

    def phase(self, start: int, share: int) -> Callable[[float], None] | None:
        """A reporter of the fraction done of a step worth `share` bytes after `start`."""
        if self.progress is None:
            return None
        return lambda fraction: self.report(start + share * fraction)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def ingest_csv(source: Path, work_dir: Path, options: CsvOptions | None = None,
               progress: Progress | None = None) -> CsvResult:
    """Read `source` and write `work_dir/data.parquet`. Nothing outside `work_dir` is touched;
    the caller moves the result into the lake only when everything succeeded."""
    opts = options or CsvOptions()
    size = source.stat().st_size
    if size == 0:
        raise BadFile("empty_file", "the file is empty")
    if opts.header_rows is not None and opts.header_rows not in (1, 2):
        raise BadFile("bad_header_rows", "a header spans 1 or 2 rows, not {rows}",
                      rows=opts.header_rows)
    if opts.encoding:
        encoding, reason = check_encoding(opts.encoding), "chosen by the steward"
    else:
        guess = detect_encoding(source)
        encoding, reason = guess.encoding, guess.reason
    transcoded = encoding not in ("utf-8", "utf-8-sig")
    # Transcoding and parsing each count for the size of the source.
    meter = _Meter(progress, 2 * size if transcoded else size)
    text_path = work_dir / "source.utf8.csv" if transcoded else source
    scratch = [work_dir / name for name in ("source.utf8.csv", "source.trimmed.csv",
                                            "widen.csv")]
    try:
        if transcoded:
            _transcode(source, text_path, encoding, meter)
        sample = csv_dialect.sample_lines(text_path)
        delimiter = opts.delimiter or csv_dialect.sniff_delimiter(sample)
        decimal_comma = (opts.decimal_comma if opts.decimal_comma is not None else
                         delimiter != "," and csv_dialect.uses_decimal_comma(sample, delimiter))
        preamble = (opts.header_row - 1 if opts.header_row
                    else csv_dialect.preamble_lines(sample, delimiter))
        names, header_lines = ((), 0) if opts.header_rows != 2 else csv_dialect.two_line_header(
            sample[preamble:], delimiter, preamble + 1)
        grouped = csv_dialect.groups_with_spaces(sample[preamble:], delimiter)
        dialect = _Dialect(delimiter, decimal_comma, " " if grouped else None,
                           preamble + header_lines, names)
        result = _ingest_text(text_path, work_dir, opts, owned=transcoded, dialect=dialect,
                              sample=sample, report=meter.phase(size if transcoded else 0, size))
    finally:
        for path in scratch:
            path.unlink(missing_ok=True)
    meter.finish()
    layout, totals_dropped, parquet, local = result
    nulls = {layout.names[index]: column.marks for index, column in sorted(local.items())
             if column.marks}
    thousands = dialect.thousands or (" " if any(c.grouped for c in local.values()) else None)
    return CsvResult(encoding, reason, delimiter, layout.header or bool(names), decimal_comma,
                     opts.date_format or layout.date_format, totals_dropped, parquet,
                     thousands, preamble + 1 if preamble else None, 2 if names else 1, nulls)


def _ingest_text(text_path: Path, work_dir: Path, opts: CsvOptions, *, owned: bool,
                 dialect: _Dialect, sample: list[str], report: Callable[[float], None] | None
                 ) -> tuple[_Layout, bool, ParquetFile, dict[int, LocalColumn]]:
    """Sniff, drop a totals row, parse strictly into Parquet, widening columns as needed.
    `owned`: `text_path` is our own copy, which may be cut short."""
    con = duckdb.connect(config={"memory_limit": opts.memory_limit, "threads": opts.threads,
                                 "temp_directory": str(work_dir / "duckdb-tmp")})
    out = work_dir / "data.parquet"
    try:
        # DuckDB's own progress bar would print to the terminal; ours is a callback.
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        con.execute(f"SET streaming_buffer_size = '{STREAMING_BUFFER}'")
        try:
            layout = _sniff(con, text_path, dialect, opts)
        except duckdb.Error as exc:
            raise diagnose(text_path, dialect.delimiter, exc, MAX_LINE) from exc
        read_path, totals_dropped = text_path, False
        cut = (_totals_row_start(text_path, layout, dialect.delimiter)
               if opts.drop_totals_row else None)
        if cut is not None:
            read_path = _without_tail(text_path, cut, work_dir, owned)
            totals_dropped = True
            try:  # its words no longer make text of a column of numbers or dates
                layout = _sniff(con, read_path, dialect, opts)
            except duckdb.Error as exc:
                raise diagnose(read_path, dialect.delimiter, exc, MAX_LINE) from exc
        plan = _Plan(layout, opts)
        records = csv_numbers.sample_records(
            sample, delimiter=dialect.delimiter, skip=layout.skip, header=layout.header,
            width=len(layout.types), complete=len(sample) < csv_dialect.SAMPLE_LINES)
        for index in csv_numbers.identifiers(records, layout.types) - plan.fixed:
            plan.types[index] = "VARCHAR"  # IINs and BINs: identifiers, not quantities
        plan.count(con, read_path, dialect, csv_numbers.candidates(
            records, layout.types, decimal_comma=dialect.decimal_comma) - plan.fixed)
        _copy_widening(con, read_path, out, plan=plan, dialect=dialect, report=report)
        return layout, totals_dropped, describe_parquet(out), plan.local
    except BaseException:
        out.unlink(missing_ok=True)  # no half-made version left behind, even when cancelled
        raise
    finally:
        con.close()


class _Plan:
    """How each column is read: its type, or as figures written the local way (`local`);
    `fixed` columns have the type the steward chose."""

    def __init__(self, layout: _Layout, opts: CsvOptions) -> None:
        self.layout = layout
        self.types = list(layout.types)
        self.fixed = {index for index, name in enumerate(layout.names)
                      if name in opts.column_types}
        self.local: dict[int, LocalColumn] = {}

    def count(self, con: duckdb.DuckDBPyConnection, path: Path, dialect: _Dialect,
              columns: set[int]) -> set[int]:
        """Read `columns` as local figures where the whole file allows; returns the others."""
        if not columns:
            return set()
        reader = _read_sql(path, dialect, self.layout, ["VARCHAR"] * len(self.types))
        found = csv_numbers.count_columns(con, reader, self.layout.names, columns,
                                          decimal_comma=dialect.decimal_comma)
        self.local.update(found)
        for index in found:
            self.types[index] = found[index].kind
        return columns - set(found)


def _copy_widening(con: duckdb.DuckDBPyConnection, path: Path, out: Path, *, plan: _Plan,
                   dialect: _Dialect, report: Callable[[float], None] | None) -> None:
    """Parse `path` into `out`; when a value breaks the sampled type of its column, widen that
    column and parse again. Other rejected rows fail the ingest with their lines. A column of
    figures that meets a "no data" mark or a figure grouped by no-break spaces is counted over
    the whole file first: it may be local figures rather than text."""
    types, local, layout = plan.types, plan.local, plan.layout
    figure = re.compile(csv_numbers.number_pattern(dialect.decimal_comma))
    for _ in range(3 * len(types) + 1):  # each pass widens a column one step at least
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")
        try:
            _write(con, _select_sql(path, dialect, layout, plan), out, report)
        except duckdb.Error as exc:
            match = WIDEN_ERROR.fullmatch(str(exc))
            index = int(match.group(1)) if match else -1
            if match is None or not 0 <= index < len(types) or (
                    types[index] not in INTEGERS and index not in local):
                raise diagnose(path, dialect.delimiter, exc, MAX_LINE) from exc
            value = match.group(2).strip()
            if index in local:  # a value the count did not foresee: keep the text
                del local[index]
                types[index] = "VARCHAR"
            elif not (_local_figure(value, figure)
                      and not plan.count(con, path, dialect, {index})):
                types[index] = _wider_integer(con, out.parent, types[index], value, dialect)
            continue
        broken = _raise_rejected_rows(con, layout, plan.fixed)
        if not broken:
            return
        figures = {index for index in broken if types[index] == "DOUBLE"}
        for index in broken - figures | plan.count(con, path, dialect, figures):
            types[index] = "VARCHAR"  # a date, number or flag that does not parse: the text
    raise AssertionError("VARCHAR columns cannot reject a value")  # pragma: no cover


def _local_figure(value: str, figure: re.Pattern[str]) -> bool:
    """A "no data" mark, or a figure grouped by spaces DuckDB does not take for thousands."""
    return is_no_data(value) or (figure.fullmatch(value) is not None
                                 and any(space in value for space in GROUP_SPACES))


def _write(con: duckdb.DuckDBPyConnection, select: str, out: Path,
           report: Callable[[float], None] | None) -> None:
    """Stream the rows of `select` into `out`, reporting DuckDB's progress between batches on
    the caller's thread (a Django task writes progress to its database from there); a callback
    that raises (a cancelled task) stops the read."""
    reader = con.sql(select).to_arrow_reader(ROW_GROUP_ROWS)

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in reader:
            yield batch
            if report is not None and (percent := con.query_progress()) > 0:
                report(min(percent, 100.0) / 100)

    try:
        write_batches(batches(), reader.schema, out)
    except OSError as exc:  # pyarrow's wrapping of an error DuckDB raised mid-stream
        if "Error: " not in str(exc):
            raise
        raise duckdb.Error(str(exc)) from exc


def _transcode(source: Path, target: Path, encoding: str, meter: _Meter) -> None:
    """Stream `source` to UTF-8; an undecodable byte is reported with its line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    done = 0
    line = 1
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk.count(b"\n", 0, exc.start)
                raise BadFile("undecodable", "byte {byte} on line {line} is not {encoding}",
                              byte=f"0x{chunk[exc.start]:02x}", line=line,
                              encoding=encoding) from None
            line += chunk.count(b"\n")
            dst.write(text.encode("utf-8"))
            done += len(chunk)
            meter.report(done)
        dst.write(decoder.decode(b"", final=True).encode("utf-8"))


COLUMN_TYPES = frozenset({"VARCHAR", "BIGINT", "INTEGER", "DOUBLE", "DECIMAL(18,3)", "BOOLEAN",
                          "DATE", "TIMESTAMP", "TIME"})


def _literal(value: str) -> str:
    """A SQL string literal; DuckDB cannot prepare parameters inside a view definition."""
    if "\x00" in value:
        raise BadFile("nul_in_option", "an option contains a NUL character")
    return "'" + value.replace("'", "''") + "'"


def _dialect_args(path: Path, dialect: _Dialect) -> list[str]:
    args = [_literal(str(path)), f"delim = {_literal(dialect.delimiter)}", "quote = '\"'",
            "escape = '\"'", f"max_line_size = {MAX_LINE}", f"buffer_size = {BUFFER}"]
    if dialect.decimal_comma:
        args.append("decimal_separator = ','")
    if dialect.thousands:
        args.append(f"thousands = {_literal(dialect.thousands)}")
    return args


def _sniff(con: duckdb.DuckDBPyConnection, path: Path, dialect: _Dialect,
           opts: CsvOptions) -> _Layout:
    """Dialect, header, date formats and column types from rows sampled across the file."""
    args = [*_dialect_args(path, dialect), f"sample_size = {SAMPLE_ROWS}",
            "store_rejects = true"]  # a ragged row in the sample is reported later, by line
    if dialect.preamble:
        args.append(f"skip = {dialect.preamble}")
    if dialect.names:  # the header's two lines are skipped: name the columns found below
        width = len(_sniff_row(con, [*args, "header = false"])[2])
        labelled = len(dialect.names)
        if labelled > width:
            raise BadFile("ragged_header", "the header on lines {first}–{last} names "
                          "{labels} columns, but the rows below hold {columns} values",
                          first=dialect.preamble - 1, last=dialect.preamble, labels=labelled,
                          columns=width)
        names = unique_names([*dialect.names, *[""] * (width - labelled)])
        args += ["header = false",
                 f"names = [{', '.join(_literal(name) for name in names)}]"]
    elif opts.header_row:
        args.append("header = true")
    elif opts.header is not None:
        args.append(f"header = {'true' if opts.header else 'false'}")
    if opts.date_format:
        args.append(f"dateformat = {_literal(opts.date_format)}")
    if opts.column_types:
        for name, kind in opts.column_types.items():
            if kind.upper() not in COLUMN_TYPES:
                raise BadFile("unknown_type", "column {column}: unknown type {type}",
                              column=name, type=kind)
        pairs = ", ".join(f"{_literal(name)}: {_literal(kind.upper())}"
                          for name, kind in opts.column_types.items())
        args.append(f"types = {{{pairs}}}")
    skip, header, columns, comment, date_format, timestamp_format = _sniff_row(con, args)
    return _Layout(names=tuple(str(column["name"]) for column in columns),
                   types=tuple(str(column["type"]) for column in columns),
                   header=bool(header), skip=int(skip),
                   comment=None if comment in (None, "(empty)") else str(comment),
                   date_format=str(date_format) if date_format else None,
                   timestamp_format=str(timestamp_format) if timestamp_format else None)


def _sniff_row(con: duckdb.DuckDBPyConnection, args: list[str]) -> tuple[Any, ...]:
    row = con.execute("SELECT SkipRows, HasHeader, Columns, Comment, DateFormat, "
                      f"TimestampFormat FROM sniff_csv({', '.join(args)})").fetchone()
    if row is None:  # pragma: no cover - sniff_csv answers one row or raises
        raise BadFile("unreadable_csv", "the file cannot be read as CSV: {detail}",
                      detail="nothing sniffed")
    return tuple(row)


def _select_sql(path: Path, dialect: _Dialect, layout: _Layout, plan: _Plan) -> str:
    """A strict read of `path`, every type given, so DuckDB reads the file once.

    DuckDB's reader is lenient with integers where its sniffer is not: it rounds "3.5" to 4
    and reads "007" as 7, where inference over the whole file would have made the column
    DOUBLE or VARCHAR. So a column inferred as integers is read as text and converted only
    when the integer prints back as the same text; any other value stops the read naming the
    column and the value, and the column is widened. The integer is parsed once, in an inner
    projection: spelling the cast in each branch parsed it twice (a tenth of the read's CPU)."""
    types, local = plan.types, plan.local
    checked = [index not in plan.fixed and index not in local and kind in INTEGERS
               for index, kind in enumerate(types)]
    read_types = ["VARCHAR" if check or index in local else kind
                  for index, (check, kind) in enumerate(zip(checked, types, strict=True))]
    reader = _read_sql(path, dialect, layout, read_types)
    prefix = "aqyl#"
    while any(name.startswith(prefix) for name in layout.names):
        prefix += "#"
    inner, outer = [], []
    for index, (name, kind) in enumerate(zip(layout.names, types, strict=True)):
        column = '"' + name.replace('"', '""') + '"'
        inner.append(column)
        if index in local:
            expression = csv_numbers.read_expression(
                column, local[index], decimal_comma=dialect.decimal_comma,
                on_error=f"error('{WIDEN_MARK} {index}:' || {column})")
            outer.append(f"{expression} AS {column}")
        elif checked[index]:
            digits = column
            if dialect.thousands:  # 1 350 000 prints back as 1350000
                digits = f'"{prefix}d{index}"'
                inner.append(f"replace({column}, {_literal(dialect.thousands)}, '') AS {digits}")
            value = f'"{prefix}{index}"'
            inner.append(f"TRY_CAST({digits} AS {kind}) AS {value}")
            outer.append(f"if({column} IS NULL OR {value}::VARCHAR = {digits} "
                         f"OR {value}::VARCHAR = trim({digits}), {value}, "
                         f"error('{WIDEN_MARK} {index}:' || {column})) AS {column}")
        else:
            outer.append(column)
    return (f"SELECT {', '.join(outer)} "  # every name quoted above
            f"FROM (SELECT {', '.join(inner)} FROM {reader})")


def _read_sql(path: Path, dialect: _Dialect, layout: _Layout,
              types: list[str]) -> str:
    columns = ", ".join(f"{_literal(name)}: {_literal(kind)}"
                        for name, kind in zip(layout.names, types, strict=True))
    args = [*_dialect_args(path, dialect), "auto_detect = false",
            f"header = {'true' if layout.header else 'false'}", f"skip = {layout.skip}",
            f"columns = {{{columns}}}", "store_rejects = true",
            f"rejects_limit = {REJECTS_LIMIT}", "strict_mode = true"]
    if layout.comment:
        args.append(f"comment = {_literal(layout.comment)}")
    if layout.date_format:
        args.append(f"dateformat = {_literal(layout.date_format)}")
    if layout.timestamp_format:
        args.append(f"timestampformat = {_literal(layout.timestamp_format)}")
    return f"read_csv({', '.join(args)})"


def _raise_rejected_rows(con: duckdb.DuckDBPyConnection, layout: _Layout,
                         fixed: set[int]) -> set[int]:
    """Fail on rows that cannot fit; return the (0-based) columns whose sampled type some
    value broke, which a wider type will take."""
    total = con.execute("SELECT count(*) FROM reject_errors").fetchone()[0]  # type: ignore[index]
    if not total:
        return set()
    encoding_line = con.execute(
        "SELECT min(line) FROM reject_errors WHERE error_type::VARCHAR ILIKE '%ENCODING%' "
        "OR error_type::VARCHAR ILIKE '%UNICODE%'").fetchone()[0]  # type: ignore[index]
    if encoding_line is not None:
        raise BadFile("not_utf8", "line {line} is not valid UTF-8: choose the encoding",
                      line=int(encoding_line))
    # column_idx counts from 1; a type the steward chose is not second-guessed
    widenable = [index + 1 for index in range(len(layout.names)) if index not in fixed]
    bad = ("error_type::VARCHAR <> 'CAST' OR column_idx NOT IN "
           f"({', '.join(str(index) for index in widenable) or 'NULL'})")
    rows = con.execute(
        "SELECT line, any_value(column_idx), any_value(column_name), "
        f"any_value(error_type::VARCHAR), any_value(csv_line) FROM reject_errors WHERE {bad} "
        "GROUP BY line ORDER BY line LIMIT 50"
    ).fetchall()
    if rows:
        lines = con.execute("SELECT count(DISTINCT line) FROM reject_errors "
                            f"WHERE {bad}").fetchone()[0]  # type: ignore[index]
        raise BadRows([{"line": int(line), "column": column, "column_name": name,
                        "error": str(kind).lower().replace(" ", "_"), "text": str(text)[:200]}
                       for line, column, name, kind, text in rows], int(lines))
    broken = con.execute("SELECT DISTINCT column_idx FROM reject_errors").fetchall()
    return {int(index) - 1 for (index,) in broken}


def _wider_integer(con: duckdb.DuckDBPyConnection, work_dir: Path, kind: str, value: str,
                   dialect: _Dialect) -> str:
    """The type for an integer column that met `value`: what the sniffer makes of the value,
    read the same way as the file, when that is a wider number, else VARCHAR."""
    sample = work_dir / "widen.csv"
    quoted = '"' + value.replace('"', '""') + '"\n'
    sample.write_text(quoted * 2, encoding="utf-8")
    args = [*_dialect_args(sample, dialect), "header = false", "sample_size = -1"]
    try:
        row = con.execute(f"SELECT Columns FROM sniff_csv({', '.join(args)})").fetchone()
    except duckdb.Error:
        return "VARCHAR"
    found = str(row[0][0]["type"]) if row and len(row[0]) == 1 else "VARCHAR"
    if found == "HUGEINT" and kind == "BIGINT":
        return found
    return "DOUBLE" if found == "DOUBLE" else "VARCHAR"


def _totals_row_start(path: Path, layout: _Layout, delimiter: str) -> int | None:
    """Where the last row starts when it is a totals row ("Барлығы", "Итого"), read from the
    end of the file before parsing it, so the parse can leave it out.

    It is one when its first text cell is a totals word: cells of number or date columns are
    passed over, an empty one too. A last row that does not have the table's number of cells
    is not taken for one; the parse reports it like any other ragged row."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        for _ in range(layout.skip + layout.header):
            handle.readline()
        data_start = handle.tell()
        handle.seek(max(data_start, size - TAIL))
        tail_start = handle.tell()
        body = handle.read().rstrip(b"\r\n")
    line_start = body.rfind(b"\n") + 1
    if line_start == 0 and tail_start > data_start:
        return None  # the last line is longer than the tail: not a totals row
    line = body[line_start:].decode("utf-8-sig", errors="replace")
    if not line or line.count('"') % 2 or len(line) > TOTALS_LINE:
        return None  # nothing after the header, the end of a value spanning lines, a long row
    cells = next(csv.reader([line], delimiter=delimiter, quotechar='"', doublequote=True))
    if len(cells) != len(layout.types):
        return None
    for cell, kind in zip(cells, layout.types, strict=True):
        text = cell.strip()
        if text.rstrip(":").casefold() in TOTAL_WORDS:
            return tail_start + line_start
        if text and kind == "VARCHAR":
            return None
    return None


def _without_tail(path: Path, cut: int, work_dir: Path, owned: bool) -> Path:
    """`path` without its bytes from `cut` on: truncated when it is our own transcoded copy,
    else copied by the kernel (no pass through Python) into `work_dir`."""
    if owned:
        os.truncate(path, cut)
        return path
    target = work_dir / "source.trimmed.csv"
    with path.open("rb") as src, target.open("wb") as dst:
        left = cut
        try:
            while left > 0:
                copied = os.copy_file_range(src.fileno(), dst.fileno(), left)
                if copied == 0:
                    break
                left -= copied
        except OSError:  # a file system that cannot: copy through user space
            src.seek(cut - left)
            dst.seek(cut - left)
            while left > 0 and (chunk := src.read(min(CHUNK, left))):
                dst.write(chunk)
                left -= len(chunk)
    if left:
        raise BadFile("unreadable_csv", "the file cannot be read as CSV: {detail}",
                      detail="it changed while being read")
    return target
