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
table is the one inference over every row gives.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from aqyl.lake.encoding import check_encoding, detect_encoding
from aqyl.lake.errors import BadFile, BadRows, LakeError
from aqyl.lake.parquet import ParquetFile, describe_parquet
from aqyl.lake.parquet_writer import ROW_GROUP_ROWS, write_batches

DELIMITERS = (",", ";", "\t", "|")
TOTAL_WORDS = frozenset({"барлығы", "барлыгы", "итого", "всего", "total", "жиыны"})
DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(?:[ \u00a0]?\d{3})*,\d+$|^-?\d+,\d+$")
# 1 350 000 or 185 500,5: how Kazakh and Russian exports group digits
SPACE_GROUPED = re.compile(r"^-?\d{1,3}(?: \d{3})+(?:[.,]\d+)?$")
LINE_IN_ERROR = re.compile(r"Line: (\d+)")
CHUNK = 4 << 20  # transcoding reads this much at a time
TAIL = 1 << 20  # a totals row is looked for in this much of the end of the file
SAMPLE_ROWS = 20_480  # rows DuckDB's sniffer reads, spread across the file, to infer types
REJECTS_LIMIT = 100_000  # rejected rows recorded per pass; bounds memory on a hopeless file
INTEGERS = frozenset({"BIGINT", "HUGEINT"})  # what the sniffer infers for whole numbers
WIDEN_MARK = "aqyl-widen"
WIDEN_ERROR = re.compile(r"[A-Za-z ]*Error: " + WIDEN_MARK + r" (\d+):(.*)", re.DOTALL)
MAX_LINE = 16 << 20
# DuckDB sizes its read buffers at 16 × the longest line it accepts unless told otherwise:
# 256 MB per buffer for 16 MB lines. 32 MB still holds two of the longest lines.
BUFFER = 32 << 20
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


@dataclass(frozen=True)
class _Dialect:
    delimiter: str
    decimal_comma: bool
    thousands: str | None  # " " when numbers are grouped with spaces
    preamble: int = 0  # lines above the header: a title, a source, blank lines


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
        sample = _sample_lines(text_path)
        delimiter = opts.delimiter or _sniff_delimiter(sample)
        decimal_comma = (opts.decimal_comma if opts.decimal_comma is not None
                         else delimiter != "," and _uses_decimal_comma(sample, delimiter))
        preamble = (opts.header_row - 1 if opts.header_row
                    else _preamble_lines(sample, delimiter))
        dialect = _Dialect(delimiter, decimal_comma,
                           " " if _groups_with_spaces(sample[preamble:], delimiter) else None,
                           preamble)
        result = _ingest_text(text_path, work_dir, opts, owned=transcoded, dialect=dialect,
                              report=meter.phase(size if transcoded else 0, size))
    finally:
        for path in scratch:
            path.unlink(missing_ok=True)
    meter.finish()
    layout, totals_dropped, parquet = result
    return CsvResult(encoding, reason, delimiter, layout.header, decimal_comma,
                     opts.date_format or layout.date_format, totals_dropped, parquet,
                     dialect.thousands, preamble + 1 if preamble else None)


def _ingest_text(text_path: Path, work_dir: Path, opts: CsvOptions, *, owned: bool,
                 dialect: _Dialect, report: Callable[[float], None] | None
                 ) -> tuple[_Layout, bool, ParquetFile]:
    """Sniff, drop a totals row, parse strictly into Parquet, widening columns as needed.
    `owned`: `text_path` is our own copy, which may be cut short."""
    con = duckdb.connect(config={"memory_limit": opts.memory_limit, "threads": opts.threads,
                                 "temp_directory": str(work_dir / "duckdb-tmp")})
    out = work_dir / "data.parquet"
    try:
        # DuckDB's own progress bar would print to the terminal; ours is a callback.
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        try:
            layout = _sniff(con, text_path, dialect, opts)
        except duckdb.Error as exc:
            raise _diagnose(text_path, dialect.delimiter, exc) from exc
        read_path, totals_dropped = text_path, False
        cut = (_totals_row_start(text_path, layout, dialect.delimiter)
               if opts.drop_totals_row else None)
        if cut is not None:
            read_path = _without_tail(text_path, cut, work_dir, owned)
            totals_dropped = True
            try:  # its words no longer make text of a column of numbers or dates
                layout = _sniff(con, read_path, dialect, opts)
            except duckdb.Error as exc:
                raise _diagnose(read_path, dialect.delimiter, exc) from exc
        _copy_widening(con, read_path, out, layout=layout, opts=opts, dialect=dialect,
                       report=report)
        return layout, totals_dropped, describe_parquet(out)
    except BaseException:
        out.unlink(missing_ok=True)  # no half-made version left behind, even when cancelled
        raise
    finally:
        con.close()


def _copy_widening(con: duckdb.DuckDBPyConnection, path: Path, out: Path, *,
                   layout: _Layout, opts: CsvOptions, dialect: _Dialect,
                   report: Callable[[float], None] | None) -> None:
    """Parse `path` into `out`; when a value breaks the sampled type of its column, widen that
    column and parse again. Other rejected rows fail the ingest with their lines."""
    types = list(layout.types)
    fixed = {index for index, name in enumerate(layout.names) if name in opts.column_types}
    for _ in range(3 * len(types) + 1):  # each pass widens a column one step at least
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")
        try:
            _write(con, _select_sql(path, dialect, layout, types=types, fixed=fixed), out, report)
        except duckdb.Error as exc:
            match = WIDEN_ERROR.fullmatch(str(exc))
            index = int(match.group(1)) if match else -1
            if match is None or not 0 <= index < len(types) or types[index] not in INTEGERS:
                raise _diagnose(path, dialect.delimiter, exc) from exc
            types[index] = _wider_integer(con, out.parent, types[index], match.group(2),
                                          dialect)
            continue
        broken = _raise_rejected_rows(con, layout, fixed)
        if not broken:
            return
        for index in broken:  # a date, number or flag that does not parse: keep the text
            types[index] = "VARCHAR"
    raise AssertionError("VARCHAR columns cannot reject a value")  # pragma: no cover


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


def _sample_lines(path: Path, limit: int = 2000) -> list[str]:
    lines: list[str] = []
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        for line in handle:
            lines.append(line)
            if len(lines) >= limit:
                break
    return lines


def _sniff_delimiter(sample: list[str]) -> str:
    """The delimiter that splits the sample into the most consistent number of fields > 1."""
    lines = [line for line in sample if line.strip()]
    if not lines:
        raise BadFile("empty_file", "the file is empty")
    best, best_score = ",", -1.0
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) / len(counts) + (0.01 if common > 1 else 0)
        if common > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


def _preamble_lines(sample: list[str], delimiter: str) -> int:
    """Lines above the header of an export that starts with a title, a source or a date line:
    the leading records holding at most one value, and that one words (a sparse first data
    row, "5;;;", is not a title), before the first record with two or more values."""
    reader = csv.reader(sample, delimiter=delimiter)
    try:
        for record in reader:
            values = [cell for cell in record if cell.strip()]
            if len(values) >= 2:
                return reader.line_num - 1 - _lines_in(record)
            if values and not any(char.isalpha() for char in values[0]):
                return 0
    except csv.Error:
        pass  # an unterminated quote: the strict parse reports it with its line
    return 0


def _lines_in(record: list[str]) -> int:
    """Extra physical lines a record spans (newlines inside quoted values)."""
    return sum(cell.count("\n") for cell in record)


def _cells(sample: list[str], delimiter: str) -> list[str]:
    return [cell.strip() for row in csv.reader(sample, delimiter=delimiter) for cell in row]


def _uses_decimal_comma(sample: list[str], delimiter: str) -> bool:
    return any(DECIMAL_COMMA.match(cell) for cell in _cells(sample, delimiter))


def _groups_with_spaces(sample: list[str], delimiter: str) -> bool:
    """Numbers written 1 350 000: read as numbers, not text. A column of codes with spaces
    (050 000) still stays text: its integers would not print back the same."""
    return delimiter != " " and any(SPACE_GROUPED.match(cell)
                                    for cell in _cells(sample, delimiter))


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
    if opts.header_row:
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
    row = con.execute("SELECT SkipRows, HasHeader, Columns, Comment, DateFormat, "
                      f"TimestampFormat FROM sniff_csv({', '.join(args)})").fetchone()
    if row is None:  # pragma: no cover - sniff_csv answers one row or raises
        raise BadFile("unreadable_csv", "the file cannot be read as CSV: {detail}",
                      detail="nothing sniffed")
    skip, header, columns, comment, date_format, timestamp_format = row
    return _Layout(names=tuple(str(column["name"]) for column in columns),
                   types=tuple(str(column["type"]) for column in columns),
                   header=bool(header), skip=int(skip),
                   comment=None if comment in (None, "(empty)") else str(comment),
                   date_format=str(date_format) if date_format else None,
                   timestamp_format=str(timestamp_format) if timestamp_format else None)


def _select_sql(path: Path, dialect: _Dialect, layout: _Layout, *,
                types: list[str], fixed: set[int]) -> str:
    """A strict read of `path`, every type given, so DuckDB reads the file once.

    DuckDB's reader is lenient with integers where its sniffer is not: it rounds "3.5" to 4
    and reads "007" as 7, where inference over the whole file would have made the column
    DOUBLE or VARCHAR. So a column inferred as integers is read as text and converted only
    when the integer prints back as the same text; any other value stops the read naming the
    column and the value, and the column is widened."""
    checked = [index not in fixed and kind in INTEGERS for index, kind in enumerate(types)]
    read_types = ["VARCHAR" if check else kind for check, kind in zip(checked, types,
                                                                       strict=True)]
    reader = _read_sql(path, dialect, layout, read_types)
    columns = []
    for index, (name, kind) in enumerate(zip(layout.names, types, strict=True)):
        column = '"' + name.replace('"', '""') + '"'
        if checked[index]:
            digits = column
            if dialect.thousands:  # 1 350 000 prints back as 1350000
                digits = f"replace({column}, {_literal(dialect.thousands)}, '')"
            value = f"TRY_CAST({digits} AS {kind})"
            column = (f"CASE WHEN {column} IS NULL THEN NULL "
                      f"WHEN {value}::VARCHAR = {digits} THEN {value} "
                      f"WHEN {value}::VARCHAR = trim({digits}) THEN {value} "
                      f"ELSE error('{WIDEN_MARK} {index}:' || {column}) END AS {column}")
        columns.append(column)
    return f"SELECT {', '.join(columns)} FROM {reader}"  # quoted above


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


def _diagnose(path: Path, delimiter: str, exc: Exception) -> LakeError:
    """Turn a parser failure into a message with the line; re-read with Python when DuckDB
    does not say which line (unterminated quotes)."""
    message = str(exc)
    if "Invalid unicode" in message:
        match = LINE_IN_ERROR.search(message)
        return BadFile("not_utf8", "line {line} is not valid UTF-8: choose the encoding",
                       line=int(match.group(1)) if match else 0)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        try:
            for _ in reader:
                pass
        except csv.Error as error:
            line = reader.line_num
            if "end of data" in str(error):  # Python stops at the end: find where it opened
                line = _open_quote_line(path, delimiter) or line
            return BadFile("unterminated_quote",
                           "a quoted value starting near line {line} is never closed",
                           line=line)
    return BadFile("unreadable_csv", "the file cannot be read as CSV: {detail}",
                   detail=message.splitlines()[0][:300])


def _open_quote_line(path: Path, delimiter: str) -> int | None:
    """The line where a quoted value that is still open at the end of the file starts. Only
    lines with a quote character are looked at letter by letter."""
    open_at: int | None = None
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if '"' not in line:
                continue
            field_start = open_at is None  # a line outside quotes starts a field
            index = 0
            while index < len(line):
                char = line[index]
                if open_at is not None:
                    if char == '"' and line[index + 1:index + 2] == '"':
                        index += 2  # an escaped quote
                        continue
                    if char == '"':
                        open_at, field_start = None, False
                elif char == '"' and field_start:
                    open_at = number
                else:
                    field_start = char == delimiter
                index += 1
    return open_at


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
    if not line or line.count('"') % 2:
        return None  # nothing after the header, or the end of a value spanning lines
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
