"""Spreadsheets (xlsx, xlsm, xlsb, xls, ods) → one typed Parquet file.

Government workbooks put a title, a "source:" line and blank rows above the real header, merge
cells, keep numbers as text ("1 234,5") and dates as text ("01.09.1998"), and end with a totals
row. We find the header, read text that is really a number or a date as such only when the WHOLE
column agrees (one odd value makes the column text, so no value is ever lost), and drop the
totals row. A header often takes two rows, a group label merged over the labels of its parts
("Халық саны" over "барлығы | ерлер | әйелдер"): each column is named by both. In a column of
figures, "-", "…", "x" or "н/д" say a figure is missing and are read as nulls (no_data.py).
calamine holds the sheet; we walk its rows twice (infer, then write in batches) instead of
building Python lists of everything.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import python_calamine as calamine

from aqyl.lake.csv_reader import TOTAL_WORDS
from aqyl.lake.errors import BadFile, BadRows
from aqyl.lake.header_names import join_header_rows, unique_names
from aqyl.lake.no_data import is_identifier, is_no_data
from aqyl.lake.parquet import ParquetFile, describe_parquet
from aqyl.lake.parquet_reader import CAST_ERRORS
from aqyl.lake.parquet_writer import write_batches

Cell = Any  # what calamine yields: str ("" when empty), float, int, bool, date, datetime, time…
Progress = Callable[[int, int], None]
HEAD_ROWS = 30  # non-blank rows looked at to find the header
BATCH_ROWS = 65_536
MAX_PROBLEMS = 50
MAX_MERGE_CELLS = 1_000_000  # a merge over a whole sheet is formatting, not data
# The override allow-list: the same names as csv_reader.COLUMN_TYPES (a test keeps them equal).
ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(), "BIGINT": pa.int64(), "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(), "DECIMAL(18,3)": pa.decimal128(18, 3), "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "TIME": pa.time64("us"),
}
EMPTY, BOOL, INT, FLOAT, DATE, DATETIME, TIME, TEXT, NO_DATA = (
    "empty", "bool", "int", "float", "date", "datetime", "time", "text", "no_data")
NUMBER = re.compile(r"(-?)(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:[.,](\d+))?", re.ASCII)
CLOCK = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
DMY = re.compile(rf"(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}})(?:[ T]{CLOCK})?", re.ASCII)
ISO = re.compile(rf"(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[ T]{CLOCK})?", re.ASCII)
CLOCK_ONLY = re.compile(CLOCK, re.ASCII)
BOOL_WORDS = {"true": True, "false": False, "иә": True, "жоқ": False, "да": True, "нет": False,
              "yes": True, "no": False}


@dataclass(frozen=True)
class ExcelOptions:
    sheet: str | None = None
    header_row: int | None = None  # 1-based, as Excel numbers rows; None = detect
    header_rows: int | None = None  # rows the header spans, 1 or 2; None = detect
    column_types: dict[str, str] = field(default_factory=dict)
    drop_totals_row: bool = True


@dataclass(frozen=True)
class ExcelResult:
    sheet: str
    sheets: tuple[str, ...]
    header_row: int | None  # None: no header row was found, columns are column_1, column_2…
    skipped_rows: tuple[str, ...]  # the title and source lines above the header, as text
    totals_row: int | None  # the row dropped as a totals row
    columns_from_text: tuple[str, ...]  # columns whose text was read as numbers or dates
    merged_cells_filled: int
    header_rows: int  # 2 when each column is named by a group label and its own label
    null_placeholders: dict[str, dict[str, int]]  # column → {"-": 3, "н/д": 1} read as nulls
    parquet: ParquetFile


def ingest_excel(source: Path, work_dir: Path, options: ExcelOptions | None = None,
                 progress: Progress | None = None) -> ExcelResult:
    """Read one sheet of `source` and write `work_dir/data.parquet`."""
    opts = options or ExcelOptions()
    if opts.header_rows is not None and opts.header_rows not in (1, 2):
        raise BadFile("bad_header_rows", "a header spans 1 or 2 rows, not {rows}",
                      rows=opts.header_rows)
    for name, kind in opts.column_types.items():
        if kind.upper() not in ARROW_TYPES:
            raise BadFile("unknown_type", "column {column}: unknown type {type}",
                          column=name, type=kind)
    out = work_dir / "data.parquet"
    try:
        with calamine.CalamineWorkbook.from_path(source) as book:
            name, sheet = _choose_sheet(book, opts.sheet)
            result = _SheetReader(name, sheet, opts, progress).write(out)
            return ExcelResult(name, tuple(book.sheet_names), *result, describe_parquet(out))
    except calamine.PasswordError:
        out.unlink(missing_ok=True)
        raise BadFile("encrypted_workbook", "the workbook is protected by a password") from None
    except calamine.CalamineError as exc:
        out.unlink(missing_ok=True)
        raise BadFile("bad_workbook", "the file is not a readable workbook: {detail}",
                      detail=str(exc).splitlines()[0][:300] if str(exc) else "") from None
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def _choose_sheet(book: calamine.CalamineWorkbook, wanted: str | None
                  ) -> tuple[str, calamine.CalamineSheet]:
    names = list(book.sheet_names)
    if wanted is not None:
        if wanted not in names:
            raise BadFile("unknown_sheet", "the workbook has no sheet {sheet}",
                          sheet=wanted, sheets=", ".join(names))
        sheet = book.get_sheet_by_name(wanted)
        if sheet.start is None:
            raise BadFile("empty_sheet", "sheet {sheet} has no data", sheet=wanted)
        return wanted, sheet
    # hidden sheets hold lookup lists and helpers: a visible sheet first
    for meta in sorted(book.sheets_metadata,
                       key=lambda meta: meta.visible != calamine.SheetVisibleEnum.Visible):
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue
        sheet = book.get_sheet_by_name(meta.name)
        if sheet.start is not None:
            return meta.name, sheet
    raise BadFile("empty_file", "the workbook has no data")


def _blank(cell: Cell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _filled(row: list[Cell]) -> int:
    return sum(1 for cell in row if not _blank(cell))


def _find_header(head: list[tuple[int, list[Cell]]]) -> tuple[int, bool]:
    """The first row about as wide as the table and followed by a row about as wide. It is a
    header when it holds text and nothing else but years (2019, 2020 label columns too)."""
    counts = [_filled(row) for _, row in head]
    width = max(counts)
    chosen = 0
    for position, count in enumerate(counts):
        following = counts[position + 1] if position + 1 < len(counts) else width
        if count >= math.ceil(width * 0.6) and following >= math.ceil(width * 0.5):
            chosen = position
            break
    index, row = head[chosen]
    kinds = [_parse(cell) for cell in row]
    return index, _labels(row) and any(kind == TEXT for kind, _ in kinds)


def _labels(row: list[Cell]) -> bool:
    """Whether every filled cell could be a column's label: words, or years (2019, 2020)."""
    kinds = [_parse(cell) for cell in row]
    return any(kind != EMPTY for kind, _ in kinds) and all(
        kind in (TEXT, EMPTY, NO_DATA) or (kind == INT and 1900 <= value <= 2100)
        for kind, value in kinds)


def _named(row: list[Cell]) -> set[int]:
    return {col for col, cell in enumerate(row) if not _blank(cell)}


def _is_two_row_header(upper: list[Cell], lower: list[Cell], spans: list[tuple[int, int]],
                       following: list[list[Cell]]) -> bool:
    """Whether `lower`, the row right under the header row `upper`, names the parts of
    `upper`'s group labels: "Халық саны" merged over "барлығы | ерлер | әйелдер", or 2023 over
    "ерлер | әйелдер". `spans` are `upper`'s merges across columns, (first, last).

    A merge over every named column is a title, not a group; without merges the groups show
    as labels with blanks to their right that `lower` names. And `lower` must not be the first
    row of a table of words: some row below holds a figure or a date under its labels."""
    if not (_labels(upper) and _labels(lower)):
        return False
    below, above = _named(lower), _named(upper)
    if len(below) < 2:
        return False
    grouped = False
    for left, right in spans:
        under = {col for col in below if left <= col <= right}
        grouped = grouped or (bool(under) and (len(above) >= 2 or under != below))
    if not spans and len(above) >= 2:
        starts = [col for col in sorted(above) if col in below]
        grouped = any(col not in above and any(start < col for start in starts)
                      for col in below)
    return grouped and any(
        _parse(row[col])[0] not in (TEXT, EMPTY, NO_DATA)
        for row in following for col in below if col < len(row))


def _label_texts(row: list[Cell]) -> list[str]:
    return ["" if _blank(cell) else _text_of(cell) for cell in row]


def _text_of(cell: Cell) -> str:
    kind, value = _parse(cell)
    return cell.strip() if isinstance(cell, str) else _as_text(kind, value)


class _SheetReader:
    """Two walks over one sheet: the first learns the layout and each column's type, the
    second converts and writes. Row indexes are 0-based as calamine yields them."""

    def __init__(self, name: str, sheet: calamine.CalamineSheet, opts: ExcelOptions,
                 progress: Progress | None) -> None:
        self.name, self.sheet, self.opts, self.progress = name, sheet, opts, progress
        start, end = sheet.start or (0, 0), sheet.end or (0, 0)
        self.first_col, self.total = start[1], end[0] + 1
        head: list[tuple[int, list[Cell]]] = []
        for index, row in enumerate(sheet.iter_rows()):
            if _filled(row):
                head.append((index, row))
                if len(head) >= HEAD_ROWS:
                    break
        if not head:
            raise BadFile("empty_sheet", "sheet {sheet} has no data", sheet=name)
        # python-calamine 0.9 yields rows from A1; an older one started at the first used row.
        first_any = next(i for i, row in enumerate(sheet.iter_rows()) if any(c != "" for c in row))
        self.offset = max(start[0] - first_any, 0)
        ranges = sheet.merged_cell_ranges or []
        self.rows_of_header = 1
        if opts.header_row is not None:
            last = opts.header_row + (opts.header_rows or 1) - 1
            if not 1 <= opts.header_row <= last <= self.total:
                raise BadFile("bad_header_row", "row {row} is outside sheet {sheet} (1–{rows})",
                              row=last, sheet=name, rows=self.total)
            self.header, self.has_header = opts.header_row - 1 - self.offset, True
        else:
            self.header, self.has_header = _find_header(head)
        if opts.header_rows == 2 or (opts.header_rows is None and self.has_header):
            # the steward's row is the first; a detected one may be the second of two
            first, found = self._two_rows(head, ranges, self.header,
                                          upward=opts.header_row is None)
            if found and opts.header_row is None:
                self.header = first
            if found or opts.header_rows == 2:
                self.has_header, self.rows_of_header = True, 2
        self.data_start = self.header + self.rows_of_header if self.has_header else self.header
        header_rows = (tuple(range(self.header, self.data_start)) if self.has_header else ())
        self.merges = _Merges(ranges, self.offset, self.first_col, header_rows, self.data_start)
        self.fill_groups = not any(self._spans(ranges, self.header))

    def _spans(self, ranges: list[tuple[tuple[int, int], tuple[int, int]]],
               row: int) -> list[tuple[int, int]]:
        """The merges across columns within `row` alone: a group label over its parts."""
        return [(left - self.first_col, right - self.first_col)
                for (top, left), (bottom, right) in ranges
                if top - self.offset == row == bottom - self.offset and right > left]

    def _two_rows(self, head: list[tuple[int, list[Cell]]],
                  ranges: list[tuple[tuple[int, int], tuple[int, int]]], header: int,
                  *, upward: bool) -> tuple[int, bool]:
        """Whether the header is two rows around row `header`: it and the row under it, or
        (`upward`) the row above it and it. Returns the first of them and the answer."""
        rows = dict(head)
        following = [row for index, row in head if index > header]
        if header in rows and header + 1 in rows and _is_two_row_header(
                rows[header], rows[header + 1], self._spans(ranges, header), following[1:]):
            return header, True
        if upward and header in rows and header - 1 in rows and _is_two_row_header(
                rows[header - 1], rows[header], self._spans(ranges, header - 1), following):
            return header - 1, True
        return header, False

    def _rows(self, walk: int) -> Iterable[tuple[int, list[Cell]]]:
        """Non-blank rows with merged cells filled, reporting progress over both walks."""
        for index, row in enumerate(self.sheet.iter_rows()):
            if self.progress is not None and index % 10_000 == 0:
                self.progress(walk * self.total + index, 2 * self.total)
            self.merges.apply(index, row, count=walk == 0 and index >= self.data_start)
            empty = row.count("")
            if empty < len(row) and (empty == 0 or _filled(row)):
                yield index, row

    def _scan(self) -> None:
        width = self.sheet.width
        self.kinds: list[set[str]] = [set() for _ in range(width)]
        self.settled = [False] * width  # already text, whatever comes: no need to parse
        self.from_text = [False] * width
        self.used = [False] * width
        self.no_data: list[dict[str, int]] = [{} for _ in range(width)]
        self.header_cells: list[Cell] = [""] * width
        self.lower_cells: list[Cell] = []
        self.skipped: list[str] = []
        self.totals: int | None = None
        last: tuple[int, list[Cell]] | None = None
        for index, row in self._rows(0):
            if index < self.data_start:
                if index == self.header and self.has_header:
                    self.header_cells, self.used = row, [not _blank(cell) for cell in row]
                elif self.has_header and index > self.header:  # the second header row
                    self.lower_cells = row
                    self.used = [used or not _blank(cell)
                                 for used, cell in zip(self.used, row, strict=False)]
                elif len(self.skipped) < 20:
                    self.skipped.append(" ".join(_text_of(c) for c in row if not _blank(c))[:300])
                continue
            if last is not None:
                self._learn(last[1])
            last = index, row
        if last is not None:
            if self.opts.drop_totals_row and _is_totals(last[1]):
                self.totals = last[0]
            else:
                self._learn(last[1])

    def _learn(self, row: list[Cell]) -> None:
        kinds, settled, used = self.kinds, self.settled, self.used
        for col, cell in enumerate(row):
            if cell == "":
                continue
            if settled[col]:
                used[col] = used[col] or not _blank(cell)
                continue
            kind, value = _parse(cell)
            if kind == EMPTY:
                continue
            used[col] = True
            if kind == NO_DATA:
                counts = self.no_data[col]
                counts[value] = counts.get(value, 0) + 1
            if kind not in kinds[col]:
                kinds[col].add(kind)
                # a column of "-" so far may still turn out to be figures
                settled[col] = _infer(kinds[col]) == "VARCHAR" and kinds[col] != {NO_DATA}
            if kind not in (TEXT, NO_DATA) and type(cell) is str:
                self.from_text[col] = True

    def _plan(self) -> tuple[list[int], list[str], list[str]]:
        """Columns kept (blank at both edges dropped), their names and their types."""
        kept = [col for col, used in enumerate(self.used) if used]
        cols = list(range(kept[0], kept[-1] + 1)) if kept else []
        if self.rows_of_header == 2:
            joined = join_header_rows(_label_texts(self.header_cells),
                                      _label_texts(self.lower_cells),
                                      fill_groups=self.fill_groups)
            names = unique_names(joined[col] if col < len(joined) else "" for col in cols)
        else:
            names = unique_names(_text_of(self.header_cells[col]) for col in cols)
        types = [_infer(self.kinds[col]) for col in cols]
        by_folded = {name.casefold(): position for position, name in enumerate(names)}
        for name, kind in self.opts.column_types.items():
            position = by_folded.get(name.casefold())
            if position is None:
                raise BadFile("unknown_column", "there is no column {column}",
                              column=name, columns=", ".join(names))
            types[position] = kind.upper()
        return cols, names, types

    def write(self, out: Path) -> tuple[int | None, tuple[str, ...], int | None,
                                        tuple[str, ...], int, int, dict[str, dict[str, int]]]:
        self._scan()
        cols, names, types = self._plan()
        schema = pa.schema([(n, ARROW_TYPES[kind]) for n, kind in zip(names, types, strict=True)])
        self.problems: list[dict[str, Any]] = []
        self.bad_rows: set[int] = set()

        def batches() -> Iterator[pa.RecordBatch]:
            batch: list[tuple[int, list[Cell]]] = []
            for index, row in self._rows(1):
                if index >= self.data_start and index != self.totals:
                    batch.append((index, row))
                if len(batch) >= BATCH_ROWS:
                    yield from self._convert(schema, cols, types, batch)
            yield from self._convert(schema, cols, types, batch)

        write_batches(batches(), schema, out)
        if self.problems:
            raise BadRows(self.problems, len(self.bad_rows))
        if self.progress is not None:
            self.progress(2 * self.total, 2 * self.total)
        from_text = tuple(n for n, col, kind in zip(names, cols, types, strict=True)
                          if self.from_text[col] and kind != "VARCHAR")
        totals = None if self.totals is None else self.totals + self.offset + 1
        header = self.header + self.offset + 1 if self.has_header else None
        nulls = {name: dict(sorted(self.no_data[col].items()))
                 for name, col, kind in zip(names, cols, types, strict=True)
                 if kind != "VARCHAR" and self.no_data[col]}
        return (header, tuple(self.skipped), totals, from_text, self.merges.filled,
                self.rows_of_header if self.has_header else 1, nulls)

    def _convert(self, schema: pa.Schema, cols: list[int], types: list[str],
                 batch: list[tuple[int, list[Cell]]]) -> Iterator[pa.RecordBatch]:
        """Convert column by column; once a value did not fit, only look for more misfits
        (and yield nothing more)."""
        arrays = []
        for position, (col, target) in enumerate(zip(cols, types, strict=True)):
            try:
                values = [_write(target, row[col]) for _, row in batch]
            except _Mismatch:
                values = self._misfits(batch, position, col, schema.names[position], target)
            if not self.problems and batch:
                arrays.append(pa.array(values, type=ARROW_TYPES[target]))
        if not self.problems and batch:
            yield pa.RecordBatch.from_arrays(arrays, schema=schema)
        self.problems = sorted(self.problems, key=lambda problem: int(problem["row"]))
        del self.problems[MAX_PROBLEMS:]
        batch.clear()

    def _misfits(self, batch: list[tuple[int, list[Cell]]], position: int, col: int,
                 name: str, target: str) -> list[Any]:
        found = 0
        for index, row in batch:
            try:
                _write(target, row[col])
            except _Mismatch as mismatch:
                self.bad_rows.add(index)
                found += 1
                if found <= MAX_PROBLEMS:  # the first ones of each column; sorted by the caller
                    number = index + self.offset + 1
                    self.problems.append({
                        "line": number, "row": number, "sheet": self.name,
                        "column": position + 1, "column_name": name,
                        "cell": f"{_letters(self.first_col + col)}{number}",
                        "error": mismatch.error, "text": _text_of(row[col])[:200]})
        return []


class _Merges:
    """A cell hidden under a merge takes the merge's value: in the header rows (a name over
    two columns, a group label over its parts) and in single-column merges in the data (a
    region spanning its schools' rows). Wider merges in the data are section titles;
    spreading them would turn numbers into text."""

    def __init__(self, ranges: list[tuple[tuple[int, int], tuple[int, int]]], offset: int,
                 first_col: int, headers: tuple[int, ...], data_start: int) -> None:
        self.anchors: dict[int, list[int]] = {}
        self.targets: dict[int, list[tuple[int, int, int]]] = {}
        self.values: dict[tuple[int, int], Cell] = {}
        self.filled = 0
        for (top_abs, left_abs), (bottom_abs, right_abs) in ranges:
            top, bottom = top_abs - offset, bottom_abs - offset
            left, right = left_abs - first_col, right_abs - first_col
            if top < 0 or left < 0 or (bottom - top + 1) * (right - left + 1) > MAX_MERGE_CELLS:
                continue
            cells = []
            for header in headers:
                if top <= header <= bottom:
                    cells += [(header, col) for col in range(left, right + 1)
                              if header != top or col != left]
            if left == right and top >= data_start:
                cells += [(row, left) for row in range(top + 1, bottom + 1)]
            if cells:
                self.anchors.setdefault(top, []).append(left)
                for row, col in cells:
                    self.targets.setdefault(row, []).append((col, top, left))

    def apply(self, index: int, row: list[Cell], *, count: bool) -> None:
        for col in self.anchors.get(index, ()):
            if col < len(row):
                self.values[index, col] = row[col]
        for col, top, left in self.targets.get(index, ()):
            if col < len(row) and row[col] == "" and self.values.get((top, left), "") != "":
                row[col] = self.values[top, left]
                self.filled += count


def _is_totals(row: list[Cell]) -> bool:
    first = next((cell for cell in row if not _blank(cell)), None)
    if not isinstance(first, str):
        return False
    words = first.strip().casefold().split()
    return words[0].rstrip(":") in TOTAL_WORDS


def _letters(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- reading one cell -------------------------------------------------------------------------

def _parse_str(value: str) -> tuple[str, Any]:
    text = value.strip()
    if not text:
        return EMPTY, None
    if is_no_data(text):
        return NO_DATA, text
    if text[0].isdigit() or text[0] == "-":  # words stay words without trying the patterns
        parsed = _parse_number(text) or _parse_moment(text)
        if parsed is not None:
            return parsed
    return TEXT, value


def _parse_number(text: str) -> tuple[str, Any] | None:
    match = NUMBER.fullmatch(text)
    if match is None:
        return None
    sign, whole, fraction = match.groups()
    digits = re.sub(r"\D", "", whole)
    if len(digits) > 1 and digits[0] == "0":
        return None  # "007", an IIN: a code, and its leading zero matters
    if fraction is None and whole == digits and is_identifier(digits):
        return None  # twelve digits typed as text: an IIN or a BIN
    if fraction is None:
        return (INT, int(sign + digits)) if len(digits) <= 18 else None
    return FLOAT, float(f"{sign}{digits}.{fraction}")


def _parse_moment(text: str) -> tuple[str, Any] | None:
    match = DMY.fullmatch(text) or ISO.fullmatch(text) or CLOCK_ONLY.fullmatch(text)
    if match is None:
        return None
    part = match.groupdict()
    clock = (int(part["H"]), int(part["M"]), int(part["S"] or 0)) if part["H"] else None
    try:
        if "y" not in part:
            return (TIME, time(*clock)) if clock else None
        day = date(int(part["y"]), int(part["m"]), int(part["d"]))
        return (DATE, day) if clock is None else (DATETIME, datetime.combine(day, time(*clock)))
    except ValueError:
        return None  # 31.02.2020 is text, not a date


def _parse_float(value: float) -> tuple[str, Any]:
    # xlsx stores every number as a double: 1250.0 is the integer 1250
    if value.is_integer() and abs(value) < 2**53:
        return INT, int(value)
    return FLOAT, value


_PARSERS: dict[type, Callable[[Any], tuple[str, Any]]] = {
    str: _parse_str, float: _parse_float, bool: lambda v: (BOOL, v), int: lambda v: (INT, v),
    datetime: lambda v: (DATETIME, v), date: lambda v: (DATE, v), time: lambda v: (TIME, v),
}


def _parse(cell: Cell) -> tuple[str, Any]:
    """(kind, value): what a cell holds, reading numbers and dates out of text."""
    parser = _PARSERS.get(type(cell))
    # durations ([h]:mm) have no column type of their own: they stay text
    return parser(cell) if parser is not None else (TEXT, str(cell))


def _infer(kinds: set[str]) -> str:
    """The narrowest type that holds every value of the column; VARCHAR when they disagree.
    "No data" marks leave a column of figures numeric and anything else text."""
    found = frozenset(kinds)
    if NO_DATA in found:
        figures = _infer(set(found - {NO_DATA})) if found != {NO_DATA} else "VARCHAR"
        return figures if figures in ("BIGINT", "DOUBLE") else "VARCHAR"
    for allowed, kind in ((frozenset({INT}), "BIGINT"), (frozenset({INT, FLOAT}), "DOUBLE"),
                          (frozenset({BOOL}), "BOOLEAN"), (frozenset({DATE}), "DATE"),
                          (frozenset({DATE, DATETIME}), "TIMESTAMP"), (frozenset({TIME}), "TIME")):
        if found and found <= allowed:
            return kind
    return "VARCHAR"


# --- writing one cell as a column type --------------------------------------------------------

class _Mismatch(Exception):
    """A cell that does not convert to its column's type; never leaves this module."""

    def __init__(self, error: str) -> None:
        self.error = error


def _as_text(kind: str, value: Any) -> str:
    if kind == BOOL:
        return "true" if value else "false"
    return str(value.isoformat(sep=" ") if kind == DATETIME else
               value.isoformat() if kind in (DATE, TIME) else value)


def _write(target: str, cell: Cell) -> Any:
    """`_convert` without parsing in the common cases: text in text columns, numbers in
    number columns."""
    kind = type(cell)
    if kind is str and (target == "VARCHAR" or not cell):
        return cell if cell and not cell.isspace() else None
    if kind is float and (target == "DOUBLE" or (target == "BIGINT" and cell.is_integer()
                                                and abs(cell) < 2**53)):
        return cell if target == "DOUBLE" else int(cell)
    return _convert(target, cell, *_parse(cell))


def _convert(target: str, cell: Cell, kind: str, value: Any) -> Any:
    """`cell`, read as (`kind`, `value`), as a value of the column type `target`."""
    if kind == EMPTY:
        return None
    if target == "VARCHAR":
        return cell if isinstance(cell, str) else _as_text(kind, value)
    if kind == NO_DATA:
        return None
    convert = _CONVERT.get((target, kind))
    if convert is None:
        raise _Mismatch(CAST_ERRORS[target])
    return convert(value)


def _checked(test: Callable[[Any], bool], error: str, then: Callable[[Any], Any]
             ) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if not test(value):
            raise _Mismatch(error)
        return then(value)
    return convert


def _same(value: Any) -> Any:
    return value


_CONVERT: dict[tuple[str, str], Callable[[Any], Any]] = {
    ("BIGINT", INT): _checked(lambda v: -(2**63) <= v < 2**63, "out_of_range", _same),
    ("INTEGER", INT): _checked(lambda v: -(2**31) <= v < 2**31, "out_of_range", _same),
    ("DOUBLE", INT): float, ("DOUBLE", FLOAT): float,
    ("DECIMAL(18,3)", INT): _checked(lambda v: abs(v) < 10**15, "out_of_range",
                                     lambda v: Decimal(str(v)).quantize(Decimal("0.001"))),
    ("BOOLEAN", BOOL): _same,
    ("BOOLEAN", INT): _checked(lambda v: v in (0, 1), "not_a_boolean", bool),
    ("BOOLEAN", TEXT): _checked(lambda v: v.strip().casefold() in BOOL_WORDS, "not_a_boolean",
                                lambda v: BOOL_WORDS[v.strip().casefold()]),
    ("DATE", DATE): _same,
    ("DATE", DATETIME): _checked(lambda v: v.time() == time(), "not_a_date", datetime.date),
    ("TIMESTAMP", DATETIME): _same, ("TIMESTAMP", DATE): lambda v: datetime.combine(v, time()),
    ("TIME", TIME): _same,
}
_CONVERT[("DECIMAL(18,3)", FLOAT)] = _CONVERT[("DECIMAL(18,3)", INT)]
