"""Reading a version's data on behalf of a user: rows for the card, files to download. The
caller has resolved the version through the access rules; these record the read."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext as _

from aqyl.catalog import services, storage
from aqyl.catalog.lake_messages import DataError, lake_error_data
from aqyl.catalog.models import DatasetVersion
from aqyl.core.actors import Actor
from aqyl.core.errors import InvalidInput
from aqyl.lake.downloads import iter_csv, write_xlsx
from aqyl.lake.errors import LakeError
from aqyl.lake.parquet import read_rows

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Rows:
    columns: list[dict[str, str]]
    rows: list[list[Any]]
    total: int
    offset: int


def open_version(version: DatasetVersion) -> IO[bytes]:
    return storage.lake().open(version.storage_key)


def version_rows(version: DatasetVersion, *, offset: int = 0, limit: int = 50) -> Rows:
    with open_version(version) as handle:
        rows = read_rows(handle, offset=offset, limit=limit)
    return Rows(version.schema, rows, version.row_count, offset)


def file_name(version: DatasetVersion, fmt: str) -> str:
    dataset = version.dataset
    return f"{dataset.organisation.slug}-{dataset.name}-v{version.number}.{fmt}"


def download_response(actor: Actor, version: DatasetVersion, fmt: str) -> HttpResponseBase:
    """The version as a file: Parquet as stored, CSV streamed, XLSX built in a temp file."""
    if fmt not in FORMATS:
        raise InvalidInput(_("Choose a download format: csv, parquet or xlsx."))
    name = file_name(version, fmt)
    response: HttpResponseBase
    if fmt == "parquet":
        response = FileResponse(open_version(version), as_attachment=True, filename=name,
                                content_type=FORMATS[fmt])
        response["Content-Length"] = str(version.size_bytes)
    elif fmt == "csv":
        response = StreamingHttpResponse(_csv_chunks(version), content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(_xlsx_file(version), as_attachment=True, filename=name,
                                content_type=FORMATS[fmt])
    # A version never changes, so its checksum names every rendering of it.
    response["ETag"] = f'"{version.sha256}-{fmt}"'
    response["Cache-Control"] = "private, no-cache"  # access is checked on every request
    response["X-Aqyl-Dataset"] = version.dataset.slug
    response["X-Aqyl-Version"] = str(version.number)
    services.record_read(actor, "catalog.download", version.dataset, version, format=fmt)
    return response


def _csv_chunks(version: DatasetVersion) -> Iterator[bytes]:
    with open_version(version) as handle:
        yield from iter_csv(handle)


def _xlsx_file(version: DatasetVersion) -> IO[bytes]:
    """An anonymous temporary file: gone from disk as soon as the response is closed."""
    target = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115  (closed by response)
    try:
        with open_version(version) as handle:
            write_xlsx(handle, Path(target.name), sheet=version.dataset.name)
    except LakeError as exc:
        target.close()
        raise DataError(lake_error_data(exc)) from exc
    target.seek(0)
    return target
