"""Catalog pages: search with facets, the dataset card, downloads, describing a dataset."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from aqyl.accounts.models import Organisation, Sector
from aqyl.catalog import downloads, selectors, services
from aqyl.catalog.forms import AccessRequestForm, ColumnDescriptionsForm, DatasetForm
from aqyl.catalog.metadata_exports import ld_json_script, schema_org
from aqyl.catalog.models import AccessLevel, Dataset, Licence, UpdateFrequency
from aqyl.catalog.search import FACETS, PAGE_SIZE, search
from aqyl.catalog.snippets import citation, code_snippets
from aqyl.catalog.upload_views import organisations_for_upload
from aqyl.core.actors import actor_from_request
from aqyl.core.errors import AqylError
from aqyl.core.permissions import can


def _facet_labels() -> dict[str, dict[str, str]]:
    return {
        "sector": {k: str(v) for k, v in Sector.choices},
        "access_level": {k: str(v) for k, v in AccessLevel.choices},
        "licence": {k: str(v) for k, v in Licence.choices},
        "update_frequency": {k: str(v) for k, v in UpdateFrequency.choices},
        "quality": {"high": _("High (80 and above)"), "medium": _("Medium (50 to 79)"),
                    "low": _("Low (below 50)"), "unknown": _("Not assessed")},
        "organisation": {org.slug: org.name for org in Organisation.objects.all()},
    }


FACET_TITLES = {
    "organisation": gettext_lazy("Organisation"), "sector": gettext_lazy("Sector"),
    "access_level": gettext_lazy("Access level"), "format": gettext_lazy("Format"),
    "licence": gettext_lazy("Licence"), "update_frequency": gettext_lazy("Update frequency"),
    "quality": gettext_lazy("Quality"),
}


def datasets(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    query = request.GET.get("q", "")[:200]
    sort = request.GET.get("sort", "relevance")
    filters = {facet: request.GET.get(facet, "")[:64] for facet in FACETS}
    result = search(actor, query=query, filters=filters, sort=sort)
    page: Any = Paginator(result.ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = result.page(page.start_index() - 1, PAGE_SIZE) if result.ids else []
    labels = _facet_labels()
    facets = [
        {"name": name, "title": FACET_TITLES[name], "selected": filters.get(name, ""),
         "values": [(value, labels.get(name, {}).get(value, value), count)
                    for value, count in values]}
        for name, values in result.facets.items() if values
    ]
    chosen = {k: v for k, v in filters.items() if v}
    context = {"page": page, "total": result.total, "q": query, "sort": sort,
               "facets": facets, "chosen": chosen, "query_string": _query_string(query, sort,
                                                                                  chosen),
               "can_create": actor.is_authenticated and _can_create_somewhere(actor)}
    template = ("catalog/_results.html" if request.headers.get("HX-Request")
                else "catalog/datasets.html")
    return render(request, template, context)


def _query_string(query: str, sort: str, chosen: dict[str, str]) -> str:
    return urlencode({"q": query, "sort": sort, **chosen})


def _can_create_somewhere(actor: Any) -> bool:
    return bool(organisations_for_upload(actor))


def dataset(request: HttpRequest, org: str, name: str) -> HttpResponse:
    actor = actor_from_request(request)
    found = selectors.get_dataset(actor, f"{org}/{name}")
    services.count_use(found, "view")
    versions = list(found.versions.select_related("created_by", "parent"))
    number = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == number),
                   versions[0] if versions else None)
    readable = can(actor, "catalog.read_data", found)
    rows = downloads.version_rows(version, limit=20) if readable and version else None
    columns = [{**c, "description": found.column_description(c["name"])}
               for c in (version.schema if version else [])]
    base = request.build_absolute_uri("/").rstrip("/")
    language = (get_language() or "kk")[:2]
    listed = not found.is_withdrawn  # a withdrawn dataset is advertised nowhere
    context: dict[str, Any] = {
        "schema_org": ld_json_script(schema_org(found, version, base + "/", language=language))
        if listed else "",
        "croissant_url": reverse("catalog_exports:croissant", kwargs={"org": org, "name": name})
        if version and listed else "",
        "dataset": found, "version": version, "versions": selectors.version_changes(versions),
        "columns": columns, "rows": rows, "readable": readable,
        "can_change": can(actor, "catalog.change_dataset", found),
        "can_view_scan": can(actor, "privacy.view_scan", found),
        "can_request": can(actor, "catalog.request_access", found),
        "can_withdraw": listed and can(actor, "catalog.withdraw_dataset", found),
        "can_restore": not listed and can(actor, "catalog.restore_dataset", found),
        "can_delete": can(actor, "catalog.delete_dataset", found),
        "requests": selectors.access_requests_for(actor, found)[:20],
        "snippets": code_snippets(found, version, base) if version and listed else [],
        "citation": citation(found, version, base),
        "request_form": AccessRequestForm(),
    }
    return render(request, "catalog/dataset.html", context)


def download(request: HttpRequest, org: str, name: str, fmt: str) -> HttpResponseBase:
    actor = actor_from_request(request)
    version = request.GET.get("version", "")
    found = selectors.resolve_readable(actor, f"{org}/{name}" + (f"@{version}" if version else ""))
    return downloads.download_response(actor, found, fmt)


def dataset_edit(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    actor = actor_from_request(request)
    found: Dataset = selectors.get_dataset(actor, f"{org}/{name}",
                                           action="catalog.change_dataset")
    form = DatasetForm(request.POST or None, instance=found)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_dataset(actor, Dataset.objects.get(pk=found.pk),
                                        **form.metadata())
            except AqylError as exc:
                form.add_error(None, str(exc.message))
                for field, errors in exc.fields.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The description has been saved."))
                return redirect("catalog:dataset", org=org, name=name)
        status = 400
    return render(request, "catalog/dataset_edit.html", {"dataset": found, "form": form},
                  status=status)


def dataset_columns(request: HttpRequest, org: str, name: str) -> HttpResponseBase:
    """Describe each column of the latest version in Kazakh, Russian and English."""
    actor = actor_from_request(request)
    found: Dataset = selectors.get_dataset(actor, f"{org}/{name}",
                                           action="catalog.change_dataset")
    latest = selectors.get_version(found)
    form = ColumnDescriptionsForm(request.POST or None, columns=latest.schema,
                                  stored=found.column_descriptions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_dataset(actor, Dataset.objects.get(pk=found.pk),
                                        column_descriptions=form.descriptions())
            except AqylError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The column descriptions have been saved."))
                return redirect(reverse("catalog:dataset", kwargs={"org": org, "name": name})
                                + "#schema")
        status = 400
    return render(request, "catalog/dataset_columns.html",
                  {"dataset": found, "version": latest, "form": form}, status=status)
