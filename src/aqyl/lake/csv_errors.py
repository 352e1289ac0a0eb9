"""Where a CSV file stops being CSV, said with its line: DuckDB names the line of most
failures; for a quoted value that is never closed, Python finds the line where it opens."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from aqyl.lake.errors import BadFile, LakeError

LINE_IN_ERROR = re.compile(r"Line: (\d+)")


def diagnose(path: Path, delimiter: str, exc: Exception, max_line: int) -> LakeError:
    """Turn a parser failure into a message with the line; re-read with Python when DuckDB
    does not say which line (unterminated quotes, a line over `max_line` bytes)."""
    message = str(exc)
    if "Invalid unicode" in message:
        match = LINE_IN_ERROR.search(message)
        return BadFile("not_utf8", "line {line} is not valid UTF-8: choose the encoding",
                       line=int(match.group(1)) if match else 0)
    if "Maximum line size" in message:
        match = LINE_IN_ERROR.search(message)
        return BadFile("line_too_long", "line {line} is longer than {limit} MB",
                       line=_long_line(path, max_line) or (int(match.group(1)) if match else 0),
                       limit=max_line >> 20)
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


def _long_line(path: Path, max_line: int) -> int | None:
    """The first line longer than `max_line` bytes, read in pieces of at most that."""
    number, length = 1, 0
    with path.open("rb") as handle:
        while piece := handle.readline(max_line + 1):
            length += len(piece)
            if length > max_line:
                return number
            if piece.endswith(b"\n"):
                number, length = number + 1, 0
    return None


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
