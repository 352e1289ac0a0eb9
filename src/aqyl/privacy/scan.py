"""The privacy scan of a table: which columns hold personal data, which free-text columns
mention it, and which columns are quasi-identifiers.

A column is read at a time from Parquet, so a wide table costs the memory of one column.
Whole columns go through the detectors' classifier (a sample picks the kind, every value
verifies it). Text columns the classifier finds no kind in, and whose values read like
sentences, are searched span by span, each distinct value once. Quasi-identifiers (birth
dates, age, sex, places, postcodes, nationality…) are named by their headers and, for
places, by their values matching the KATO reference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from aqyl.privacy.detectors import Registry, classify_arrow_column, find_spans
from aqyl.privacy.detectors.builtin import DEFAULT
from aqyl.privacy.detectors.columns import header_has_hint
from aqyl.privacy.generalise import logical_type, region_of

NOT_PERSONAL = frozenset({"bin"})  # an organisation's number, not a person's
TEXT_MEAN_LENGTH = 12
TEXT_SPACED_SHARE = 0.5
EXAMPLES = 3
MIN_NUMERIC_IDENTIFIER = 10**8  # smaller integers are counts, codes, amounts
QUASI_HINTS: dict[str, tuple[str, ...]] = {
    "birth_date": ("туған күні", "туған жылы", "дата рождения", "год рождения", "date of birth",
                   "birth date", "birth year", "year of birth", "dob"),
    "age": ("жасы", "жас", "возраст", "age"),
    "sex": ("жынысы", "жыныс", "пол", "sex", "gender"),
    "place": ("облыс", "облысы", "область", "region", "аудан", "ауданы", "район", "district",
              "қала", "қаласы", "город", "city", "ауыл", "село", "елді мекен",
              "населенный пункт", "locality", "settlement", "като", "kato", "әаож"),
    "postcode": ("индекс", "почтовый индекс", "пошта индексі", "postcode", "postal code", "zip"),
    "nationality": ("ұлты", "национальность", "nationality", "ethnicity", "этническая"),
    "citizenship": ("азаматтығы", "гражданство", "citizenship"),
    "marital_status": ("отбасылық жағдайы", "семейное положение", "marital status"),
    "occupation": ("кәсібі", "мамандығы", "профессия", "должность", "лауазымы", "occupation",
                   "profession", "job title", "position"),
    "education": ("білімі", "образование", "education"),
}
SENSITIVE_HINTS = ("диагноз", "diagnosis", "ауруы", "заболевание", "disease", "табысы", "доход",
                   "income", "жалақы", "зарплата", "salary", "жәрдемақы", "пособие", "benefit",
                   "соттылығы", "судимость", "conviction", "мүгедектігі", "инвалидность",
                   "disability")


@dataclass(frozen=True)
class ColumnScan:
    """What the scan found in one column."""

    column: str
    type: str
    kind: str | None = None
    confidence: float = 0.0
    matches: int = 0
    checked: int = 0
    header_hint: bool = False
    examples: tuple[str, ...] = ()
    free_text: bool = False
    text_counts: dict[str, int] = field(default_factory=dict)
    text_rows: int = 0
    quasi: str | None = None
    sensitive: bool = False

    @property
    def personal_kind(self) -> str | None:
        """The kind of personal data a whole column holds ("text" for free text that mentions
        some), or None."""
        if self.kind is not None and self.kind not in NOT_PERSONAL:
            return self.kind
        if any(kind not in NOT_PERSONAL for kind in self.text_counts):
            return "text"
        return None


@dataclass(frozen=True)
class TableScan:
    rows: int
    columns: tuple[ColumnScan, ...]

    def identifiers(self) -> dict[str, str]:
        """Columns that hold personal data, with the kind ("text" for free text)."""
        return {column.column: kind for column in self.columns
                if (kind := column.personal_kind) is not None}

    def quasi_identifiers(self) -> list[str]:
        return [column.column for column in self.columns if column.quasi]

    def sensitive(self) -> list[str]:
        return [column.column for column in self.columns if column.sensitive]

    def kind_of(self, column: str) -> str | None:
        return next((found.kind for found in self.columns if found.column == column), None)

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "columns": [
            {**asdict(column), "examples": list(column.examples),
             "personal": column.personal_kind} for column in self.columns]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableScan:
        names = {item.name for item in ColumnScan.__dataclass_fields__.values()}
        return cls(rows=int(data["rows"]), columns=tuple(
            ColumnScan(**{**{key: value for key, value in column.items() if key in names},
                          "examples": tuple(column.get("examples", ()))})
            for column in data["columns"]))


Progress = Callable[[int, int], None]


def scan_parquet(path: str | Path, *, registry: Registry | None = None,
                 progress: Progress | None = None) -> TableScan:
    """Scan a Parquet file one column at a time."""
    parquet = pq.ParquetFile(path)
    names = parquet.schema_arrow.names
    found = []
    for position, name in enumerate(names):
        column = parquet.read(columns=[name]).column(0)
        found.append(scan_column(name, column, registry=registry))
        if progress is not None:
            progress(position + 1, len(names))
    return TableScan(rows=parquet.metadata.num_rows, columns=tuple(found))


def scan_table(table: pa.Table, *, registry: Registry | None = None) -> TableScan:
    return TableScan(rows=table.num_rows, columns=tuple(
        scan_column(name, table.column(name), registry=registry)
        for name in table.column_names))


def scan_column(name: str, values: pa.Array | pa.ChunkedArray, *,
                registry: Registry | None = None) -> ColumnScan:
    registry = DEFAULT if registry is None else registry
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks else pa.array([], values.type)
    kind = logical_type(values.type)
    quasi = quasi_category(name, values, kind)
    sensitive = header_has_hint(name, SENSITIVE_HINTS)
    base = ColumnScan(column=name, type=kind, quasi=quasi, sensitive=sensitive)
    if not _worth_classifying(name, values, kind, registry):
        return base
    text = values.cast(pa.string())
    finding = classify_arrow_column(name, text, registry=registry)
    if finding is not None:
        return ColumnScan(column=name, type=kind, kind=finding.kind,
                          confidence=finding.confidence, matches=finding.matches,
                          checked=finding.checked, header_hint=finding.header_hint,
                          examples=finding.examples,
                          quasi=quasi or ("birth_date" if finding.kind == "birth_date" else None),
                          sensitive=sensitive)
    # a column of place names is a quasi-identifier, not free text: districts named after
    # people (Мағжан Жұмабаев ауданы) hold no one's personal data
    if kind != "text" or quasi == "place" or not _reads_like_text(text):
        return base
    counts, rows, examples = _spans(text, registry)
    return ColumnScan(column=name, type=kind, free_text=True, text_counts=counts,
                      text_rows=rows, examples=examples, quasi=quasi, sensitive=sensitive)


def _worth_classifying(name: str, values: pa.Array, kind: str, registry: Registry) -> bool:
    if kind == "text":
        return True
    if kind == "integer":
        largest = pc.max(pc.abs(values)).as_py()
        return largest is not None and largest >= MIN_NUMERIC_IDENTIFIER
    if kind in ("date", "timestamp"):
        return any(header_has_hint(name, detector.hints) for detector in registry
                   if detector.needs_hint)
    return False


def _reads_like_text(values: pa.Array) -> bool:
    present = pc.drop_null(values)
    if not len(present):
        return False
    mean_length = pc.mean(pc.utf8_length(present)).as_py() or 0
    spaced = pc.mean(pc.cast(pc.match_substring(present, " "), pa.int8())).as_py() or 0
    return mean_length >= TEXT_MEAN_LENGTH and spaced >= TEXT_SPACED_SHARE


def _spans(values: pa.Array, registry: Registry) -> tuple[dict[str, int], int, tuple[str, ...]]:
    """Spans per kind over the whole column (each distinct text searched once), the rows with
    any, and a few masked examples."""
    counts = pc.value_counts(pc.drop_null(values))
    kinds: Counter[str] = Counter()
    rows = 0
    examples: list[str] = []
    for item in counts.to_pylist():
        spans = find_spans(item["values"], registry=registry)
        if not spans:
            continue
        rows += item["counts"]
        for span in spans:
            kinds[span.kind] += item["counts"]
            if len(examples) < EXAMPLES:
                examples.append(f"{span.kind}: {registry[span.kind].mask(span.text)}")
    return dict(kinds.most_common()), rows, tuple(examples)


def quasi_category(name: str, values: pa.Array, kind: str) -> str | None:
    """Which kind of quasi-identifier a column is, by its header, or by its values for places."""
    for category, hints in QUASI_HINTS.items():
        if header_has_hint(name, hints):
            return category
    if kind == "text" and _names_places(values):
        return "place"
    return None


def _names_places(values: pa.Array, sample: int = 200) -> bool:
    distinct = pc.unique(pc.drop_null(values))
    if not 0 < len(distinct) <= 5000:
        return False
    picked: Iterable[str] = distinct[:sample].to_pylist()
    listed = [value for value in picked if value.strip()]
    return bool(listed) and sum(region_of(value) is not None for value in listed) >= 0.8 * len(
        listed)
