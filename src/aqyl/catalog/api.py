"""API routes for the catalog: search, datasets, versions, rows, downloads, uploads, access."""


import json
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Body, File, Form, Query, Router, Status
from ninja.files import UploadedFile
from pydantic import ValidationError as PydanticValidationError

from aqyl.accounts.selectors import get_organisation
from aqyl.catalog import (
    downloads,
    drafts,
    lifecycle,
    queries,
    selectors,
    services,
    sql_views,
    tasks,
)
from aqyl.catalog.models import AccessRequest, Dataset, UploadDraft
from aqyl.catalog.schemas import (
    AccessRequestIn,
    AccessRequestOut,
    DatabaseSourceIn,
    DatasetMetadata,
    DatasetOut,
    DecisionIn,
    DeletedOut,
    DeleteIn,
    DraftOut,
    NoteIn,
    ReadingOptions,
    RestoreIn,
    RowsOut,
    RowsQuery,
    SearchFilters,
    SearchOut,
    SqlExportQuery,
    SqlIn,
    SqlOut,
    VersionOut,
    WithdrawIn,
)
from aqyl.catalog.search import search as search_catalog
from aqyl.core.actors import Actor
from aqyl.core.errors import InvalidInput, NotFound
from aqyl.core.uploads import upload_refused
from aqyl.lake.parquet import table_rows

router = Router(tags=["datasets"])
# A body that may be left out altogether (curl -X POST with no data).
OPTIONAL_NOTE: Any = Body(None)  # type: ignore[type-arg]


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get("/datasets", response=SearchOut, summary="Search the catalog")
def search(request: HttpRequest, filters: Query[SearchFilters]) -> dict[str, Any]:
    actor = _actor(request)
    chosen = filters.dict(exclude={"q", "sort", "limit", "offset"})
    result = search_catalog(actor, query=filters.q, sort=filters.sort,
                    filters={k: str(v) for k, v in chosen.items() if v})
    return {"count": result.total, "items": result.page(filters.offset, filters.limit),
            "facets": {name: [{"value": v, "count": n} for v, n in values]
                       for name, values in result.facets.items()}}


@router.get("/datasets/{org}/{name}", response=DatasetOut, summary="One dataset")
def dataset_detail(request: HttpRequest, org: str, name: str) -> Dataset:
    return selectors.get_dataset(_actor(request), f"{org}/{name}")


@router.patch("/datasets/{org}/{name}", response=DatasetOut, summary="Change a dataset's "
              "description, coverage, licence, access level or column descriptions")
def dataset_update(request: HttpRequest, org: str, name: str, body: DatasetMetadata) -> Dataset:
    """Only the fields sent change. `column_descriptions` is merged into what is stored, column
    by column and language by language; an empty text or null removes one."""
    actor = _actor(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}", action="catalog.change_dataset")
    return services.update_dataset(actor, dataset, **body.dict(exclude_unset=True))


@router.post("/datasets/{org}/{name}/withdraw", response=DatasetOut, tags=["lifecycle"],
             summary="Withdraw a dataset from the catalog (owner's stewards and admins)")
def dataset_withdraw(request: HttpRequest, org: str, name: str, body: WithdrawIn) -> Dataset:
    """The dataset leaves search and the feeds, its data can no longer be read, and its page
    says why. Its versions are kept: restore it to bring it back."""
    actor = _actor(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    return lifecycle.withdraw_dataset(actor, dataset, reason=body.reason)


@router.post("/datasets/{org}/{name}/restore", response=DatasetOut, tags=["lifecycle"],
             summary="Put a withdrawn dataset back in the catalog")
def dataset_restore(request: HttpRequest, org: str, name: str,
                    body: RestoreIn | None = OPTIONAL_NOTE) -> Dataset:
    actor = _actor(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    return lifecycle.restore_dataset(actor, dataset, note=body.note if body else "")


@router.delete("/datasets/{org}/{name}", response=DeletedOut, tags=["lifecycle"],
               summary="Delete a dataset and its lake files for good (platform admins)")
def dataset_delete(request: HttpRequest, org: str, name: str, body: DeleteIn) -> Any:
    actor = _actor(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    return lifecycle.delete_dataset(actor, dataset, reason=body.reason)


@router.get("/datasets/{org}/{name}/versions", response=list[VersionOut],
            summary="Versions, newest first")
def versions(request: HttpRequest, org: str, name: str) -> Any:
    dataset = selectors.get_dataset(_actor(request), f"{org}/{name}")
    return dataset.versions.select_related("dataset__organisation", "parent", "created_by")


@router.get("/datasets/{org}/{name}/versions/{number}", response=VersionOut,
            summary="One version")
def version_detail(request: HttpRequest, org: str, name: str, number: int) -> Any:
    dataset = selectors.get_dataset(_actor(request), f"{org}/{name}")
    return selectors.get_version(dataset, number)


@router.get("/datasets/{org}/{name}/rows", response=RowsOut, summary="Rows of a version")
def rows(request: HttpRequest, org: str, name: str, params: Query[RowsQuery]) -> dict[str, Any]:
    found = selectors.resolve_readable(_actor(request), f"{org}/{name}"
                                       + (f"@{params.version}" if params.version else ""))
    page = downloads.version_rows(found, offset=params.offset, limit=params.limit)
    services.record_read(_actor(request), "catalog.read_rows", found.dataset, found,
                         offset=page.offset, rows=len(page.rows))
    return {"dataset": found.dataset.slug, "version": found.number, "columns": page.columns,
            "rows": page.rows, "total": page.total, "offset": page.offset}


@router.get("/datasets/{org}/{name}/download", response={200: None},
            summary="Download a version as CSV, Parquet or XLSX")
def download(request: HttpRequest, org: str, name: str, format: str = "parquet",
             version: int | None = None) -> HttpResponseBase:
    actor = _actor(request)
    found = selectors.resolve_readable(actor, f"{org}/{name}"
                                       + (f"@{version}" if version is not None else ""))
    return downloads.download_response(actor, found, format)


def _json_form(raw: str | None, schema: Any, field: str) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        return dict(schema.model_validate(json.loads(raw)).dict(exclude_none=True))
    except PydanticValidationError as exc:  # name each field: "metadata.tags: …"
        problems = {".".join([field, *map(str, error["loc"])]): [error["msg"][:300]]
                    for error in exc.errors()}
        raise InvalidInput(InvalidInput.default_message, fields=problems) from None
    except ValueError as exc:  # not JSON at all
        raise InvalidInput(InvalidInput.default_message,
                           fields={field: [str(exc).splitlines()[0][:300]]}) from None


def _uploaded(request: HttpRequest, file: UploadedFile | None) -> UploadedFile:
    if upload_refused(request):
        raise drafts.too_large()
    if file is None:
        message = _("Attach the file to upload.")
        raise InvalidInput(message, fields={"file": [message]})
    return file


def _target(actor: Actor, org: str, name: str, metadata: dict[str, Any]
            ) -> tuple[Any, Dataset | None, dict[str, Any] | None]:
    organisation = get_organisation(org)
    if organisation is None:
        raise NotFound(_("No organisation %(slug)s.") % {"slug": org})
    if Dataset.objects.filter(organisation=organisation, name=name).exists():
        return organisation, selectors.get_dataset(actor, f"{org}/{name}",
                                                   action="catalog.change_dataset"), None
    return organisation, None, {**metadata, "name": name}


@router.post("/datasets/{org}/{name}/versions", response={201: VersionOut},
             summary="Upload a file as the next version (creates the dataset if new)")
def upload_version(request: HttpRequest, org: str, name: str,
                   file: File[UploadedFile] = None,  # type: ignore[assignment]
                   metadata: Form[str] = "", options: Form[str] = "",
                   note: Form[str] = "") -> Status[Any]:
    """Multipart: `file`, and optionally `metadata` (JSON, for a new dataset: title_kk, …),
    `options` (JSON reading options: encoding, delimiter, header_row, sheet, column_types)
    and `note`. Read and published in one step; any problem leaves nothing behind."""
    actor = _actor(request)
    upload = _uploaded(request, file)
    organisation, dataset, new = _target(actor, org, name,
                                         _json_form(metadata, DatasetMetadata, "metadata"))
    version = drafts.ingest_upload(
        actor, organisation, filename=upload.name or "upload", chunks=upload.chunks(),
        dataset=dataset, new_dataset=new,
        options=_json_form(options, ReadingOptions, "options"), note=note)
    return Status(201, version)


@router.post("/datasets/{org}/{name}/versions/from-database", response={201: VersionOut},
             summary="A PostgreSQL table or query as the next version")
def database_version(request: HttpRequest, org: str, name: str, body: DatabaseSourceIn
                     ) -> Status[Any]:
    actor = _actor(request)
    metadata = body.metadata.dict(exclude_none=True) if body.metadata else {}
    organisation, dataset, new = _target(actor, org, name, metadata)
    version = drafts.ingest_database(actor, organisation, dsn=body.dsn, table=body.table,
                                     query=body.query, dataset=dataset, new_dataset=new,
                                     note=body.note)
    return Status(201, version)


@router.post("/datasets/{org}/{name}/uploads", response={202: DraftOut}, tags=["uploads"],
             summary="Upload a file to check before publishing (read in the background)")
def upload_draft(request: HttpRequest, org: str, name: str,
                 file: File[UploadedFile] = None,  # type: ignore[assignment]
                 metadata: Form[str] = "", options: Form[str] = "") -> Status[Any]:
    actor = _actor(request)
    upload = _uploaded(request, file)
    organisation, dataset, new = _target(actor, org, name,
                                         _json_form(metadata, DatasetMetadata, "metadata"))
    draft = drafts.start_upload(actor, organisation, filename=upload.name or "upload",
                                chunks=upload.chunks(), dataset=dataset, new_dataset=new,
                                options=_json_form(options, ReadingOptions, "options"))
    return Status(202, tasks.start_reading(actor, draft))


@router.get("/uploads/{draft_id}", response=DraftOut, tags=["uploads"],
            summary="What was understood from an upload")
def draft_detail(request: HttpRequest, draft_id: uuid.UUID) -> UploadDraft:
    return selectors.get_draft(_actor(request), draft_id)


@router.post("/uploads/{draft_id}/options", response={202: DraftOut}, tags=["uploads"],
             summary="Read the upload again with corrected options")
def draft_options(request: HttpRequest, draft_id: uuid.UUID, body: ReadingOptions
                  ) -> Status[Any]:
    actor = _actor(request)
    draft = drafts.reread_draft(actor, selectors.get_draft(actor, draft_id),
                                body.dict(exclude_none=True))
    return Status(202, tasks.start_reading(actor, draft))


@router.post("/uploads/{draft_id}/publish", response={201: VersionOut}, tags=["uploads"],
             summary="Publish the upload as the dataset's next version")
def draft_publish(request: HttpRequest, draft_id: uuid.UUID,
                  body: NoteIn | None = OPTIONAL_NOTE) -> Status[Any]:
    actor = _actor(request)
    draft = selectors.get_draft(actor, draft_id)
    return Status(201, drafts.publish_draft(actor, draft, note=body.note if body else ""))


@router.delete("/uploads/{draft_id}", response={204: None}, tags=["uploads"],
               summary="Discard an upload")
def draft_discard(request: HttpRequest, draft_id: uuid.UUID) -> Status[None]:
    actor = _actor(request)
    drafts.discard_draft(actor, selectors.get_draft(actor, draft_id))
    return Status(204, None)


@router.get("/datasets/{org}/{name}/access-requests", response=list[AccessRequestOut],
            tags=["access"], summary="Access requests: all for stewards, your own otherwise")
def access_requests(request: HttpRequest, org: str, name: str) -> Any:
    actor = _actor(request)
    return selectors.access_requests_for(actor, selectors.get_dataset(actor, f"{org}/{name}"))


@router.post("/datasets/{org}/{name}/access-requests", response={201: AccessRequestOut},
             tags=["access"], summary="Request access to a restricted dataset")
def request_access(request: HttpRequest, org: str, name: str, body: AccessRequestIn
                   ) -> Status[Any]:
    actor = _actor(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}")
    return Status(201, services.request_access(actor, dataset, purpose=body.purpose,
                                               until=body.until))


@router.post("/access-requests/{request_id}/decision", response=AccessRequestOut,
             tags=["access"], summary="Approve or reject (owner's stewards)")
def decide(request: HttpRequest, request_id: int, body: DecisionIn) -> AccessRequest:
    actor = _actor(request)
    return services.decide_access(actor, selectors.get_access_request(actor, request_id),
                                  approve=body.approve, note=body.note, until=body.until)


@router.post("/access-requests/{request_id}/revoke", response=AccessRequestOut,
             tags=["access"], summary="Revoke approved access (owner's stewards)")
def revoke(request: HttpRequest, request_id: int,
           body: NoteIn | None = OPTIONAL_NOTE) -> AccessRequest:
    actor = _actor(request)
    found = selectors.get_access_request(actor, request_id)
    return services.revoke_access(actor, found, note=body.note if body else "")


@router.post("/access-requests/{request_id}/withdraw", response=AccessRequestOut,
             tags=["access"], summary="Withdraw your pending request")
def withdraw(request: HttpRequest, request_id: int) -> AccessRequest:
    actor = _actor(request)
    return services.withdraw_access_request(actor, selectors.get_access_request(actor, request_id))


def sql_payload(run: queries.SqlRun) -> dict[str, Any]:
    return {"columns": [{"name": c.name, "type": c.type} for c in run.columns],
            "rows": table_rows(run.table), "row_count": run.table.num_rows,
            "truncated": run.truncated, "elapsed_ms": round(run.elapsed_ms, 1),
            "datasets": run.datasets}


@router.post("/sql", response=SqlOut, tags=["sql"],
             summary="Read-only SQL over the datasets you may read")
def sql(request: HttpRequest, body: SqlIn) -> dict[str, Any]:
    """Name datasets as quoted identifiers: `SELECT count(*) FROM "org/name"`, or a pinned
    version `"org/name@3"`. One SELECT only; files, settings and extensions are out of reach;
    a time limit and a row cap apply (`truncated` says when rows were cut)."""
    return sql_payload(queries.run_sql(_actor(request), body.sql, row_limit=body.limit))


@router.get("/sql.csv", tags=["sql"], response={200: None},
            summary="The full result of a query as CSV")
def sql_csv(request: HttpRequest, params: Query[SqlExportQuery]) -> HttpResponseBase:
    return sql_views.csv_response(_actor(request), params.sql)
