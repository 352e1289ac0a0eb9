"""CSV exports of government systems → one typed Parquet file, streamed with bounded memory.

DuckDB does the heavy lifting (dialect sniffing, type inference over the whole file, parallel
parsing, Parquet writing) on UTF-8 input; other encodings are transcoded first in a streaming
pass. Rows that do not fit are never dropped: the ingest fails and names their lines.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from aqyl.lake.encoding import check_encoding, detect_encoding
from aqyl.lake.errors import BadFile, BadRows, LakeError
from aqyl.lake.parquet import ParquetFile, describe_parquet

DELIMITERS = (",", ";", "\t", "|")
TOTAL_WORDS = frozenset({"барлығы", "барлыгы", "итого", "всего", "total", "жиыны"})
DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(?:[ \u00a0]?\d{3})*,\d+$|^-?\d+,\d+$")
LINE_IN_ERROR = re.compile(r"Line: (\d+)")
CHUNK = 1 << 20
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
    memory_limit: str = "1GB"
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


def ingest_csv(source: Path, work_dir: Path, options: CsvOptions | None = None,
               progress: Progress | None = None) -> CsvResult:
    """Read `source` and write `work_dir/data.parquet`. Nothing outside `work_dir` is touched;
    the caller moves the result into the lake only when everything succeeded."""
    opts = options or CsvOptions()
    if source.stat().st_size == 0:
        raise BadFile("empty_file", "the file is empty")
    if opts.encoding:
        encoding, reason = check_encoding(opts.encoding), "chosen by the steward"
    else:
        guess = detect_encoding(source)
        encoding, reason = guess.encoding, guess.reason
    text_path = source
    if encoding not in ("utf-8", "utf-8-sig"):
        text_path = work_dir / "source.utf8.csv"
        _transcode(source, text_path, encoding, progress)
    sample = _sample_lines(text_path)
    delimiter = opts.delimiter or _sniff_delimiter(sample)
    decimal_comma = (opts.decimal_comma if opts.decimal_comma is not None
                     else delimiter != "," and _uses_decimal_comma(sample, delimiter))
    con = duckdb.connect(config={"memory_limit": opts.memory_limit, "threads": opts.threads,
                                 "temp_directory": str(work_dir / "duckdb-tmp")})
    out = work_dir / "data.parquet"
    try:
        # One pass over the CSV: parse, type and write. Rejected rows are collected, not lost.
        try:
            reader = _read_sql(text_path, delimiter, opts, decimal_comma)
            con.execute(f"COPY (SELECT * FROM {reader}) TO {_literal(str(out))} "
                        "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)")
        except duckdb.Error as exc:
            raise _diagnose(text_path, delimiter, exc) from exc
        _raise_rejected_rows(con)
        sniffed_header, sniffed_date_format = _sniff_header_and_dates(con, text_path, delimiter)
        header = opts.header if opts.header is not None else sniffed_header
        date_format = opts.date_format or sniffed_date_format
        drop_totals = opts.drop_totals_row and _drop_totals_row(con, out, work_dir)
    except LakeError:
        out.unlink(missing_ok=True)  # no half-made version left behind
        raise
    finally:
        con.close()
    if progress is not None:
        size = source.stat().st_size
        progress(size, size)
    return CsvResult(encoding, reason, delimiter, header, decimal_comma, date_format,
                     drop_totals, describe_parquet(out))


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _transcode(source: Path, target: Path, encoding: str, progress: Progress | None) -> None:
    """Stream `source` to UTF-8; an undecodable byte is reported with its line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    total = source.stat().st_size
    done = 0
    line = 1
    with source.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                raise BadFile("undecodable", "byte {byte} on line {line} is not {encoding}",
                              byte=f"0x{chunk[exc.start]:02x}", line=line,
                              encoding=encoding) from None
            line += chunk.count(b"\n")
            dst.write(text)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        dst.write(decoder.decode(b"", final=True))


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


def _uses_decimal_comma(sample: list[str], delimiter: str) -> bool:
    cells = [cell.strip() for row in csv.reader(sample, delimiter=delimiter) for cell in row]
    return any(DECIMAL_COMMA.match(cell) for cell in cells)


COLUMN_TYPES = frozenset({"VARCHAR", "BIGINT", "INTEGER", "DOUBLE", "DECIMAL(18,3)", "BOOLEAN",
                          "DATE", "TIMESTAMP", "TIME"})


def _literal(value: str) -> str:
    """A SQL string literal; DuckDB cannot prepare parameters inside a view definition."""
    if "\x00" in value:
        raise BadFile("nul_in_option", "an option contains a NUL character")
    return "'" + value.replace("'", "''") + "'"


def _read_sql(path: Path, delimiter: str, opts: CsvOptions, decimal_comma: bool) -> str:
    args = [_literal(str(path)), f"delim = {_literal(delimiter)}", "quote = '\"'",
            "escape = '\"'", "sample_size = -1", "store_rejects = true", "strict_mode = true",
            "max_line_size = 16777216"]
    if decimal_comma:
        args.append("decimal_separator = ','")
    if opts.header is not None:
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
    return f"read_csv({', '.join(args)})"


def _raise_rejected_rows(con: duckdb.DuckDBPyConnection) -> None:
    total = con.execute("SELECT count(*) FROM reject_errors").fetchone()[0]  # type: ignore[index]
    if not total:
        return
    encoding_line = con.execute(
        "SELECT min(line) FROM reject_errors WHERE error_type::VARCHAR ILIKE '%ENCODING%' "
        "OR error_type::VARCHAR ILIKE '%UNICODE%'").fetchone()[0]  # type: ignore[index]
    if encoding_line is not None:
        raise BadFile("not_utf8", "line {line} is not valid UTF-8: choose the encoding",
                      line=int(encoding_line))
    rows = con.execute(
        "SELECT line, any_value(column_idx), any_value(column_name), "
        "any_value(error_type::VARCHAR), any_value(csv_line) FROM reject_errors "
        "GROUP BY line ORDER BY line LIMIT 50"
    ).fetchall()
    lines = con.execute("SELECT count(DISTINCT line) FROM reject_errors").fetchone()[0]  # type: ignore[index]
    raise BadRows([{"line": int(line), "column": column, "column_name": name,
                    "error": str(kind).lower().replace(" ", "_"), "text": str(text)[:200]}
                   for line, column, name, kind, text in rows], int(lines))


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
        except csv.Error:
            return BadFile("unterminated_quote",
                           "a quoted value starting near line {line} is never closed",
                           line=reader.line_num)
    return BadFile("unreadable_csv", "the file cannot be read as CSV: {detail}",
                   detail=message.splitlines()[0][:300])


def _sniff_header_and_dates(con: duckdb.DuckDBPyConnection, path: Path, delimiter: str
                            ) -> tuple[bool, str | None]:
    """What DuckDB's sniffer saw in the first rows, for the steward to confirm or correct."""
    row = con.execute("SELECT HasHeader, DateFormat FROM sniff_csv(?, delim = ?, "
                      "sample_size = 20480)", [str(path), delimiter]).fetchone()
    if row is None:
        return True, None
    return bool(row[0]), str(row[1]) if row[1] else None


def _drop_totals_row(con: duckdb.DuckDBPyConnection, out: Path, work_dir: Path) -> bool:
    """When the last row is a totals row ("Барлығы", "Итого"), rewrite the file without it."""
    source = f"read_parquet({_literal(str(out))})"
    total = con.execute(f"SELECT count(*) FROM {source}").fetchone()[0]  # type: ignore[index]
    if not total:
        return False
    row = con.execute(f"SELECT * FROM {source} LIMIT 1 OFFSET {int(total) - 1}").fetchone()
    first_text = next((cell for cell in row or () if isinstance(cell, str) and cell.strip()),
                      None)
    if first_text is None or first_text.strip().rstrip(":").casefold() not in TOTAL_WORDS:
        return False
    trimmed = work_dir / "data.trimmed.parquet"
    con.execute(f"COPY (SELECT * FROM {source} LIMIT {int(total) - 1}) TO "
                f"{_literal(str(trimmed))} (FORMAT parquet, COMPRESSION zstd, "
                "ROW_GROUP_SIZE 122880)")
    trimmed.replace(out)
    return True
