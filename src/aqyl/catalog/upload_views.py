"""Upload pages: a new dataset or a new version, then the draft page where the steward sees
what was understood, corrects it, and publishes or discards."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aqyl.accounts.models import Organisation
from aqyl.catalog import access, drafts, selectors, tasks
from aqyl.catalog.forms import NewDatasetForm, ReadingOptionsForm, VersionUploadForm
from aqyl.catalog.lake_messages import describe_problem, lake_error_message
from aqyl.catalog.models import DraftStatus, UploadDraft
from aqyl.core.actors import Actor, actor_from_request
from aqyl.core.errors import AqylError, NotAuthenticated
from aqyl.core.uploads import upload_refused


def organisations_for_upload(actor: Actor) -> list[Organisation]:
    if not actor.is_authenticated:
        return []
    return [org for org in Organisation.objects.all() if access.can_manage(actor.user, org.pk)]


def _form_errors(form: Any, exc: AqylError) -> None:
    form.add_error(None, str(exc.message))
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _handle_upload(request: HttpRequest, actor: Actor, form: Any,
                   target: Callable[[], dict[str, Any]]) -> tuple[HttpResponseBase | None, int]:
    """Stage a posted file and start reading it: the draft page, or the form's status code.
    `target` gives start_upload's organisation and dataset arguments once the form is valid."""
    if request.method != "POST":
        return None, 200
    if upload_refused(request):  # over the size limit: the body, fields too, was never read
        messages.error(request, str(drafts.too_large().message))
        return None, 413
    if not form.is_valid():
        return None, 400
    upload = form.cleaned_data["file"]
    try:
        draft = drafts.start_upload(actor, filename=upload.name, chunks=upload.chunks(),
                                    **target())
    except AqylError as exc:
        _form_errors(form, exc)
        return None, exc.status_code
    tasks.start_reading(actor, draft)
    return redirect("catalog:draft", draft_id=draft.pk), 302


def new_dataset(request: HttpRequest) -> HttpResponseBase:
    actor = actor_from_request(request)
    if not actor.is_authenticated:
        raise NotAuthenticated
    organisations = organisations_for_upload(actor)
    form = NewDatasetForm(request.POST or None, request.FILES or None,
                          organisations=[(o.slug, o.name) for o in organisations])
    response, status = _handle_upload(request, actor, form, lambda: {
        "organisation": next(o for o in organisations
                             if o.slug == form.cleaned_data["organisation"]),
        "new_dataset": form.metadata()})
    return response or render(request, "catalog/new_dataset.html",
                              {"form": form, "organisations": organisations}, status=status)


def new_version(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    actor = actor_from_request(request)
    dataset = selectors.get_dataset(actor, f"{org}/{name}", action="catalog.change_dataset")
    form = VersionUploadForm(request.POST or None, request.FILES or None)
    response, status = _handle_upload(request, actor, form, lambda: {
        "organisation": dataset.organisation, "dataset": dataset,
        "options": _carried_options(dataset.versions.first())})
    return response or render(request, "catalog/new_version.html",
                              {"dataset": dataset, "form": form}, status=status)


def _carried_options(latest: Any) -> dict[str, Any]:
    """A new version of a workbook is usually laid out like the last one: keep its sheet."""
    if latest is None:
        return {}
    sheet = latest.understood.get("sheet")
    return {"sheet": sheet} if sheet else {}


def draft(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponseBase:
    """GET shows the draft; POST `op` = reread (with corrected options), publish or discard."""
    actor = actor_from_request(request)
    found = selectors.get_draft(actor, draft_id)
    options_form = ReadingOptionsForm(
        request.POST if request.POST.get("op") == "reread" else None,
        columns=found.schema,
        initial=ReadingOptionsForm.initial_from(found.options, found.schema))
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "publish":
                version = drafts.publish_draft(actor, found, note=request.POST.get("note", ""))
                messages.success(request, _("Version %(number)s of %(slug)s is published.")
                                 % {"number": version.number, "slug": version.dataset.slug})
                return redirect("catalog:dataset", org=version.dataset.organisation.slug,
                                name=version.dataset.name)
            if op == "discard":
                drafts.discard_draft(actor, found)
                messages.success(request, _("The upload has been discarded."))
                return redirect("catalog:datasets")
            if op == "reread" and options_form.is_valid():
                drafts.reread_draft(actor, found, options_form.options())
                tasks.start_reading(actor, found)
                return redirect("catalog:draft", draft_id=found.pk)
        except AqylError as exc:
            messages.error(request, str(exc.message))
            return redirect("catalog:draft", draft_id=found.pk)
    return render(request, "catalog/draft.html", _draft_context(found, options_form),
                  status=400 if options_form.errors else 200)


def draft_status(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    """The fragment the draft page polls while the file is being read."""
    found = selectors.get_draft(actor_from_request(request), draft_id)
    response = render(request, "catalog/_draft_status.html", {"draft": found})
    if found.status != DraftStatus.READING:
        response["HX-Refresh"] = "true"  # reading finished: show the whole outcome
    return response


def _draft_context(found: UploadDraft, options_form: ReadingOptionsForm) -> dict[str, Any]:
    latest = found.dataset.versions.first() if found.dataset else None
    return {
        "latest": latest,
        "changes": (selectors.schema_changes(latest.schema, found.schema)
                    if latest and found.status == DraftStatus.READY else None),
        "draft": found,
        "options_form": options_form,
        "type_fields": [options_form[f"type_{i}"] for i in range(len(found.schema))],
        "error": lake_error_message(found.error) if found.error else "",
        "problems": [describe_problem(p) for p in found.error.get("problems", [])],
        "understood": _understood_rows(found.understood),
    }


UNDERSTOOD_LABELS = {
    "encoding": gettext_lazy("Encoding"),
    "encoding_reason": gettext_lazy("Why this encoding"),
    "delimiter": gettext_lazy("Delimiter"),
    "header": gettext_lazy("Header row"),
    "decimal_comma": gettext_lazy("Decimal comma"),
    "digits_grouped_by_spaces": gettext_lazy("Digits grouped with spaces"),
    "date_format": gettext_lazy("Date format"),
    "totals_row_dropped": gettext_lazy("Totals row dropped"),
    "sheet": gettext_lazy("Sheet"),
    "sheets": gettext_lazy("Sheets"),
    "header_row": gettext_lazy("Header row number"),
    "header_rows": gettext_lazy("Header rows"),
    "skipped_rows": gettext_lazy("Rows above the header"),
    "layout": gettext_lazy("Layout"),
    "database": gettext_lazy("Database"),
    "table": gettext_lazy("Table"),
    "query": gettext_lazy("Query"),
    "local_types": gettext_lazy("Numbers and dates written as text"),
    "null_placeholders": gettext_lazy("Read as empty (no figure)"),
}


ENCODING_REASONS = {
    "byte order mark": gettext_lazy("the file starts with a byte order mark"),
    "valid UTF-8": gettext_lazy("the whole file is valid UTF-8"),
    "Cyrillic letters common to Windows-1251 and KZ-1048": gettext_lazy(
        "Cyrillic letters common to Windows-1251 and KZ-1048"),
    "Kazakh letters in KZ-1048 positions": gettext_lazy(
        "Kazakh letters where KZ-1048 puts them"),
    "Ukrainian letters": gettext_lazy("Ukrainian letters of Windows-1251"),
    "chosen by the steward": gettext_lazy("chosen by you"),
}


def _placeholders(columns: dict[str, Any]) -> str:
    """Column: "-" ×3, "н/д" ×1; … — which marks of a missing figure became empty cells."""
    parts = []
    for column, marks in columns.items():
        counted = ", ".join(f"«{mark}» ×{count}" for mark, count in dict(marks).items())
        parts.append(f"{column}: {counted}")
    return "; ".join(parts) or "—"


def _understood_rows(understood: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, value in understood.items():
        label = UNDERSTOOD_LABELS.get(key)
        if label is None:
            continue
        if isinstance(value, bool):
            shown = _("yes") if value else _("no")
        elif isinstance(value, list):
            shown = "; ".join(str(v) for v in value) or "—"
        elif key == "null_placeholders" and isinstance(value, dict):
            shown = _placeholders(value)
        elif isinstance(value, dict):
            shown = "; ".join(f"{k}: {v.lower()}" for k, v in value.items()) or "—"
        elif key == "encoding_reason":
            shown = str(ENCODING_REASONS.get(str(value), value))
        elif key == "delimiter":
            shown = {"\t": _("tab"), ",": _("comma ,"), ";": _("semicolon ;"),
                     "|": _("vertical bar |")}.get(str(value), str(value))
        else:
            shown = str(value) if value not in (None, "") else "—"
        rows.append((str(label), shown))
    return rows
