"""What the platform itself knows about where a version came from and how it was read: the
uploaded file and its checksum, the parent version, the reader's decisions. Nothing here is
guessed; what the owner has not described is said to be undescribed (see texts.NOT_DESCRIBED).

Database sources are named as such without their host, database or query: feeds are public for
restricted datasets, and the connection details of an owner's systems are not.
"""

from __future__ import annotations

from typing import Any

from aqyl.catalog.metadata_exports import texts
from aqyl.catalog.metadata_exports.texts import Text
from aqyl.catalog.models import DatasetVersion

MAX_LISTED_COLUMNS = 20


def is_database_source(version: DatasetVersion) -> bool:
    return bool(version.source_database or version.source_query) and not version.source_name


def source_label(version: DatasetVersion) -> Text:
    if version.source_name:
        return dict.fromkeys(texts.LANGUAGES, version.source_name)
    return texts.DATABASE_SOURCE if is_database_source(version) else texts.UNKNOWN_SOURCE


def publication(version: DatasetVersion) -> Text:
    """Which version, when, from what, whose: the collection facts the platform recorded."""
    return texts.fill(texts.PUBLISHED, number=version.number,
                      date=version.created_at.date().isoformat(),
                      source=source_label(version),
                      owner=texts.organisation_name(version.dataset.organisation))


def preprocessing(version: DatasetVersion) -> Text:
    """How the source was read into the stored Parquet file, from `version.understood`."""
    seen: dict[str, Any] = dict(version.understood or {})
    if is_database_source(version):
        parts = [texts.READ_FROM_DATABASE]
    else:
        parts = [texts.fill(texts.READ_FROM, format=(version.format or "?").upper(),
                            name=version.source_name or "?")]
    parts += _reading(seen) + _cleaning(seen)
    parts.append(texts.fill(texts.STORED, rows=version.row_count, columns=len(version.schema)))
    return texts.join(*parts)


def _reading(seen: dict[str, Any]) -> list[Text]:
    """Where in the file the table was, and how its text was decoded and split."""
    parts = []
    if seen.get("sheet"):
        parts.append(texts.fill(texts.SHEET, sheet=str(seen["sheet"])))
    if seen.get("encoding"):
        parts.append(texts.fill(texts.ENCODING, encoding=str(seen["encoding"])))
    if seen.get("delimiter"):
        delimiter = str(seen["delimiter"])
        parts.append(texts.fill(texts.DELIMITER,
                                delimiter=texts.TAB if delimiter == "\t" else f"\"{delimiter}\""))
    if seen.get("header") is False or ("header_row" in seen and seen["header_row"] is None):
        parts.append(texts.NO_HEADER)
    elif isinstance(seen.get("header_row"), int) and seen["header_row"] > 1:
        parts.append(texts.fill(texts.HEADER_ROW, row=seen["header_row"]))
    if seen.get("skipped_rows"):
        parts.append(texts.fill(texts.SKIPPED_ROWS, count=_count(seen["skipped_rows"])))
    return parts


def _cleaning(seen: dict[str, Any]) -> list[Text]:
    """How values were interpreted, and what was left out or filled in."""
    parts = []
    if seen.get("decimal_comma"):
        parts.append(texts.DECIMAL_COMMA)
    if seen.get("digits_grouped_by_spaces"):
        parts.append(texts.SPACE_GROUPS)
    if seen.get("date_format"):
        parts.append(texts.fill(texts.DATE_FORMAT, date_format=str(seen["date_format"])))
    if seen.get("totals_row_dropped") or seen.get("totals_row"):
        parts.append(texts.TOTALS_DROPPED)
    if seen.get("merged_cells_filled"):
        parts.append(texts.fill(texts.MERGED_CELLS, count=_count(seen["merged_cells_filled"])))
    if seen.get("columns_from_text"):
        parts.append(texts.fill(texts.TEXT_AS_VALUES, columns=_names(seen["columns_from_text"])))
    if seen.get("json_text_columns"):
        parts.append(texts.fill(texts.JSON_TEXT, columns=_names(seen["json_text_columns"])))
    types = seen.get("column_types")
    if isinstance(types, dict) and types:
        parts.append(texts.fill(texts.COLUMN_TYPES, columns=_names(
            [f"{name} → {kind}" for name, kind in types.items()])))
    return parts


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list | tuple) else int(value)


def _names(value: Any) -> str:
    names = [str(name) for name in value] if isinstance(value, list | tuple) else [str(value)]
    listed = ", ".join(names[:MAX_LISTED_COLUMNS])
    return listed + (" …" if len(names) > MAX_LISTED_COLUMNS else "")


def limitations(version: DatasetVersion) -> Text:
    """Coverage the owner stated, which bounds what the data can say, then the honest gap."""
    dataset = version.dataset
    parts = []
    if dataset.temporal_start or dataset.temporal_end:
        parts.append(texts.fill(
            texts.TEMPORAL,
            start=dataset.temporal_start.isoformat() if dataset.temporal_start
            else texts.OPEN_END,
            end=dataset.temporal_end.isoformat() if dataset.temporal_end else texts.OPEN_END))
    spatial = texts.dataset_text(dataset, "spatial_coverage")
    if spatial:  # each language's sentence names the place in that language, or the nearest
        parts.append(texts.fill(texts.SPATIAL, spatial={lang: texts.pick(spatial, lang)
                                                        for lang in texts.LANGUAGES}))
    parts.append(texts.NOT_DESCRIBED["limitations"])
    return texts.join(*parts)


def maintenance(version: DatasetVersion) -> Text:
    frequency = texts.FREQUENCIES.get(version.dataset.update_frequency)
    if frequency is None:
        return {}
    return texts.fill(texts.MAINTENANCE, frequency=frequency)
