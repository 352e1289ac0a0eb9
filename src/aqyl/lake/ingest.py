"""The one way a file or a database table becomes a dataset version's Parquet file.

`ingest_file` finds the format (by content first: an upload's name often lies), hands the file
to its reader and returns what was understood (encoding, sheet, header row, layout…) for the
steward to confirm or correct, with the Parquet written to `work_dir/data.parquet`. On failure
`work_dir` is left as the caller made it.
"""

from __future__ import annotations

import codecs
import json
import shutil
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aqyl.lake import excel_reader, json_reader, local_types, parquet_reader, postgres_reader
from aqyl.lake.csv_reader import CsvOptions, ingest_csv
from aqyl.lake.errors import BadFile
from aqyl.lake.parquet import ParquetFile, describe_parquet

Progress = Callable[[int, int], None]
FORMATS = frozenset({"csv", "xlsx", "xlsb", "xls", "ods", "json", "jsonl", "parquet"})
SPREADSHEETS = frozenset({"xlsx", "xlsb", "xls", "ods"})
BY_EXTENSION = {"csv": "csv", "tsv": "csv", "txt": "csv", "xlsx": "xlsx", "xlsm": "xlsx",
                "xlsb": "xlsb", "xls": "xls", "ods": "ods", "json": "json", "jsonl": "jsonl",
                "ndjson": "jsonl", "parquet": "parquet"}
TEXT_EXTENSIONS = frozenset({"", "csv", "tsv", "txt", "json", "jsonl", "ndjson"})
HEAD_BYTES = 64 * 1024
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # xls, and also encrypted xlsx
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# DuckDB's share of a worker; not an option: options come from stewards' forms
MEMORY_LIMIT, THREADS = "512MB", 2  # measured as fast as 1GB, with half the peak
# control bytes that never occur in text, in any of the encodings csv_reader reads
BINARY_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1a") + b"\x7f"


@dataclass(frozen=True)
class IngestOptions:
    """What the steward may correct after seeing `IngestResult.understood`."""

    format: str | None = None  # None: detect
    encoding: str | None = None  # CSV
    delimiter: str | None = None
    header: bool | None = None
    decimal_comma: bool | None = None
    date_format: str | None = None
    sheet: str | None = None  # spreadsheets
    header_row: int | None = None  # 1-based, as Excel numbers rows; None: detect
    header_rows: int | None = None  # rows the header spans (1 or 2); None: detect
    json_records_key: str | None = None  # JSON object layout: "data", "result.records"
    column_types: dict[str, str] = field(default_factory=dict)  # csv_reader.COLUMN_TYPES
    drop_totals_row: bool = True


@dataclass(frozen=True)
class IngestResult:
    format: str
    understood: dict[str, Any]  # JSON-serialisable
    parquet: ParquetFile


def detect_format(path: Path, filename: str) -> str:
    """The format by magic bytes first, the file name's extension second."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head:
        raise BadFile("empty_file", "the file is empty")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(path, extension, filename)
    if head.startswith(OLE2):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        return _json_or_lines(text, extension)
    if _looks_binary(head):
        if extension in TEXT_EXTENSIONS:
            raise BadFile("binary_file", "the file holds binary data, not text")
        raise BadFile("unknown_format", "{filename} is not CSV, Excel, JSON or Parquet",
                      filename=filename)
    if text.startswith(b"<"):
        lowered = text[:1024].lower()
        if any(tag in lowered for tag in (b"<html", b"<!doctype html", b"<table")):
            raise BadFile("html_file", "{filename} is a web page, not a table: open it in a "
                          "spreadsheet program and save it as .xlsx", filename=filename)
        raise BadFile("unknown_format", "{filename} is not CSV, Excel, JSON or Parquet",
                      filename=filename)
    by_extension = BY_EXTENSION.get(extension, "csv")
    # text named .xls is a CSV export that was given a spreadsheet's name
    return "csv" if by_extension in SPREADSHEETS else by_extension


def ingest_file(source: Path, work_dir: Path, options: IngestOptions | None = None,
                progress: Progress | None = None, filename: str | None = None) -> IngestResult:
    """Read `source` (named `filename` by its uploader) into `work_dir/data.parquet`."""
    opts = options or IngestOptions()
    if source.stat().st_size == 0:
        raise BadFile("empty_file", "the file is empty")
    out = work_dir / "data.parquet"
    if source.resolve() == out.resolve():
        raise ValueError("the source must not be the output path")
    fmt = opts.format.lower() if opts.format else detect_format(source, filename or source.name)
    if fmt == "xlsm":
        fmt = "xlsx"
    if fmt not in FORMATS:
        raise BadFile("unknown_format", "{filename} is not CSV, Excel, JSON or Parquet",
                      filename=filename or source.name)
    with _clean_on_failure(work_dir):
        if fmt == "csv" or fmt in SPREADSHEETS:
            read = (_csv(source, work_dir, opts, progress) if fmt == "csv"
                    else _spreadsheet(fmt, source, work_dir, opts, progress))
            _no_unknown_columns(opts, read.parquet)
            return read
        if fmt == "parquet":
            parquet = parquet_reader.ingest_parquet(source, work_dir, memory_limit=MEMORY_LIMIT,
                                                    threads=THREADS, progress=progress)
            understood: dict[str, Any] = {"created_by": parquet.created_by,
                                          "row_groups": parquet.row_groups}
        else:
            result = json_reader.ingest_json(
                source, work_dir, lines=fmt == "jsonl", records_key=opts.json_records_key,
                memory_limit=MEMORY_LIMIT, threads=THREADS, progress=progress)
            understood = {"layout": result.layout, "records_key": result.records_key,
                          "json_text_columns": list(result.json_text_columns)}
            local = local_types.retype_local_text(
                out, work_dir, skip=frozenset(name.casefold() for name in opts.column_types),
                memory_limit=MEMORY_LIMIT, threads=THREADS)
            if local:
                understood["local_types"] = local
        if opts.column_types:
            parquet_reader.retype_parquet(out, opts.column_types, work_dir,
                                          memory_limit=MEMORY_LIMIT, threads=THREADS)
            understood["column_types"] = dict(opts.column_types)
        return IngestResult(fmt, understood, describe_parquet(out))


def _no_unknown_columns(opts: IngestOptions, parquet: ParquetFile) -> None:
    """A type given for a column the file does not have is a mistake (a typo, another
    file's column), not something to ignore."""
    names = {column.name for column in parquet.columns}
    for name in opts.column_types:
        if name not in names:
            raise BadFile("unknown_column", "there is no column {column}", column=name)


def ingest_postgres(dsn: str, work_dir: Path, *, table: str | None = None,
                    query: str | None = None, progress: Progress | None = None) -> IngestResult:
    """Copy a table or a read-only query's result into `work_dir/data.parquet`."""
    with _clean_on_failure(work_dir):
        result = postgres_reader.ingest_postgres(dsn, work_dir, table=table, query=query,
                                                 progress=progress)
    understood: dict[str, Any] = {"database": result.database}
    understood.update({"table": result.table} if result.table else {"query": result.query})
    return IngestResult("postgres", understood, result.parquet)


def _csv(source: Path, work_dir: Path, opts: IngestOptions, progress: Progress | None
         ) -> IngestResult:
    result = ingest_csv(source, work_dir, CsvOptions(
        encoding=opts.encoding, delimiter=opts.delimiter, header=opts.header,
        decimal_comma=opts.decimal_comma, date_format=opts.date_format,
        column_types=dict(opts.column_types), drop_totals_row=opts.drop_totals_row,
        header_row=opts.header_row, header_rows=opts.header_rows, memory_limit=MEMORY_LIMIT,
        threads=THREADS), progress)
    return IngestResult("csv", {
        "encoding": result.encoding, "encoding_reason": result.encoding_reason,
        "delimiter": result.delimiter, "header": result.header,
        "decimal_comma": result.decimal_comma, "date_format": result.date_format,
        "totals_row_dropped": result.totals_row_dropped,
        **({"digits_grouped_by_spaces": True} if result.thousands else {}),
        **({"header_row": result.header_row} if result.header_row else {}),
        **({"header_rows": result.header_rows} if result.header_rows > 1 else {}),
        **({"null_placeholders": result.null_placeholders} if result.null_placeholders
           else {}),
    }, result.parquet)


def _spreadsheet(fmt: str, source: Path, work_dir: Path, opts: IngestOptions,
                 progress: Progress | None) -> IngestResult:
    result = excel_reader.ingest_excel(source, work_dir, excel_reader.ExcelOptions(
        sheet=opts.sheet, header_row=opts.header_row, header_rows=opts.header_rows,
        column_types=dict(opts.column_types), drop_totals_row=opts.drop_totals_row), progress)
    return IngestResult(fmt, {
        "sheet": result.sheet, "sheets": list(result.sheets), "header_row": result.header_row,
        **({"header_rows": result.header_rows} if result.header_rows > 1 else {}),
        "skipped_rows": list(result.skipped_rows),
        "totals_row_dropped": result.totals_row is not None, "totals_row": result.totals_row,
        "columns_from_text": list(result.columns_from_text),
        "merged_cells_filled": result.merged_cells_filled,
        **({"null_placeholders": result.null_placeholders} if result.null_placeholders
           else {}),
    }, result.parquet)


@contextmanager
def _clean_on_failure(work_dir: Path) -> Iterator[None]:
    """Readers leave temporary files (a UTF-8 copy, DuckDB's spill folder): remove what we
    added, all of it on failure and all but data.parquet on success."""
    work_dir.mkdir(parents=True, exist_ok=True)
    out = work_dir / "data.parquet"
    before = {path.name for path in work_dir.iterdir()} - {out.name}
    try:
        yield
    except BaseException:
        _remove_new(work_dir, before)
        raise
    _remove_new(work_dir, before | {out.name})


def _remove_new(work_dir: Path, keep: set[str]) -> None:
    for path in work_dir.iterdir():
        if path.name in keep:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _zip_format(path: Path, extension: str, filename: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        # a damaged workbook: let the spreadsheet reader say so
        return BY_EXTENSION[extension] if extension in ("xlsb", "ods") else "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.strip() == ODS_MIMETYPE:
        return "ods"
    raise BadFile("unknown_format", "{filename} is not CSV, Excel, JSON or Parquet",
                  filename=filename)


def _json_or_lines(text: bytes, extension: str) -> str:
    """JSON Lines when the first line is a whole object and the next line starts another."""
    if extension in ("jsonl", "ndjson"):
        return "jsonl"
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[1].lstrip().startswith(b"{"):
        return "json"
    try:
        first = json.loads(lines[0])
    except ValueError:
        return "json"
    return "jsonl" if isinstance(first, dict) else "json"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False  # UTF-16 text is full of NUL bytes
    if b"\x00" in head:
        return True
    return len(head) - len(head.translate(None, BINARY_BYTES)) > len(head) // 10
