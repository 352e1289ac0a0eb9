"""What the first lines of a CSV export say, read by Python before DuckDB reads the file:
the delimiter, a decimal comma, digits grouped by spaces, title lines above the header, and
the names a header on two lines gives."""

from __future__ import annotations

import contextlib
import csv
import re
from pathlib import Path

from aqyl.lake.errors import BadFile
from aqyl.lake.header_names import join_header_rows

DELIMITERS = (",", ";", "\t", "|")
DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(?:[ \u00a0\u202f\u2009]?\d{3})*,\d+$|^-?\d+,\d+$")
# 1 350 000 or 185 500,5: how Kazakh and Russian exports group digits
SPACE_GROUPED = re.compile(r"^-?\d{1,3}(?: \d{3})+(?:[.,]\d+)?$")
SAMPLE_LINES = 2000


def sample_lines(path: Path, limit: int = SAMPLE_LINES) -> list[str]:
    """The first lines of a UTF-8 file, as Python reads them."""
    lines: list[str] = []
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        for line in handle:
            lines.append(line)
            if len(lines) >= limit:
                break
    return lines


def sniff_delimiter(sample: list[str]) -> str:
    """The delimiter that splits the sample into the most consistent number of fields > 1."""
    lines = [line for line in sample if line.strip()]
    if not lines:
        raise BadFile("empty_file", "the file is empty")
    best, best_score = ",", -1.0
    for delimiter in DELIMITERS:
        counts = [len(row) for row in _records(lines, delimiter)]
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) / len(counts) + (0.01 if common > 1 else 0)
        if common > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


def preamble_lines(sample: list[str], delimiter: str) -> int:
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


def _records(lines: list[str], delimiter: str) -> list[list[str]]:
    """The records Python's csv module reads from `lines`, up to one it cannot read: a value
    longer than its field limit (128 KB), which DuckDB reads or reports with its line."""
    records: list[list[str]] = []
    with contextlib.suppress(csv.Error):
        records.extend(csv.reader(lines, delimiter=delimiter))
    return records


def _lines_in(record: list[str]) -> int:
    """Extra physical lines a record spans (newlines inside quoted values)."""
    return sum(cell.count("\n") for cell in record)


def _cells(sample: list[str], delimiter: str) -> list[str]:
    return [cell.strip() for row in _records(sample, delimiter) for cell in row]


def uses_decimal_comma(sample: list[str], delimiter: str) -> bool:
    return any(DECIMAL_COMMA.match(cell) for cell in _cells(sample, delimiter))


def groups_with_spaces(sample: list[str], delimiter: str) -> bool:
    """Numbers written 1 350 000: read as numbers, not text. A column of codes with spaces
    (050 000) still stays text: its integers would not print back the same."""
    return delimiter != " " and any(SPACE_GROUPED.match(cell)
                                    for cell in _cells(sample, delimiter))


def two_line_header(lines: list[str], delimiter: str, first: int
                     ) -> tuple[tuple[str, ...], int]:
    """The names of a header on two lines (a group label line, then its parts' labels) and
    the physical lines it takes. `first` is its line number, for messages."""
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        tops, parts = next(reader, None), next(reader, None)
    except csv.Error:
        tops = parts = None
    if tops is None or parts is None:
        raise BadFile("bad_header_line", "line {line} cannot start a header of two lines",
                      line=first)
    names = join_header_rows(tops, parts, fill_groups=True)
    while names and not names[-1]:
        names.pop()
    return tuple(names), reader.line_num
