"""SQL over the datasets a user may read: names resolve through the access rules, the query
runs in the lake's sandbox, and reads of non-open data are audited."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import pyarrow as pa
from django.conf import settings

from aqyl.catalog import selectors, services, storage
from aqyl.catalog.lake_messages import DataError, lake_error_data
from aqyl.catalog.models import DatasetVersion
from aqyl.core.actors import Actor
from aqyl.core.permissions import require
from aqyl.lake import sql as lake_sql
from aqyl.lake.downloads import iter_batches_csv
from aqyl.lake.errors import LakeError
from aqyl.lake.parquet import Column

EXPORT_FACTOR = 100


@dataclass(frozen=True)
class SqlRun:
    table: pa.Table
    truncated: bool
    elapsed_ms: float
    columns: tuple[Column, ...]
    datasets: list[str]


class _Resolver:
    """Turns each name the query uses into a version the actor may read (or raises)."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.used: dict[str, DatasetVersion] = {}

    def __call__(self, name: str) -> str:
        version = selectors.resolve_readable(self.actor, name)
        self.used[name] = version
        return storage.version_location(version)

    def record(self, sql: str) -> list[str]:
        for version in {v.pk: v for v in self.used.values()}.values():
            services.record_read(self.actor, "catalog.query", version.dataset, version,
                                 sql=sql[:2000])
        return sorted(f"{v.dataset.slug}@{v.number}" for v in self.used.values())


def _limits(row_limit: int | None) -> dict[str, Any]:
    default = int(settings.AQYL["AQYL_SQL_ROW_LIMIT"])
    lake = storage.lake()
    return {"row_limit": min(row_limit or default, default),
            "timeout_seconds": float(settings.AQYL["AQYL_SQL_TIMEOUT_SECONDS"]),
            "filesystem": None if lake.is_local else lake.fs}


def run_sql(actor: Actor, sql: str, *, row_limit: int | None = None) -> SqlRun:
    require(actor, "catalog.query")
    resolver = _Resolver(actor)
    try:
        result = lake_sql.run_query(sql, resolver, **_limits(row_limit))
    except LakeError as exc:
        raise DataError(lake_error_data(exc)) from exc
    datasets = resolver.record(sql)
    return SqlRun(result.table, result.truncated, result.elapsed_ms, result.columns, datasets)


def export_sql(actor: Actor, sql: str) -> Iterator[pa.RecordBatch]:
    """Every row of a query's result for a CSV export, up to 100× the page limit. Problems
    found before the first row (names, rights, syntax) raise here, not mid-download."""
    require(actor, "catalog.query")
    resolver = _Resolver(actor)
    limits = _limits(None)
    try:
        for name in lake_sql.referenced_tables(sql):
            resolver(name)
    except LakeError as exc:
        raise DataError(lake_error_data(exc)) from exc
    resolver.record(sql)
    return lake_sql.iter_query_batches(
        sql, resolver, row_limit=limits["row_limit"] * EXPORT_FACTOR,
        timeout_seconds=limits["timeout_seconds"] * 4, filesystem=limits["filesystem"])


def export_csv(actor: Actor, sql: str) -> IO[bytes]:
    """The whole result as CSV in an anonymous temporary file, rewound. Written in full before
    anything is sent, so a result over the export limit or a query that runs out of time is
    an error message, never a download that silently stops short."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response, or below)
    try:
        for chunk in iter_batches_csv(export_sql(actor, sql)):
            spool.write(chunk)
    except LakeError as exc:
        spool.close()
        raise DataError(lake_error_data(exc)) from exc
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool
