"""Read-only feeds of the catalog for other systems: Croissant per dataset, the DCAT-AP catalog
(JSON-LD and Turtle) and a subset of CKAN's Action API.

Anyone may call them; every answer is built from `visible_datasets(actor)`, so confidential
datasets appear only for their organisation's members, and withdrawn ones for no one.
Restricted datasets are listed with their download addresses, which apply the access rules
themselves. Metadata reads are not audited (downloads are, by the download endpoint).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Max
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from aqyl.accounts.selectors import list_organisations
from aqyl.catalog import lifecycle, selectors
from aqyl.catalog import metadata_exports as exports
from aqyl.catalog.metadata_exports.ckan_query import QueryError, parse_filter
from aqyl.catalog.search import SearchResult, search
from aqyl.core.actors import Actor, actor_from_request
from aqyl.core.api import TokenOrSession
from aqyl.core.errors import AqylError, InvalidInput, NotAuthenticated, NotFound

app_name = "catalog_exports"

DCAT_PAGE_SIZE = 1000
CKAN_DEFAULT_ROWS = 10
CKAN_MAX_ROWS = 1000
JSON_LD = "application/ld+json"
TURTLE = "text/turtle; charset=utf-8"
CKAN_JSON = "application/json;charset=utf-8"
CKAN_SORTS = {
    "id asc": ("pk",), "id desc": ("-pk",),
    "metadata_modified desc": ("-updated_at", "pk"), "metadata_modified asc": ("updated_at", "pk"),
    "metadata_created desc": ("-created_at", "pk"), "metadata_created asc": ("created_at", "pk"),
    "name asc": ("organisation__slug", "name"), "name desc": ("-organisation__slug", "-name"),
    "title_string asc": ("title_kk", "pk"), "title_string desc": ("-title_kk", "pk"),
}
CKAN_RELEVANCE = ("", "score desc, metadata_modified desc", "score desc")


def _actor(request: HttpRequest) -> Actor:
    """The session's user, or an API token's (`Bearer <token>`, or bare as CKAN clients send
    it), or anonymous."""
    header = request.headers.get("Authorization", "").strip()
    if header:
        scheme, _space, secret = header.partition(" ")
        token = secret.strip() if scheme.lower() == "bearer" else header
        return TokenOrSession().authenticate(request, token)
    return actor_from_request(request, channel="api")


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _language(request: HttpRequest) -> str:
    return str(getattr(request, "LANGUAGE_CODE", "") or get_language() or "kk")[:2]


def _json(data: Any, *, content_type: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type=content_type,
                            status=status)
    patch_vary_headers(response, ("Authorization", "Cookie"))
    return response


def _error(exc: AqylError) -> HttpResponse:
    response = _json({"error": {"code": exc.code, "message": str(exc.message),
                                "fields": exc.fields}},
                     content_type="application/json", status=exc.status_code)
    if exc.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="aqyl"'
    return response


def _positive(raw: str | None, name: str) -> int | None:
    if raw in (None, ""):
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidInput(fields={name: [str(InvalidInput.default_message)]})
    return int(raw)


@require_safe
def croissant(request: HttpRequest, org: str, name: str) -> HttpResponse:
    """Croissant 1.1 JSON-LD for the latest version, or `?version=N`."""
    try:
        actor = _actor(request)
        number = _positive(request.GET.get("version"), "version")
        dataset = selectors.get_dataset(actor, f"{org}/{name}")
        lifecycle.refuse_if_withdrawn(dataset)  # its downloads would refuse anyway
        version = selectors.get_version(dataset, number)
    except AqylError as exc:
        return _error(exc)
    document = exports.croissant(dataset, version, _base_url(request),
                                 language=_language(request))
    return _json(document, content_type=exports.CROISSANT_MEDIA_TYPE)


@require_safe
def dcat(request: HttpRequest, fmt: str) -> HttpResponse:
    """The DCAT-AP 3 catalog, `DCAT_PAGE_SIZE` datasets a page (`?page=N`, Hydra links)."""
    try:
        actor = _actor(request)
        number = _positive(request.GET.get("page"), "page") or 1
        visible = selectors.visible_datasets(actor)
        total = visible.count()
        page = exports.Page(number, DCAT_PAGE_SIZE, total,
                            request.build_absolute_uri(request.path))
        if number > page.last:
            raise NotFound
    except AqylError as exc:
        return _error(exc)
    start = (number - 1) * DCAT_PAGE_SIZE
    datasets = list(visible.order_by("organisation__slug", "name", "pk")
                    [start:start + DCAT_PAGE_SIZE])
    catalog = exports.dcat_catalog(datasets, _base_url(request),
                                   latest=selectors.latest_versions(datasets), page=page,
                                   modified=visible.aggregate(last=Max("updated_at"))["last"])
    if fmt == "ttl":
        response = HttpResponse(exports.to_turtle(catalog), content_type=TURTLE)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response
    return _json(catalog, content_type=JSON_LD)


class CkanError(Exception):
    """An Action API failure in CKAN's own shape: `__type`, message or field errors."""

    def __init__(self, status: int, kind: str, message: str = "",
                 fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.error: dict[str, Any] = {"__type": kind, **(fields or {})}
        if message:
            self.error["message"] = message


def _invalid(field: str, message: str) -> CkanError:
    return CkanError(409, "Validation Error", fields={field: [message]})


def _whole(params: dict[str, Any], name: str, default: int | None) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw))
    except ValueError:
        raise _invalid(name, "Invalid integer") from None
    if value < 0:
        raise _invalid(name, "Must be a natural number")
    return value


def _flag(params: dict[str, Any], name: str) -> bool:
    return str(params.get(name, "")).strip().lower() in ("true", "1", "yes", "on")


def package_list(actor: Actor, params: dict[str, Any], base_url: str, language: str) -> Any:
    """Names of all datasets the caller may see, sorted (`limit`, `offset`)."""
    limit = _whole(params, "limit", None)
    offset = _whole(params, "offset", 0) or 0
    datasets = (selectors.visible_datasets(actor)
                .order_by(Lower("organisation__slug"), "name", "pk"))
    window = datasets[offset:offset + limit] if limit is not None else datasets[offset:]
    return [exports.package_name(dataset) for dataset in window]


def package_search(actor: Actor, params: dict[str, Any], base_url: str, language: str) -> Any:
    """Datasets matching `q` (words) and `fq` (filters), `rows` (≤ 1000) from `start`."""
    rows = min(_whole(params, "rows", CKAN_DEFAULT_ROWS) or 0, CKAN_MAX_ROWS)
    start = _whole(params, "start", 0) or 0
    query = str(params.get("q") or "").strip()
    query = "" if query in ("*:*", "*") else query
    sort = " ".join(str(params.get("sort") or "").split()).lower()
    if sort not in CKAN_SORTS and sort not in CKAN_RELEVANCE:
        raise CkanError(400, "Search Query Error", f"Search Query is invalid: sort {sort!r}")
    found = search(actor, query=query, sort="relevance" if query else "updated")
    try:
        datasets = found.queryset.filter(parse_filter(str(params.get("fq") or ""),
                                                      selectors.visible_datasets(actor)))
    except QueryError as exc:
        raise CkanError(400, "Search Query Error", f"Search Query is invalid: {exc}") from None
    if sort in CKAN_SORTS:
        page = list(datasets.order_by(*CKAN_SORTS[sort])[start:start + rows]) if rows else []
        count = datasets.count()
    else:  # the search's own order: relevance for words, newest first otherwise
        kept = set(datasets.values_list("pk", flat=True))
        ranked = SearchResult(ids=[pk for pk in found.ids if pk in kept])
        page, count = ranked.page(start, rows) if rows else [], ranked.total
    latest = selectors.latest_versions(page)
    return {
        "count": count,
        "results": [exports.package_dict(dataset, latest.get(dataset.pk), base_url,
                                         language=language) for dataset in page],
        "sort": sort or "score desc, metadata_modified desc",
        "facets": {},
        "search_facets": {},
    }


def package_show(actor: Actor, params: dict[str, Any], base_url: str, language: str) -> Any:
    """One dataset by `id`: its package id, "org--name" or "org/name"."""
    wanted = str(params.get("id") or params.get("name_or_id") or "").strip()
    if not wanted:
        raise _invalid("id", "Missing value")
    visible = selectors.visible_datasets(actor)
    pk = exports.dataset_pk(wanted)
    if pk is not None:
        dataset = visible.filter(pk=pk).first()
    else:
        dataset = None
        for org, name in exports.name_candidates(wanted):
            dataset = (visible.filter(organisation__slug=org, name=name).first()
                       or visible.filter(organisation__slug__iexact=org, name=name).first())
            if dataset is not None:
                break
    if dataset is None:
        raise CkanError(404, "Not Found Error", "Not found")
    latest = selectors.latest_versions([dataset]).get(dataset.pk)
    return exports.package_dict(dataset, latest, base_url, language=language)


def organization_list(actor: Actor, params: dict[str, Any], base_url: str, language: str
                      ) -> Any:
    """Organisations by name; with `all_fields=true`, their details and how many datasets of
    each the caller may see (`limit`, `offset`, `organizations` to pick some)."""
    limit = _whole(params, "limit", None)
    offset = _whole(params, "offset", 0) or 0
    organisations = list_organisations().order_by(Lower("slug"), "pk")
    wanted = params.get("organizations")
    if wanted:
        names = wanted if isinstance(wanted, list) else str(wanted).split(",")
        organisations = organisations.filter(
            slug__in=[str(name).strip() for name in names if str(name).strip()])
    window = organisations[offset:offset + limit] if limit is not None else organisations[offset:]
    if not _flag(params, "all_fields"):
        return [organisation.slug.lower() for organisation in window]
    counts = dict(selectors.visible_datasets(actor).order_by().values_list("organisation_id")
                  .annotate(n=Count("pk")))
    return [exports.organization_dict(organisation, language=language,
                                      package_count=counts.get(organisation.pk, 0))
            for organisation in window]


def organization_show(actor: Actor, params: dict[str, Any], base_url: str, language: str
                      ) -> Any:
    """One organisation by `id` (its id or name), with how many datasets the caller may see;
    `include_datasets=true` adds them (up to 1000)."""
    wanted = str(params.get("id") or "").strip()
    if not wanted:
        raise _invalid("id", "Missing value")
    pk = exports.organisation_pk(wanted)
    organisations = list_organisations()
    organisation = (organisations.filter(pk=pk).first() if pk is not None
                    else organisations.filter(slug__iexact=wanted).first())
    if organisation is None:
        raise CkanError(404, "Not Found Error", "Not found")
    datasets = selectors.visible_datasets(actor).filter(organisation=organisation)
    found = exports.organization_dict(organisation, language=language,
                                      package_count=datasets.count())
    if _flag(params, "include_datasets"):
        listed = list(datasets.order_by("name")[:1000])
        latest = selectors.latest_versions(listed)
        found["packages"] = [exports.package_dict(dataset, latest.get(dataset.pk), base_url,
                                                  language=language) for dataset in listed]
    return found


def help_show(actor: Actor, params: dict[str, Any], base_url: str, language: str) -> Any:
    """What an action does (`name`)."""
    action = CKAN_ACTIONS.get(str(params.get("name") or ""))
    if action is None:
        raise CkanError(404, "Not Found Error", "Not found")
    return action.__doc__


CkanAction = Callable[[Actor, dict[str, Any], str, str], Any]
CKAN_ACTIONS: dict[str, CkanAction] = {
    "package_list": package_list,
    "package_search": package_search,
    "package_show": package_show,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "help_show": help_show,
}


def _ckan_params(request: HttpRequest) -> dict[str, Any]:
    if request.method == "POST":
        if request.content_type == "application/json" or not request.POST:
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                raise CkanError(400, "Bad Request", "Request data is not JSON") from None
            if not isinstance(body, dict):
                raise CkanError(400, "Bad Request", "Request data must be a JSON object")
            return body
        return {key: values[0] if len(values) == 1 else values
                for key, values in request.POST.lists()}
    return {key: values[0] if len(values) == 1 else values
            for key, values in request.GET.lists()}


@csrf_exempt  # read-only actions: a forged request can change nothing
@require_http_methods(["GET", "HEAD", "POST"])
def ckan_action(request: HttpRequest, action: str) -> HttpResponse:
    """CKAN's Action API envelope: {"help", "success", "result"} or {"error"}."""
    base_url = _base_url(request)
    help_url = f"{base_url.rstrip('/')}/api/3/action/help_show?name={action}"
    function = CKAN_ACTIONS.get(action)
    if function is None:
        return _json(f"Bad request - Action name not known: {action}", content_type=CKAN_JSON,
                     status=400)
    try:
        actor = _actor(request)
        result = function(actor, _ckan_params(request), base_url, _language(request))
    except NotAuthenticated as exc:
        error = {"__type": "Authorization Error", "message": f"Access denied: {exc.message}"}
        return _json({"help": help_url, "success": False, "error": error},
                     content_type=CKAN_JSON, status=403)
    except CkanError as exc:
        return _json({"help": help_url, "success": False, "error": exc.error},
                     content_type=CKAN_JSON, status=exc.status)
    return _json({"help": help_url, "success": True, "result": result}, content_type=CKAN_JSON)


urlpatterns = [
    path("datasets/<slug:org>/<slug:name>/croissant.json", croissant, name="croissant"),
    path("catalog/dcat.jsonld", dcat, {"fmt": "jsonld"}, name="dcat"),
    path("catalog/dcat.ttl", dcat, {"fmt": "ttl"}, name="dcat_turtle"),
    path("api/3/action/<str:action>", ckan_action, name="ckan_action"),
    path("api/action/<str:action>", ckan_action, name="ckan_action_unversioned"),
]
