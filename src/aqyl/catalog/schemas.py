"""API shapes for datasets, versions, uploads, access requests and SQL."""


import uuid
from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from aqyl.accounts.models import Sector
from aqyl.catalog.lake_messages import describe_problem, lake_error_message
from aqyl.catalog.models import (
    AccessLevel,
    AccessRequest,
    Dataset,
    DatasetVersion,
    Licence,
    UpdateFrequency,
    UploadDraft,
)


class ColumnOut(Schema):
    name: str
    type: str
    description: str = ""


class VersionOut(Schema):
    dataset: str
    number: int
    parent: int | None
    row_count: int
    size_bytes: int
    sha256: str
    columns: list[ColumnOut]
    format: str
    understood: dict[str, Any]
    source_name: str
    source_sha256: str
    source_database: str
    source_query: str
    note: str
    created_by: str | None
    created_at: datetime

    @staticmethod
    def resolve_dataset(obj: DatasetVersion) -> str:
        return obj.dataset.slug

    @staticmethod
    def resolve_parent(obj: DatasetVersion) -> int | None:
        return obj.parent.number if obj.parent else None

    @staticmethod
    def resolve_columns(obj: DatasetVersion) -> list[dict[str, str]]:
        return [{**c, "description": obj.dataset.column_description(c["name"])}
                for c in obj.schema]

    @staticmethod
    def resolve_created_by(obj: DatasetVersion) -> str | None:
        return obj.created_by.username if obj.created_by else None


def _latest(dataset: Dataset) -> DatasetVersion | None:
    """Newest first by the model's ordering; uses prefetched versions when a list has them."""
    versions = dataset.versions.all()
    return versions[0] if versions else None


class DatasetOut(Schema):
    slug: str
    organisation: str
    name: str
    title: str
    title_kk: str
    title_ru: str
    title_en: str
    description: str
    description_kk: str
    description_ru: str
    description_en: str
    sector: str
    tags: list[str]
    licence: str
    update_frequency: str
    spatial_coverage: str
    spatial_coverage_kk: str
    spatial_coverage_ru: str
    spatial_coverage_en: str
    temporal_start: date | None
    temporal_end: date | None
    access_level: str
    format: str
    quality_score: float | None
    steward: str | None
    contact_email: str
    view_count: int
    download_count: int
    query_count: int
    created_at: datetime
    updated_at: datetime
    latest_version: int | None
    row_count: int | None
    withdrawn: bool
    withdrawn_at: datetime | None
    withdrawal_reason: str

    @staticmethod
    def resolve_withdrawn(obj: Dataset) -> bool:
        return obj.is_withdrawn

    @staticmethod
    def resolve_organisation(obj: Dataset) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_steward(obj: Dataset) -> str | None:
        return obj.steward.get_full_name() or obj.steward.username if obj.steward else None

    @staticmethod
    def resolve_latest_version(obj: Dataset) -> int | None:
        latest = _latest(obj)
        return latest.number if latest else None

    @staticmethod
    def resolve_row_count(obj: Dataset) -> int | None:
        latest = _latest(obj)
        return latest.row_count if latest else None


class FacetValue(Schema):
    value: str
    count: int


class SearchOut(Schema):
    count: int
    items: list[DatasetOut]
    facets: dict[str, list[FacetValue]]


class SearchFilters(Schema):
    q: str = Field("", max_length=200)
    organisation: str = Field("", max_length=64)
    sector: Sector | None = None
    access_level: AccessLevel | None = None
    format: str = Field("", max_length=16)
    licence: Licence | None = None
    update_frequency: UpdateFrequency | None = None
    quality: str = Field("", pattern=r"^(|high|medium|low|unknown)$")
    sort: str = Field("relevance", pattern=r"^(relevance|updated|title|downloads|quality)$")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class DatasetMetadata(Schema):
    """What describes a dataset; `name` only when creating one."""

    name: str | None = Field(None, max_length=80)
    title_kk: str | None = Field(None, max_length=300)
    title_ru: str | None = Field(None, max_length=300)
    title_en: str | None = Field(None, max_length=300)
    description_kk: str | None = Field(None, max_length=20000)
    description_ru: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    contact_email: str | None = Field(None, max_length=254)
    sector: Sector | None = None
    tags: list[str] | None = Field(None, max_length=30)
    licence: Licence | None = None
    update_frequency: UpdateFrequency | None = None
    spatial_coverage_kk: str | None = Field(None, max_length=300)
    spatial_coverage_ru: str | None = Field(None, max_length=300)
    spatial_coverage_en: str | None = Field(None, max_length=300)
    spatial_coverage: str | None = Field(None, max_length=300,
                                         description="The same as spatial_coverage_kk.")
    temporal_start: date | None = None
    temporal_end: date | None = None
    access_level: AccessLevel | None = None
    column_descriptions: dict[str, dict[str, str | None] | None] | None = Field(
        None, description='Per column, texts by language: {"region": {"kk": "…", "ru": "…", '
        '"en": "…"}}. Merged into what is stored: a column or language left out is kept, an '
        'empty text or null removes it.')


class WithdrawIn(Schema):
    reason: str = Field(..., max_length=2000, description="Why: shown on the dataset's page.")


class RestoreIn(Schema):
    note: str = Field("", max_length=2000)


class DeleteIn(Schema):
    reason: str = Field(..., max_length=2000, description="Why: kept in the audit log.")


class DeletedOut(Schema):
    slug: str
    versions: int
    rows: int
    files: int = Field(..., description="Lake files removed (content other datasets share "
                       "stays).")
    reason: str


class DraftOut(Schema):
    id: uuid.UUID
    target: str
    status: str
    source_name: str
    source_size: int | None
    format: str
    understood: dict[str, Any]
    options: dict[str, Any]
    columns: list[ColumnOut]
    row_count: int | None
    preview: list[list[Any]]
    error: str
    problems: list[str]
    task_run: uuid.UUID | None
    version: int | None

    @staticmethod
    def resolve_target(obj: UploadDraft) -> str:
        return obj.target_slug

    @staticmethod
    def resolve_columns(obj: UploadDraft) -> list[dict[str, str]]:
        return list(obj.schema)

    @staticmethod
    def resolve_error(obj: UploadDraft) -> str:
        return lake_error_message(obj.error) if obj.error else ""

    @staticmethod
    def resolve_problems(obj: UploadDraft) -> list[str]:
        return [describe_problem(p) for p in obj.error.get("problems", [])]

    @staticmethod
    def resolve_task_run(obj: UploadDraft) -> uuid.UUID | None:
        return obj.task_run_id

    @staticmethod
    def resolve_version(obj: UploadDraft) -> int | None:
        return obj.version.number if obj.version else None


class ReadingOptions(Schema):
    format: str | None = Field(None, pattern=r"^(csv|xlsx|xls|ods|json|jsonl|parquet)$")
    encoding: str | None = Field(None, max_length=40)
    delimiter: str | None = Field(None, min_length=1, max_length=1)
    header: bool | None = None
    decimal_comma: bool | None = None
    date_format: str | None = Field(None, max_length=40)
    sheet: str | None = Field(None, max_length=100)
    header_row: int | None = Field(None, ge=1, le=1000)
    header_rows: int | None = Field(None, ge=1, le=2)
    column_types: dict[str, str] | None = None
    drop_totals_row: bool | None = None


class NoteIn(Schema):
    """A body that is only an optional note (publishing an upload, revoking access)."""

    note: str = Field("", max_length=5000)


class DatabaseSourceIn(Schema):
    dsn: str = Field(..., min_length=1, max_length=1000, description="postgresql://… URL")
    table: str | None = Field(None, max_length=200)
    query: str | None = Field(None, max_length=100_000)
    metadata: DatasetMetadata | None = None
    note: str = Field("", max_length=5000)


class AccessRequestIn(Schema):
    purpose: str = Field(..., min_length=1, max_length=5000)
    until: date


class DecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=5000)
    until: date | None = None


class AccessRequestOut(Schema):
    id: int
    dataset: str
    requester: str
    purpose: str
    requested_until: date
    status: str
    expires_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    created_at: datetime

    @staticmethod
    def resolve_dataset(obj: AccessRequest) -> str:
        return obj.dataset.slug

    @staticmethod
    def resolve_requester(obj: AccessRequest) -> str:
        return obj.requester.username

    @staticmethod
    def resolve_decided_by(obj: AccessRequest) -> str | None:
        return obj.decided_by.username if obj.decided_by else None


class RowsQuery(Schema):
    version: int | None = Field(None, ge=1)
    offset: int = Field(0, ge=0, le=10**12)
    limit: int = Field(50, ge=1, le=1000)


class RowsOut(Schema):
    dataset: str
    version: int
    columns: list[ColumnOut]
    rows: list[list[Any]]
    total: int
    offset: int


class SqlIn(Schema):
    sql: str = Field(..., min_length=1, max_length=100_000)
    limit: int | None = Field(None, ge=1, le=100_000)


class SqlExportQuery(Schema):
    sql: str = Field(..., min_length=1, max_length=100_000)


class SqlOut(Schema):
    columns: list[ColumnOut]
    rows: list[list[Any]]
    row_count: int
    truncated: bool
    elapsed_ms: float
    datasets: list[str]
