"""Catalog search: every word must appear (in any of kk/ru/en titles, descriptions, tags,
column names or the owner's names), with counts per facet that ignore the facet's own filter.

One query fetches the few facet fields of every dataset the words match; filtering, facet
counts and ordering happen in Python on those tuples, and only the requested page is loaded
as objects. With 10,000 datasets that is a few milliseconds, where one aggregate query per
facet took a hundred.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from django.db.models import QuerySet, Value
from django.db.models.functions import StrIndex

from aqyl.accounts.models import Organisation
from aqyl.catalog.models import Dataset
from aqyl.catalog.selectors import visible_datasets
from aqyl.core.actors import Actor

FACETS = ("organisation", "sector", "access_level", "format", "licence", "update_frequency",
          "quality")
# One row per matching dataset: its pk, then one field per facet, in FACETS order.
FACET_FIELDS = ("pk", "organisation_id", "sector", "access_level", "format", "licence",
                "update_frequency", "quality_score")
RANK_FIELDS = ("download_count", "updated_at", "name", "title_kk", "title_ru", "title_en")
QUALITY_BANDS = {"high": (80.0, 101.0), "medium": (50.0, 80.0), "low": (0.0, 50.0)}
ORDERINGS = {"relevance": ("-updated_at", "pk"), "updated": ("-updated_at", "pk"),
             "title": ("title_kk", "pk"), "downloads": ("-download_count", "pk")}


@dataclass
class SearchResult:
    ids: list[int]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.ids)

    def page(self, offset: int, limit: int) -> list[Dataset]:
        """The datasets of one page, in result order, with owner and versions loaded."""
        wanted = self.ids[offset:offset + limit]
        found = Dataset.objects.filter(pk__in=wanted).select_related(
            "organisation", "steward").prefetch_related("versions").in_bulk()
        return [found[pk] for pk in wanted if pk in found]

    @property
    def queryset(self) -> QuerySet[Dataset]:
        """The matches as a queryset, for callers that filter further (CKAN's `fq`)."""
        return Dataset.objects.filter(pk__in=self.ids).select_related("organisation")


def matching(actor: Actor, query: str) -> QuerySet[Dataset]:
    """Visible datasets whose search text holds every word of `query`."""
    qs = visible_datasets(actor)
    for index, term in enumerate(word.casefold() for word in query.split()[:10]):
        # search_text is case-folded when saved, so a plain substring test (INSTR/STRPOS)
        # does; a case-insensitive LIKE would be far slower.
        qs = qs.alias(**{f"hit_{index}": StrIndex("search_text", Value(term))}).filter(
            **{f"hit_{index}__gt": 0})
    return qs


def search(actor: Actor, *, query: str = "", filters: dict[str, str] | None = None,
           sort: str = "relevance") -> SearchResult:
    chosen = {FACETS.index(k) + 1: v for k, v in (filters or {}).items() if v and k in FACETS}
    terms = [word.casefold() for word in query.split()[:10]]
    base = matching(actor, query)
    by_relevance = bool(terms) and sort not in ("updated", "title", "downloads")
    rows = list(base.order_by().values_list(*FACET_FIELDS, *(RANK_FIELDS if by_relevance else ())))
    # Column-wise, so counting runs in C (Counter, compress) rather than row by row.
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in FACET_FIELDS]
    # Owners by id, not by a join: the join would make the database read whole rows.
    slugs = dict(Organisation.objects.values_list("pk", "slug"))
    values = [[slugs.get(pk, "") for pk in columns[1]], *columns[2:7],
              ["unknown" if score is None else _quality_band(score) for score in columns[7]]]
    masks = {position: [value == wanted for value in values[position - 1]]
             for position, wanted in chosen.items()}
    counts = []
    for position, column in enumerate(values, start=1):
        others = [mask for other, mask in masks.items() if other != position]
        passing = [all(flags) for flags in zip(*others, strict=True)] if others else None
        counter = Counter(column if passing is None else compress(column, passing))
        counter.pop("", None)
        counter.pop(None, None)
        counts.append(counter)
    everything = [all(flags) for flags in zip(*masks.values(), strict=True)] if masks else None
    kept = rows if everything is None else list(compress(rows, everything))
    if by_relevance:  # a word in the title or the short name first, then the most used
        width = len(FACET_FIELDS)
        kept.sort(key=lambda row: (row[width + 1].timestamp() * -1, row[0]))
        kept.sort(key=lambda row: (not _in_title(row[width + 2:], terms), -row[width]))
        ids = [row[0] for row in kept]
    elif chosen or terms:
        wanted_ids = {row[0] for row in kept}
        ordered = base.order_by(*ORDERINGS.get(sort, ORDERINGS["updated"]))
        ids = [pk for pk in ordered.values_list("pk", flat=True) if pk in wanted_ids]
    else:
        ids = list(base.order_by(*ORDERINGS.get(sort, ORDERINGS["updated"]))
                   .values_list("pk", flat=True))
    return SearchResult(ids=ids, facets={
        facet: _sorted_counts(facet, counter) for facet, counter in zip(FACETS, counts,
                                                                        strict=True)})


def _quality_band(score: float | None) -> str:
    if score is None:
        return "unknown"
    return next((band for band, (low, high) in QUALITY_BANDS.items() if low <= score < high),
                "unknown")


def _sorted_counts(facet: str, counter: Counter[str]) -> list[tuple[str, int]]:
    if facet == "quality":
        return [(band, counter[band]) for band in (*QUALITY_BANDS, "unknown") if counter[band]]
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _in_title(titles: tuple[Any, ...], terms: list[str]) -> bool:
    text = " ".join(str(title or "") for title in titles).casefold()
    return any(term in text for term in terms)
