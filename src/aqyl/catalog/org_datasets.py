"""The datasets section of an organisation's page: what the catalog search gives for that
organisation (so the viewer sees exactly the datasets the catalog would show them), with the
same counts, sort orders and page size, plus the withdrawn ones for those who may restore
them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from aqyl.accounts.models import Organisation
from aqyl.accounts.org_sections import register_section
from aqyl.catalog import selectors
from aqyl.catalog.models import AccessLevel
from aqyl.catalog.search import PAGE_SIZE, search
from aqyl.core.actors import actor_from_request

SORTS = (("updated", _("Recently updated")), ("downloads", _("Most downloaded")),
         ("title", _("Title")), ("quality", _("Highest quality")))


@register_section("catalog.datasets")
def organisation_datasets(request: HttpRequest, organisation: Organisation) -> SafeString:
    actor = actor_from_request(request)
    sort = request.GET.get("sort", "")
    sort = sort if sort in dict(SORTS) else "updated"
    result = search(actor, filters={"organisation": organisation.slug}, sort=sort)
    page: Any = Paginator(result.ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = result.page(page.start_index() - 1, PAGE_SIZE) if result.ids else []
    labels = dict(AccessLevel.choices)
    counts = dict(result.facets.get("access_level", []))
    levels = [(value, labels[value], counts[value]) for value in AccessLevel.values
              if counts.get(value)]
    withdrawn = selectors.withdrawn_datasets(actor).filter(organisation=organisation)
    return render_to_string("catalog/_organisation_datasets.html", {
        "organisation": organisation, "page": page, "total": result.total, "levels": levels,
        "sort": sort, "sorts": SORTS, "query_string": urlencode({"sort": sort}),
        "withdrawn": list(withdrawn.order_by("-withdrawn_at")[:100]),
    }, request=request)
