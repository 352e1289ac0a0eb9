"""Columns of figures that a CSV export writes the local way, which DuckDB's sniffer takes for
text: digits grouped by no-break or narrow spaces ("1 234 567,8"), and "no data" marks ("-",
"…", "x", "н/д") where a figure is missing.

A column is read as numbers only when every value in the whole file is such a figure or such a
mark, and at least one is a figure: the rows sampled at the start only choose which columns
to count, then one aggregate over the file decides. Codes keep their text: a leading zero
("0012") is not a figure, and a column of twelve-digit values is IINs or BINs.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

import duckdb

from aqyl.lake.no_data import GROUP_SPACES, IDENTIFIER_DIGITS, is_identifier, no_data_key
from aqyl.lake.no_data import NO_DATA as MARKS

TEXT_TYPES = frozenset({"VARCHAR"})
FIGURE_TYPES = frozenset({"BIGINT", "HUGEINT", "DOUBLE"})
MAX_INTEGER_DIGITS = 18  # what BIGINT holds without a doubt


@dataclass(frozen=True)
class LocalColumn:
    """How to read one column: its type, and the marks found in it with their counts."""

    kind: str  # BIGINT or DOUBLE
    marks: dict[str, int] = field(default_factory=dict)
    grouped: bool = False  # some figure has its digits grouped by spaces


def number_pattern(decimal_comma: bool) -> str:
    """A figure (RE2 and Python alike): an optional sign, no leading zero, digits grouped by
    threes with one of GROUP_SPACES, a fraction after the file's decimal separator."""
    spaces = f"[{GROUP_SPACES}]"
    fraction = "," if decimal_comma else r"\."
    return (rf"[+-]?(?:[1-9][0-9]{{0,2}}(?:{spaces}[0-9]{{3}})+|[1-9][0-9]*|0)"
            rf"(?:{fraction}[0-9]+)?")


def sample_records(lines: list[str], *, delimiter: str, skip: int, header: bool,
                   width: int, complete: bool) -> list[list[str]]:
    """The data records of the sampled lines that have the table's width."""
    try:
        records = list(csv.reader(lines[skip:], delimiter=delimiter))
    except csv.Error:
        return []  # an unterminated quote: the strict parse reports it
    if header:
        records = records[1:]
    if not complete and records:
        records = records[:-1]  # the sample may end inside the last record
    return [record for record in records if len(record) == width]


def candidates(records: list[list[str]], types: tuple[str, ...], *,
               decimal_comma: bool) -> set[int]:
    """Text columns whose sampled values are all figures or marks, at least one of them a
    figure written the local way or a mark: worth counting over the whole file."""
    figure = re.compile(number_pattern(decimal_comma))
    chosen = set()
    for index, kind in enumerate(types):
        if kind not in TEXT_TYPES:
            continue
        values = [record[index].strip() for record in records if record[index].strip()]
        figures = [value for value in values if figure.fullmatch(value)]
        marks = [value for value in values if no_data_key(value) in MARKS]
        if (values and len(figures) + len(marks) == len(values) and figures
                and not all(is_identifier(value) for value in figures)):
            chosen.add(index)
    return chosen


def identifiers(records: list[list[str]], types: tuple[str, ...]) -> set[int]:
    """Integer columns whose sampled values are all twelve digits: IINs or BINs, kept as
    text whatever their first digit."""
    return {index for index, kind in enumerate(types) if kind in FIGURE_TYPES and any(
        record[index].strip() for record in records) and all(
        is_identifier(record[index]) for record in records if record[index].strip())}


def count_columns(con: duckdb.DuckDBPyConnection, reader: str, names: tuple[str, ...],
                  columns: set[int], *, decimal_comma: bool) -> dict[int, LocalColumn]:
    """Count over every row of `reader` (a read of the file with `columns` as text) which of
    `columns` hold only figures and marks; returns how to read those."""
    if not columns:
        return {}
    pattern = _literal(number_pattern(decimal_comma))
    marks = ", ".join(_literal(mark) for mark in sorted(MARKS))
    figures = []
    ordered = sorted(columns)
    for index in ordered:
        value = f"nullif(trim({_identifier(names[index])}), '')"
        key = f"lower(regexp_replace({value}, '\\s+', ' ', 'g'))"
        figure = f"regexp_full_match({value}, {pattern})"
        figures += [
            f"count({value})",
            f"count_if({figure})",
            f"count_if({figure} AND NOT regexp_matches({value}, '[.,]'))",
            f"count_if({figure} AND regexp_matches({value}, '[{GROUP_SPACES}]'))",
            f"count_if(regexp_full_match({value}, '[0-9]{{{IDENTIFIER_DIGITS}}}'))",
            f"max(length(regexp_replace({value}, '[^0-9]', '', 'g'))) FILTER ({figure})",
            f"histogram({value}) FILTER ({key} IN ({marks}))",
        ]
    row = con.execute(f"SELECT {', '.join(figures)} FROM {reader}").fetchone()  # noqa: S608
    if row is None:  # pragma: no cover - an aggregate answers one row
        return {}
    found: dict[int, LocalColumn] = {}
    for position, index in enumerate(ordered):
        present, numbers, integers, grouped, twelve, digits, histogram = row[
            7 * position:7 * position + 7]
        marks_found = {str(key): int(count) for key, count in (histogram or {}).items()}
        if not numbers or numbers + sum(marks_found.values()) != present or twelve == numbers:
            continue
        whole = integers == numbers and (digits or 0) <= MAX_INTEGER_DIGITS
        found[index] = LocalColumn("BIGINT" if whole else "DOUBLE",
                                   dict(sorted(marks_found.items())), bool(grouped))
    return found


def read_expression(column: str, local: LocalColumn, *, decimal_comma: bool,
                    on_error: str) -> str:
    """SQL reading the text `column` as `local` says: marks and blanks are nulls, grouping
    spaces go, the decimal comma becomes a point; `on_error` for anything else."""
    marks = ", ".join(_literal(mark) for mark in sorted(MARKS))
    value = f"nullif(trim({column}), '')"
    digits = f"regexp_replace({value}, '[{GROUP_SPACES}]', '', 'g')"
    if decimal_comma:
        digits = f"replace({digits}, ',', '.')"
    parsed = f"TRY_CAST({digits} AS {local.kind})"
    return (f"CASE WHEN {value} IS NULL THEN NULL "
            f"WHEN lower(regexp_replace({value}, '\\s+', ' ', 'g')) IN ({marks}) THEN NULL "
            f"WHEN {parsed} IS NOT NULL THEN {parsed} ELSE {on_error} END")


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
