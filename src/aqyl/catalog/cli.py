"""`aqyl dataset` and `aqyl sql`: the catalog from the terminal, authorised like the API.

Writes (ingest) need a write-scoped token; reads work without one for open data, as the API's
do for anonymous callers. `--json` prints what the API would answer, so scripts can rely on it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import typer
from rich.table import Table
from rich.text import Text

from aqyl.catalog.cli_lifecycle import delete, restore, withdraw
from aqyl.core.cli_support import (
    TOKEN_OPTION,
    actor_for_token,
    console,
    err_console,
    handles_errors,
)

if TYPE_CHECKING:
    from aqyl.catalog.models import Dataset, DatasetVersion
    from aqyl.core.actors import Actor
    from aqyl.core.errors import AqylError

dataset_app = typer.Typer(help="Datasets: ingest files as versions, list, show, export, "
                          "withdraw, restore, delete.", no_args_is_help=True)

OPTION_OF_FIELD = {"title_kk": "--title", "title_ru": "--title-ru", "title_en": "--title-en",
                   "access_level": "--access", "sector": "--sector", "licence": "--licence"}
JSON_OPTION = typer.Option(False, "--json", help="Print the result as JSON.")
SLUG_ARGUMENT = typer.Argument(..., help="organisation/name, or organisation/name@version.",
                               show_default=False)


def _(message: str) -> str:
    """gettext, imported when called so that the CLI loads without Django."""
    from django.utils.translation import gettext

    return gettext(message)


def reader_actor(token: str | None) -> Actor:
    """The token's user, or an anonymous reader: open data needs no token, as in the API."""
    if token:
        actor: Actor = actor_for_token(token)
        return actor
    from django.contrib.auth.models import AnonymousUser

    from aqyl.core.actors import Actor

    return Actor(user=AnonymousUser(), channel="cli", client_address=f"cli:{os.getpid()}")


def _print_json(value: Any) -> None:
    """UTF-8 JSON on stdout whatever the terminal's encoding, as the API sends it."""
    sys.stdout.flush()
    sys.stdout.buffer.write(json.dumps(value, ensure_ascii=False, indent=2).encode() + b"\n")
    sys.stdout.buffer.flush()


def _report_error(exc: AqylError, as_json: bool) -> None:
    err_console.print(Text(str(exc.message), style="red"))
    for field, messages in exc.fields.items():
        err_console.print(Text(f"  {field}: {'; '.join(messages)}"))
    for problem in exc.details.get("problems", []):
        err_console.print(Text(f"  {problem}"))
    if as_json:
        error: dict[str, Any] = {"code": exc.code, "message": str(exc.message),
                                 "fields": exc.fields}
        if exc.details:
            error["details"] = exc.details
        _print_json({"error": error})


@contextmanager
def _reported(as_json: bool) -> Iterator[None]:
    """Errors as handles_errors prints them, plus the rows a file was refused for and, with
    --json, the API's error object on stdout."""
    from aqyl.core.errors import AqylError

    try:
        yield
    except AqylError as exc:
        _report_error(exc, as_json)
        raise typer.Exit(1) from None


def _cell(value: Any) -> Text:
    """Table cells as plain text: titles and values may contain Rich markup characters."""
    if value is None:
        return Text("NULL", style="dim")
    return Text(str(value))


def _moment(value: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _label(model: Any, field: str) -> str:
    from django.utils.text import capfirst

    return str(capfirst(model._meta.get_field(field).verbose_name))


def _columns(version: DatasetVersion) -> list[dict[str, str]]:
    return [{"name": c["name"], "type": c["type"]} for c in version.schema]


# ---- ingest ---------------------------------------------------------------------------------


def _reading_options(*, header_row: int | None, header_rows: int | None, sheet: str | None,
                     encoding: str | None, delimiter: str | None, types: list[str]
                     ) -> dict[str, Any]:
    from aqyl.core.errors import InvalidInput

    column_types: dict[str, str] = {}
    for item in types:
        column, sep, kind = item.rpartition("=")
        if not sep or not column.strip() or not kind.strip():
            raise InvalidInput(_("Write --type as COLUMN=TYPE, for example bin=VARCHAR."))
        column_types[column.strip()] = kind.strip()
    if delimiter in ("tab", "\\t"):
        delimiter = "\t"
    options = {"header_row": header_row, "header_rows": header_rows, "sheet": sheet,
               "encoding": encoding, "delimiter": delimiter,
               "column_types": column_types or None}
    return {name: value for name, value in options.items() if value is not None}


def _ignored_options(dataset: Dataset, given: dict[str, str | None]) -> list[str]:
    """The metadata options that would have changed an existing dataset."""
    return [OPTION_OF_FIELD[field] for field, value in given.items()
            if value is not None and getattr(dataset, field) != value]


@contextmanager
def _ingest_progress(enabled: bool, filename: str, size: int
                     ) -> Iterator[tuple[Callable[[Iterable[bytes]], Iterator[bytes]],
                                         Callable[[int, int], None]]]:
    """Two bars on stderr: copying the file to staging, then reading it into Parquet."""
    from rich.progress import DownloadColumn, Progress

    with Progress(*Progress.get_default_columns(), DownloadColumn(), console=err_console,
                  transient=True, disable=not enabled or not err_console.is_terminal
                  ) as progress:
        copying = progress.add_task(_("Copying %(name)s") % {"name": filename}, total=size)
        reading = progress.add_task(_("Reading %(name)s") % {"name": filename}, total=None,
                                    visible=False)

        def copied(chunks: Iterable[bytes]) -> Iterator[bytes]:
            for chunk in chunks:
                progress.advance(copying, len(chunk))
                yield chunk
            # Until the reader reports (some only do at the end), the bar pulses.
            progress.update(copying, visible=False)
            progress.update(reading, visible=True)

        def read(done: int, total: int) -> None:
            progress.update(reading, completed=done, total=total or None)

        yield copied, read


def ingest_result(version: DatasetVersion, *, created: bool) -> dict[str, Any]:
    """What `dataset ingest --json` prints: stable keys for scripts."""
    return {
        "dataset": version.dataset.slug,
        "version": version.number,
        "created": created,
        "rows": version.row_count,
        "columns": _columns(version),
        "sha256": version.sha256,
        "size_bytes": version.size_bytes,
        "format": version.format,
        "understood": version.understood,
        "source": {"name": version.source_name, "sha256": version.source_sha256,
                   "size_bytes": version.source_size},
        "note": version.note,
        "created_at": version.created_at.isoformat(),
    }


@dataset_app.command("ingest")
@handles_errors
def ingest(
    path: Path = typer.Argument(..., help="CSV, Excel (XLSX, XLS, ODS), JSON, JSON Lines or "
                                "Parquet file.", show_default=False),
    org: str = typer.Option(..., "--org", help="Short name of the owner organisation."),
    name: str = typer.Option(..., "--name", help="The dataset's short name: lowercase Latin "
                             "letters, digits and hyphens."),
    title: str | None = typer.Option(None, "--title", help="Title in Kazakh; required when "
                                     "the dataset is new."),
    title_ru: str | None = typer.Option(None, "--title-ru", help="Title in Russian."),
    title_en: str | None = typer.Option(None, "--title-en", help="Title in English."),
    access: str | None = typer.Option(None, "--access", help="open, restricted or "
                                      "confidential (a new dataset is open by default)."),
    sector: str | None = typer.Option(None, "--sector", help="Sector code (default: the "
                                      "organisation's sector)."),
    licence: str | None = typer.Option(None, "--licence", help="CC-BY-4.0 (default), "
                                       "CC-BY-SA-4.0, CC0-1.0, ODbL-1.0 or owner-terms."),
    header_row: int | None = typer.Option(None, "--header-row", min=1,
                                          help="Row number of the header (from 1)."),
    header_rows: int | None = typer.Option(
        None, "--header-rows", min=1, max=2, help="Rows the header takes: 1, or 2 when group "
        "labels stand above the labels of their parts (detected in workbooks by default)."),
    sheet: str | None = typer.Option(None, "--sheet", help="Workbook sheet to read."),
    encoding: str | None = typer.Option(None, "--encoding", help="Text encoding, e.g. "
                                        "windows-1251 (detected by default)."),
    delimiter: str | None = typer.Option(None, "--delimiter", help="CSV delimiter, e.g. ; "
                                         "or tab (detected by default)."),
    types: list[str] | None = typer.Option(
        None, "--type", help="A column's type as COLUMN=TYPE (VARCHAR, BIGINT, INTEGER, DOUBLE, "
        "DECIMAL(18,3), BOOLEAN, DATE, TIMESTAMP or TIME), e.g. bin=VARCHAR; repeat for more."),
    note: str = typer.Option("", "--note", help="What changed in this version."),
    as_json: bool = typer.Option(False, "--json", help="Print the new version as JSON (no "
                                 "progress bar)."),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Read a file into the lake as a new version of ORG/NAME, creating the dataset when it is
    new. All or nothing: a file that cannot be read leaves nothing behind."""
    from aqyl.accounts.selectors import get_organisation
    from aqyl.catalog import drafts, selectors
    from aqyl.catalog.models import Dataset
    from aqyl.core.errors import InvalidInput, NotFound
    from aqyl.core.permissions import require

    with _reported(as_json):
        actor = actor_for_token(token)
        if not path.is_file():
            raise InvalidInput(_("There is no file %(path)s.") % {"path": path})
        organisation = get_organisation(org)
        if organisation is None:
            raise NotFound(_("No organisation %(slug)s.") % {"slug": org})
        given = {"title_kk": title, "title_ru": title_ru, "title_en": title_en,
                 "access_level": access, "sector": sector, "licence": licence}
        options = _reading_options(header_row=header_row, header_rows=header_rows, sheet=sheet,
                                   encoding=encoding, delimiter=delimiter, types=types or [])
        dataset = Dataset.objects.filter(organisation=organisation, name=name).first()
        new_dataset = None
        if dataset is None:
            require(actor, "catalog.create_dataset", organisation)
            if not title:
                raise InvalidInput(_("%(slug)s is a new dataset: give its Kazakh title with "
                                     "--title.") % {"slug": f"{org}/{name}"})
            new_dataset = {"name": name, "sector": organisation.sector,
                           **{k: v for k, v in given.items() if v is not None}}
        else:  # one the actor may not see is "not found", as on every read path
            dataset = selectors.get_dataset(actor, dataset.slug,
                                            action="catalog.change_dataset")
            ignored = _ignored_options(dataset, given)
            if ignored:
                err_console.print(Text(
                    _("%(slug)s already exists, so these options were ignored: %(names)s. "
                      "Change its description in the portal or through the API.")
                    % {"slug": dataset.slug, "names": ", ".join(ignored)}, style="yellow"))
        chunks = drafts.file_chunks(path)
        with _ingest_progress(not as_json, path.name, path.stat().st_size) as (copied, read):
            version = drafts.ingest_upload(
                actor, organisation, filename=path.name, chunks=copied(chunks),
                dataset=dataset, new_dataset=new_dataset, options=options, note=note,
                progress=read)
    result = ingest_result(version, created=dataset is None)
    if as_json:
        _print_json(result)
        return
    _print_ingested(result)


def _print_ingested(result: dict[str, Any]) -> None:
    values = {"slug": result["dataset"], "version": result["version"], "rows": result["rows"],
              "columns": len(result["columns"])}
    if result["created"]:
        line = _("Created %(slug)s, version %(version)s: %(rows)s rows, %(columns)s columns.")
    else:
        line = _("Added version %(version)s to %(slug)s: %(rows)s rows, %(columns)s columns.")
    console.print(Text(line % values, style="bold"))
    understood = ", ".join(f"{key}={value}" for key, value in result["understood"].items()
                           if value not in (None, "", [], {}))
    console.print(Text(_("Read as %(format)s: %(understood)s")
                       % {"format": result["format"], "understood": understood or "—"}))
    table = Table(_("Column"), _("Type"))
    for column in result["columns"]:
        table.add_row(_cell(column["name"]), _cell(column["type"]))
    console.print(table)


# ---- list, show, versions -------------------------------------------------------------------


def _dataset_out(dataset: Dataset) -> dict[str, Any]:
    from aqyl.catalog.schemas import DatasetOut

    out: dict[str, Any] = DatasetOut.from_orm(dataset).model_dump(mode="json")
    return out


def _version_out(version: DatasetVersion) -> dict[str, Any]:
    from aqyl.catalog.schemas import VersionOut

    out: dict[str, Any] = VersionOut.from_orm(version).model_dump(mode="json")
    return out


@dataset_app.command("list")
@handles_errors
def list_datasets(
    query: str = typer.Option("", "--query", "-q", help="Words to search for in titles, "
                              "descriptions, tags and column names."),
    org: str = typer.Option("", "--org", help="Only this organisation's datasets."),
    access: str = typer.Option("", "--access", help="Only open, restricted or confidential."),
    sector: str = typer.Option("", "--sector", help="Only this sector."),
    quality: str = typer.Option("", "--quality", help="Only this quality band: high (80 and "
                                "above), medium, low or unknown."),
    sort: str = typer.Option("relevance", "--sort", help="relevance, updated, title, "
                             "downloads or quality (highest score first)."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many."),
    as_json: bool = JSON_OPTION,
    token: str | None = TOKEN_OPTION,
) -> None:
    """Search the datasets you may see (open and restricted ones without a token)."""
    from aqyl.catalog.models import AccessLevel
    from aqyl.catalog.search import ORDERINGS, QUALITY_BANDS, search
    from aqyl.core.errors import InvalidInput

    with _reported(as_json):
        for value, allowed in ((access, AccessLevel.values), (sort, list(ORDERINGS)),
                               (quality, [*QUALITY_BANDS, "unknown"])):
            if value and value not in allowed:
                raise InvalidInput(_("%(value)s is not one of: %(values)s.")
                                   % {"value": value, "values": ", ".join(allowed)})
        result = search(reader_actor(token), query=query, sort=sort, filters={
            "organisation": org, "access_level": access, "sector": sector,
            "quality": quality})
        found = result.page(0, limit)
    if as_json:
        _print_json({"count": result.total, "items": [_dataset_out(d) for d in found]})
        return
    if not found:
        console.print(_("No datasets match."))
        return
    table = Table(_("Dataset"))  # its name to type next, and the title below it
    for header in (_label(found[0], "access_level"), _("Version"), _("Rows"),
                   _label(found[0], "quality_score"), _label(found[0], "updated_at")):
        table.add_column(header, no_wrap=True)
    for dataset in found:
        latest = next(iter(dataset.versions.all()), None)
        table.add_row(Text.assemble((dataset.slug, "bold"), "\n", dataset.title),
                      _cell(dataset.get_access_level_display()),
                      _cell(latest.number if latest else "—"),
                      _cell(latest.row_count if latest else "—"),
                      _cell("—" if dataset.quality_score is None
                            else f"{dataset.quality_score:.0f}"),
                      _cell(_moment(dataset.updated_at)[:10]))
    console.print(table)
    if result.total > len(found):
        console.print(_("Showing %(shown)s of %(total)s: search more narrowly or raise --limit.")
                      % {"shown": len(found), "total": result.total})


@dataset_app.command("show")
@handles_errors
def show(slug: str = SLUG_ARGUMENT, as_json: bool = JSON_OPTION,
         token: str | None = TOKEN_OPTION) -> None:
    """A dataset's description, its columns and its latest (or the given) version."""
    from aqyl.catalog import selectors

    with _reported(as_json):
        _org, _name, number = selectors.parse_slug(slug)
        dataset = selectors.get_dataset(reader_actor(token), slug)
        version = dataset.versions.first() if number is None else selectors.get_version(
            dataset, number)
    if as_json:
        _print_json({**_dataset_out(dataset),
                     "version": _version_out(version) if version else None})
        return
    console.print(Text(f"{dataset.slug} — {dataset.title}", style="bold"))
    facts = Table(show_header=False, box=None)
    rows: list[tuple[str, Any]] = [
        (_label(dataset, "organisation"), f"{dataset.organisation.slug} "
                                          f"({dataset.organisation.name})"),
        (_label(dataset, "access_level"), dataset.get_access_level_display()),
        (_label(dataset, "sector"), dataset.get_sector_display()),
        (_label(dataset, "licence"), dataset.get_licence_display()),
        (_label(dataset, "update_frequency"), dataset.get_update_frequency_display()),
        (_label(dataset, "updated_at"), _moment(dataset.updated_at)),
    ]
    if dataset.tags:
        rows.append((_label(dataset, "tags"), ", ".join(dataset.tags)))
    if dataset.withdrawn_at is not None:
        rows.append((_label(dataset, "withdrawn_at"), f"{_moment(dataset.withdrawn_at)}: "
                                                      f"{dataset.withdrawal_reason}"))
    for label, value in rows:
        facts.add_row(Text(label, style="bold"), _cell(value))
    console.print(facts)
    if dataset.description:
        console.print(Text(dataset.description))
    if version is None:
        console.print(_("No versions yet."))
        return
    console.print(Text(_("Version %(number)s: %(rows)s rows, created %(created)s by %(by)s.") % {
        "number": version.number, "rows": version.row_count,
        "created": _moment(version.created_at),
        "by": version.created_by.username if version.created_by else "—"}, style="bold"))
    table = Table(_("Column"), _("Type"), _("Description"))
    for column in version.schema:
        table.add_row(_cell(column["name"]), _cell(column["type"]),
                      _cell(dataset.column_description(column["name"])))
    console.print(table)


@dataset_app.command("versions")
@handles_errors
def versions(slug: str = SLUG_ARGUMENT, as_json: bool = JSON_OPTION,
             token: str | None = TOKEN_OPTION) -> None:
    """Versions, newest first, with what each changed: rows gained or lost, columns added or
    removed."""
    from aqyl.catalog import selectors

    with _reported(as_json):
        dataset = selectors.get_dataset(reader_actor(token), slug)
        changes = selectors.version_changes(list(dataset.versions.select_related(
            "dataset__organisation", "parent", "created_by")))
    if as_json:
        _print_json([{**_version_out(c["version"]), "row_delta": c["row_delta"],
                      "added": c["added"], "removed": c["removed"],
                      "retyped": [list(r) for r in c["retyped"]]} for c in changes])
        return
    if not changes:
        console.print(_("No versions yet."))
        return
    table = Table(_("Version"), _("Rows"), _("Changes"), _("Columns added"),
                  _("Columns removed"), _("Created"), _("By"), _("Note"))
    for change in changes:
        version = change["version"]
        delta = change["row_delta"]
        table.add_row(_cell(version.number), _cell(version.row_count),
                      _cell("—" if delta is None else f"{delta:+d}"),
                      _cell(", ".join(change["added"])), _cell(", ".join(change["removed"])),
                      _cell(_moment(version.created_at)),
                      _cell(version.created_by.username if version.created_by else "—"),
                      _cell(version.note))
    console.print(table)


dataset_app.command("withdraw")(withdraw)
dataset_app.command("restore")(restore)
dataset_app.command("delete")(delete)


# ---- export -----------------------------------------------------------------------------------


def _export_format(fmt: str | None, output: str | None) -> str:
    from aqyl.catalog.downloads import FORMATS
    from aqyl.core.errors import InvalidInput

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
        fmt = suffix if suffix in FORMATS else "parquet"
    if fmt not in FORMATS:
        raise InvalidInput(_("Choose a download format: csv, parquet or xlsx."))
    return fmt


def _write_version(version: DatasetVersion, fmt: str, target: IO[bytes]) -> None:
    """The version in `fmt`, batch by batch: the lake's Parquet as is, CSV streamed, XLSX
    through a temporary file (the writer needs a path)."""
    from aqyl.catalog.downloads import open_version
    from aqyl.catalog.lake_messages import DataError, lake_error_data
    from aqyl.lake.downloads import iter_csv, write_xlsx
    from aqyl.lake.errors import LakeError

    with open_version(version) as source:
        if fmt == "parquet":
            shutil.copyfileobj(source, target, 1 << 20)
        elif fmt == "csv":
            for chunk in iter_csv(source):
                target.write(chunk)
        else:
            with tempfile.TemporaryDirectory(prefix="aqyl-export-") as folder:
                workbook = Path(folder) / "export.xlsx"
                try:
                    write_xlsx(source, workbook, sheet=version.dataset.name)
                except LakeError as exc:
                    raise DataError(lake_error_data(exc)) from exc
                with workbook.open("rb") as built:
                    shutil.copyfileobj(built, target, 1 << 20)


@dataset_app.command("export")
@handles_errors
def export(
    slug: str = SLUG_ARGUMENT,
    version_number: int | None = typer.Option(None, "--version", min=1,
                                              help="This version (default: the latest)."),
    fmt: str | None = typer.Option(None, "--format", help="csv, parquet or xlsx (default: "
                                   "from the output file's extension, else parquet)."),
    output: str | None = typer.Option(None, "--output", "-o", help="File to write, or - for "
                                      "stdout (default: ORG-NAME-vN.FORMAT here)."),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Write a version of a dataset you may read to a file."""
    from aqyl.catalog import downloads, selectors, services
    from aqyl.core.errors import InvalidInput

    with _reported(False):
        chosen = _export_format(fmt, output)
        actor = reader_actor(token)
        _org, _name, pinned = selectors.parse_slug(slug)
        if pinned and version_number and pinned != version_number:
            raise InvalidInput(_("Give the version once: in the name or with --version."))
        number = version_number or pinned
        base = slug.strip().split("@", 1)[0]
        version = selectors.resolve_readable(
            actor, f"{base}@{number}" if number else base)
        target = None if output == "-" else Path(output or downloads.file_name(version, chosen))
        if target is None:
            _write_version(version, chosen, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            partial = target.with_name(f".{target.name}.part")
            try:
                with partial.open("wb") as handle:
                    _write_version(version, chosen, handle)
                partial.replace(target)  # never a half-written file under the real name
            except OSError as exc:
                raise InvalidInput(_("Cannot write %(path)s: %(reason)s")
                                   % {"path": target, "reason": exc.strerror or exc}) from exc
            finally:
                partial.unlink(missing_ok=True)
        services.record_read(actor, "catalog.download", version.dataset, version, format=chosen)
    if target is not None:
        err_console.print(Text(_("Wrote %(slug)s version %(version)s as %(format)s to %(path)s")
                               % {"slug": version.dataset.slug, "version": version.number,
                                  "format": chosen, "path": target}))


# ---- sql ------------------------------------------------------------------------------------


@handles_errors
def sql(
    query: str = typer.Argument(..., help='One SELECT; name datasets in double quotes: '
                                '"org/name" or "org/name@3".', show_default=False),
    output_format: str = typer.Option("table", "--format", help="table, csv or json."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many rows "
                                     "(default and maximum: AQYL_SQL_ROW_LIMIT)."),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Run a read-only SQL query over the datasets you may read."""
    from aqyl.core.errors import InvalidInput

    as_json = output_format == "json"
    with _reported(as_json):
        if output_format not in ("table", "csv", "json"):
            raise InvalidInput(_("Choose an output format: table, csv or json."))
        from aqyl.catalog.queries import run_sql

        run = run_sql(reader_actor(token), query, row_limit=limit)
    if run.truncated:
        err_console.print(Text(_("Only the first %(rows)s rows are shown: the result is longer "
                                 "than the row limit.") % {"rows": run.table.num_rows},
                               style="yellow"))
    _print_sql_result(run, output_format)


def _print_sql_result(run: Any, output_format: str) -> None:
    import pyarrow as pa

    from aqyl.catalog.api import sql_payload
    from aqyl.lake.downloads import iter_batches_csv

    if output_format == "json":
        _print_json(sql_payload(run))
        return
    if output_format == "csv":
        # A zero-row batch still gives the header line.
        batches = run.table.to_batches() or [pa.RecordBatch.from_pylist([], run.table.schema)]
        sys.stdout.flush()
        for chunk in iter_batches_csv(batches, bom=False):
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        return
    from django.utils.translation import ngettext

    payload = sql_payload(run)
    shown = Table()
    for column in payload["columns"]:
        shown.add_column(Text(column["name"]))
    for row in payload["rows"]:
        shown.add_row(*[_cell(value) for value in row])
    console.print(shown)
    rows = payload["row_count"]
    console.print(Text(ngettext("%(rows)d row in %(ms)s ms", "%(rows)d rows in %(ms)s ms", rows)
                       % {"rows": rows, "ms": f"{run.elapsed_ms:.0f}"}, style="dim"))
