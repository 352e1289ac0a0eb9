"""Upload → staging → read → (steward corrects) → publish as a new immutable version.

The staging folder holds the uploaded file and what the reader made of it; nothing reaches the
lake or the catalog before `publish_draft`, and that step is all or nothing: the Parquet file is
stored under its content hash first, and removed again if the catalog rows cannot be written.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Callable, Iterable
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aqyl.accounts.models import Organisation
from aqyl.catalog import services, signals, storage
from aqyl.catalog.lake_messages import DataError, lake_error_data
from aqyl.catalog.models import Dataset, DatasetVersion, DraftStatus, UploadDraft
from aqyl.core import audit
from aqyl.core.actors import Actor
from aqyl.core.errors import Conflict, InvalidInput
from aqyl.core.permissions import require
from aqyl.core.uploads import upload_limit_bytes
from aqyl.lake.errors import LakeError
from aqyl.lake.ingest import IngestOptions, IngestResult, ingest_file, ingest_postgres
from aqyl.lake.parquet import describe_parquet, read_rows

Progress = Callable[[int, int], None]
PREVIEW_ROWS = 20
OPTION_NAMES = frozenset(f.name for f in dataclass_fields(IngestOptions))


def too_large() -> DataError:
    return DataError({"code": "too_large",
                         "params": {"limit": settings.AQYL["AQYL_UPLOAD_LIMIT_MB"]}})


def parse_options(raw: dict[str, Any]) -> IngestOptions:
    """Reader settings from a form, the API or the CLI; empty values mean 'detect'."""
    unknown = set(raw) - OPTION_NAMES
    if unknown:
        raise InvalidInput(_("Unknown reading options: %(names)s")
                           % {"names": ", ".join(sorted(unknown))})
    cleaned = {k: v for k, v in raw.items() if v not in (None, "")}
    header_row = cleaned.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise InvalidInput(_("The header row is a row number from 1."),
                           fields={"header_row": [_("Enter a whole number from 1.")]})
    types = cleaned.get("column_types", {})
    if not isinstance(types, dict) or not all(isinstance(v, str) for v in types.values()):
        raise InvalidInput(_("Column types must map column names to type names."))
    return IngestOptions(**cleaned)


def _target(actor: Actor, organisation: Organisation, dataset: Dataset | None,
            new_dataset: dict[str, Any] | None) -> dict[str, Any]:
    if dataset is not None:
        require(actor, "catalog.change_dataset", dataset)
        return {}
    fields = dict(new_dataset or {})
    services.prepare_new_dataset(actor, organisation, fields)
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()}


def start_upload(actor: Actor, organisation: Organisation, *, filename: str,
                 chunks: Iterable[bytes], dataset: Dataset | None = None,
                 new_dataset: dict[str, Any] | None = None,
                 options: dict[str, Any] | None = None) -> UploadDraft:
    """Copy the upload into staging (bounded by the size limit) and record the draft."""
    new_fields = _target(actor, organisation, dataset, new_dataset)
    parse_options(options or {})
    draft = UploadDraft(id=uuid.uuid4(), organisation=organisation, dataset=dataset,
                        new_dataset=new_fields, options=options or {},
                        source_name=Path(filename).name[:300] or "upload",
                        created_by=actor.account)
    folder = storage.staging_dir(str(draft.id))
    try:
        draft.source_sha256, draft.source_size = _copy_bounded(chunks, _source_path(draft))
        with transaction.atomic():
            draft.save(force_insert=True)
            audit.record(actor, "catalog.upload.start", organisation,
                         details={"draft": str(draft.id), "file": draft.source_name,
                                  "size": draft.source_size, "target": draft.target_slug})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return draft


def _source_path(draft: UploadDraft) -> Path:
    suffix = Path(draft.source_name).suffix.lower()[:10]
    return storage.staging_dir(str(draft.id)) / f"source{suffix}"


def _copy_bounded(chunks: Iterable[bytes], target: Path) -> tuple[str, int]:
    limit = upload_limit_bytes()
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as handle:
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise too_large()
            digest.update(chunk)
            handle.write(chunk)
    return digest.hexdigest(), size


def read_draft(draft: UploadDraft, progress: Progress | None = None) -> UploadDraft:
    """Read the staged file with the draft's options; the outcome is stored on the draft."""
    work = storage.staging_dir(str(draft.id)) / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        result = ingest_file(_source_path(draft), work, parse_options(draft.options), progress,
                             filename=draft.source_name)
    except LakeError as exc:
        shutil.rmtree(work, ignore_errors=True)
        _store_outcome(draft, status=DraftStatus.FAILED, error=lake_error_data(exc))
        return draft
    _store_result(draft, result)
    if draft.status == DraftStatus.READY:
        signals.draft_read.send(UploadDraft, draft=draft)
    return draft


def _store_result(draft: UploadDraft, result: IngestResult) -> None:
    _store_outcome(
        draft, status=DraftStatus.READY, error={}, format=result.format,
        understood=result.understood, row_count=result.parquet.rows,
        schema=[{"name": c.name, "type": c.type} for c in result.parquet.columns],
        preview=read_rows(result.parquet.path, limit=PREVIEW_ROWS),
    )


def _store_outcome(draft: UploadDraft, **values: Any) -> None:
    for name, value in values.items():
        setattr(draft, name, value)
    # A draft discarded while it was being read stays discarded, and its files go.
    updated = UploadDraft.objects.filter(pk=draft.pk, status=DraftStatus.READING).update(**values)
    if not updated:
        draft.refresh_from_db()
        if draft.status == DraftStatus.DISCARDED:
            storage.remove_staging_dir(str(draft.id))


def reread_draft(actor: Actor, draft: UploadDraft, options: dict[str, Any]) -> UploadDraft:
    """The steward corrected what was understood; the caller reads the draft again."""
    _require_manage(actor, draft)
    if draft.status not in (DraftStatus.READY, DraftStatus.FAILED):
        raise Conflict(_("This upload is not waiting for corrections."))
    parse_options(options)
    draft.options = options
    draft.status = DraftStatus.READING
    draft.save(update_fields=["options", "status"])
    return draft


def _require_manage(actor: Actor, draft: UploadDraft) -> None:
    if draft.dataset is not None:
        require(actor, "catalog.change_dataset", draft.dataset)
    else:
        require(actor, "catalog.create_dataset", draft.organisation)


def discard_draft(actor: Actor, draft: UploadDraft) -> None:
    _require_manage(actor, draft)
    if draft.status == DraftStatus.COMMITTED:
        raise Conflict(_("This upload has already been published."))
    with transaction.atomic():
        UploadDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.DISCARDED)
        audit.record(actor, "catalog.upload.discard", draft.organisation,
                     details={"draft": str(draft.id), "file": draft.source_name})
    draft.status = DraftStatus.DISCARDED
    storage.remove_staging_dir(str(draft.id))


def publish_draft(actor: Actor, draft: UploadDraft, *, note: str = "") -> DatasetVersion:
    """Store the Parquet file in the lake and the version in the catalog, together or not at
    all; a new dataset is created here, with its first version."""
    _require_manage(actor, draft)
    if draft.status != DraftStatus.READY:
        raise Conflict(_("Only an upload that was read successfully can be published."))
    signals.publishing.send(UploadDraft, actor=actor, draft=draft)
    parquet = describe_parquet(storage.staging_dir(str(draft.id)) / "work" / "data.parquet")
    key = storage.lake().put_version(parquet.path, parquet.sha256)
    try:
        with transaction.atomic():
            claimed = UploadDraft.objects.filter(pk=draft.pk, status=DraftStatus.READY).update(
                status=DraftStatus.COMMITTED)
            if not claimed:
                raise Conflict(_("This upload has already been published or discarded."))
            dataset = draft.dataset or _create_dataset(actor, draft)
            version = _create_version(actor, dataset, draft, key=key, sha256=parquet.sha256,
                                      size=parquet.size, note=note)
            UploadDraft.objects.filter(pk=draft.pk).update(version=version)
    except BaseException:
        storage.forget_unreferenced(key)
        raise
    draft.status, draft.version = DraftStatus.COMMITTED, version
    storage.remove_staging_dir(str(draft.id))
    return version


def _create_dataset(actor: Actor, draft: UploadDraft) -> Dataset:
    dataset = services.prepare_new_dataset(actor, draft.organisation, dict(draft.new_dataset))
    dataset.steward = actor.account
    dataset.created_by = dataset.steward
    dataset.save()
    audit.record(actor, "catalog.dataset.create", dataset, details={"slug": dataset.slug})
    return dataset


def _create_version(actor: Actor, dataset: Dataset, draft: UploadDraft, *, key: str,
                    sha256: str, size: int, note: str) -> DatasetVersion:
    locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
    latest = locked.versions.order_by("-number").first()
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DatasetVersion.objects.create(
        dataset=locked, number=number, parent=latest, storage_key=key, sha256=sha256,
        size_bytes=size, row_count=draft.row_count or 0, schema=draft.schema,
        format=draft.format, understood=draft.understood, source_name=draft.source_name,
        source_sha256=draft.source_sha256, source_size=draft.source_size,
        source_database=draft.source_database, source_query=draft.source_query,
        note=note.strip(), created_by=actor.account,
    )
    dataset.format = draft.format
    dataset.updated_at = timezone.now()
    dataset.search_text = services.search_text(dataset, version.column_names)
    dataset.save(update_fields=["format", "updated_at", "search_text"])
    audit.record(actor, "catalog.version.create", dataset,
                 details={"version": number, "rows": version.row_count, "sha256": sha256,
                          "source": draft.source_name or draft.source_database})
    return version


def ingest_upload(actor: Actor, organisation: Organisation, *, filename: str,
                  chunks: Iterable[bytes], dataset: Dataset | None = None,
                  new_dataset: dict[str, Any] | None = None,
                  options: dict[str, Any] | None = None, note: str = "",
                  progress: Progress | None = None) -> DatasetVersion:
    """Upload, read and publish in one step (CLI, API, SDK): on any failure nothing remains."""
    draft = start_upload(actor, organisation, filename=filename, chunks=chunks,
                         dataset=dataset, new_dataset=new_dataset, options=options)
    return _finish_one_step(actor, draft, note, lambda: read_draft(draft, progress))


def file_chunks(path: Path) -> Iterable[bytes]:
    """A local file in chunks, refused at once when it is over the upload limit."""
    if path.stat().st_size > upload_limit_bytes():
        raise too_large()
    return _chunks(path)


def _chunks(path: Path) -> Iterable[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def ingest_database(actor: Actor, organisation: Organisation, *, dsn: str,
                    table: str | None = None, query: str | None = None,
                    dataset: Dataset | None = None, new_dataset: dict[str, Any] | None = None,
                    note: str = "", progress: Progress | None = None) -> DatasetVersion:
    """A table or a query of a PostgreSQL database as a new version. The connection string is
    used here and never stored: lineage keeps the host, database and query only."""
    if bool(table) == bool(query):
        raise InvalidInput(_("Give either a table or a query, not both."))
    new_fields = _target(actor, organisation, dataset, new_dataset)
    draft = UploadDraft(id=uuid.uuid4(), organisation=organisation, dataset=dataset,
                        new_dataset=new_fields, source_query=query or f"TABLE {table}",
                        created_by=actor.account)
    draft.save(force_insert=True)

    def read() -> None:
        work = storage.staging_dir(str(draft.id)) / "work"
        work.mkdir(exist_ok=True)
        try:
            result = ingest_postgres(dsn, work, table=table, query=query, progress=progress)
        except LakeError as exc:
            _store_outcome(draft, status=DraftStatus.FAILED, error=lake_error_data(exc))
            return
        draft.source_database = str(result.understood.get("database", ""))[:300]
        draft.save(update_fields=["source_database"])
        _store_result(draft, result)

    return _finish_one_step(actor, draft, note, read)


def _finish_one_step(actor: Actor, draft: UploadDraft, note: str, read: Callable[[], Any]
                     ) -> DatasetVersion:
    try:
        read()
        if draft.status == DraftStatus.FAILED:
            raise DataError(draft.error)
        return publish_draft(actor, draft, note=note)
    finally:
        if draft.status != DraftStatus.COMMITTED:
            storage.remove_staging_dir(str(draft.id))
            UploadDraft.objects.filter(pk=draft.pk).delete()


def derive_version(actor: Actor, dataset: Dataset, *, source_name: str, note: str,
                   produce: Callable[[Path], dict[str, Any]]) -> DatasetVersion:
    """A version the platform makes from the latest one (a preparation recipe, a
    de-identification): `produce` writes the Parquet file and returns what to record as
    understood; it is then staged, checked and published exactly like an upload, all or
    nothing."""
    require(actor, "catalog.change_dataset", dataset)
    draft = UploadDraft.objects.create(organisation=dataset.organisation, dataset=dataset,
                                       source_name=source_name[:300],
                                       created_by=actor.account)

    def read() -> None:
        work = storage.staging_dir(str(draft.id)) / "work"
        work.mkdir(exist_ok=True)
        understood = produce(work / "data.parquet")
        parquet = describe_parquet(work / "data.parquet")
        # The dataset keeps the format its owner publishes in (the catalog's format facet).
        _store_outcome(draft, status=DraftStatus.READY, error={},
                       format=dataset.format or "parquet",
                       understood=understood, row_count=parquet.rows,
                       schema=[{"name": c.name, "type": c.type} for c in parquet.columns],
                       preview=read_rows(parquet.path, limit=PREVIEW_ROWS))
        signals.draft_read.send(UploadDraft, draft=draft)

    return _finish_one_step(actor, draft, note, read)
