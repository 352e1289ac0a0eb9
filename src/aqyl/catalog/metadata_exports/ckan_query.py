"""CKAN's `fq` (a Solr filter query) for the fields harvesters send, as a Django filter.

Understood: `field:value`, `field:"quoted value"`, `field:[from TO to]` ranges (with `*` for
open ends), `-field:value` / `NOT` for exclusion, `AND` / `OR` and parentheses; terms side by
side must all hold. ckanext-harvest sends, for example,
`(organization:stat OR metadata_modified:[2025-01-01T00:00:00Z TO *])`.
Fields: organization, tags, license_id, res_format, name, id, metadata_modified,
metadata_created, groups (aqyl has none), dataset_type / type (always "dataset").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from django.db.models import Q, QuerySet

from aqyl.catalog.metadata_exports import ckan
from aqyl.catalog.metadata_exports.vocabularies import CKAN_LICENCES, CKAN_UNKNOWN_LICENCE
from aqyl.catalog.models import Dataset, DatasetVersion

MAX_LENGTH = 2000
_TOKEN = re.compile(r"""\s*(?:(?P<open>\()|(?P<close>\))|(?P<minus>[-+!])(?=\S)|
    (?P<term>[A-Za-z_][A-Za-z0-9_.]*:(?:"(?:[^"\\]|\\.)*"|[\[{][^\]}]*[\]}]|[^\s()]+))|
    (?P<word>AND|OR|NOT|&&|\|\|)(?=[\s(]|$))""", re.VERBOSE)
_FORMATS = {"parquet", "csv", "xlsx"}


class QueryError(ValueError):
    """The filter query cannot be read; the message says where."""


def parse_filter(fq: str, datasets: QuerySet[Dataset]) -> Q:
    """`fq` as a filter on `datasets` (the reader's visible datasets, used to resolve tags)."""
    fq = fq.strip()
    if not fq:
        return Q()
    if len(fq) > MAX_LENGTH:
        raise QueryError(f"the filter query is longer than {MAX_LENGTH} characters")
    return _Parser(_tokens(fq), datasets).parse()


def _tokens(text: str) -> list[tuple[str, str]]:
    found, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise QueryError(f"cannot read the filter query at {text[position:position + 30]!r}")
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], datasets: QuerySet[Dataset]) -> None:
        self.tokens = tokens
        self.position = 0
        self.datasets = datasets

    def parse(self) -> Q:
        found = self.either()
        if self.position < len(self.tokens):
            raise QueryError(f"unexpected {self.tokens[self.position][1]!r}")
        return found

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def either(self) -> Q:
        found = self.both()
        while (token := self.peek()) and token[1] in ("OR", "||"):
            self.position += 1
            found |= self.both()
        return found

    def both(self) -> Q:
        found = self.single()
        while (token := self.peek()) and token[0] != "close" and token[1] not in ("OR", "||"):
            if token[1] in ("AND", "&&"):
                self.position += 1
            found &= self.single()
        return found

    def single(self) -> Q:
        token = self.peek()
        if token is None:
            raise QueryError("the filter query ends too early")
        self.position += 1
        kind, text = token
        if kind == "minus" or text == "NOT":
            return self.single() if text == "+" else ~self.single()
        if kind == "open":
            found = self.either()
            if self.peek() != ("close", ")"):
                raise QueryError("a parenthesis is not closed")
            self.position += 1
            return found
        if kind == "term":
            field, _colon, value = text.partition(":")
            return self.term(field, value)
        raise QueryError(f"unexpected {text!r}")

    def term(self, field: str, value: str) -> Q:
        if value.startswith(("[", "{")):
            return _range(field, value)
        value = _unquoted(value)
        handler = _FIELDS.get(field)
        if handler is None:
            raise QueryError(f"aqyl cannot filter on {field!r}")
        return handler(self, value)

    def tags(self, value: str) -> Q:
        wanted = value.casefold()
        return Q(pk__in=[pk for pk, tags in self.datasets.values_list("pk", "tags")
                         if any(str(tag).casefold() == wanted for tag in tags or [])])


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _organisation(_parser: _Parser, value: str) -> Q:
    return Q(organisation__slug__iexact=value)


def _licence(_parser: _Parser, value: str) -> Q:
    codes = [code for code, ckan_id in CKAN_LICENCES.items() if ckan_id == value.lower()]
    if value.lower() == CKAN_UNKNOWN_LICENCE:
        return ~Q(licence__in=list(CKAN_LICENCES))
    return Q(licence__in=codes)


def _format(_parser: _Parser, value: str) -> Q:
    # Every version downloads as Parquet, CSV and XLSX.
    if value.lower() not in _FORMATS:
        return Q(pk__in=[])
    return Q(pk__in=DatasetVersion.objects.values("dataset_id"))


def _name(_parser: _Parser, value: str) -> Q:
    found = Q(pk__in=[])
    for org, name in ckan.name_candidates(value):
        found |= Q(organisation__slug__iexact=org, name=name)
    return found


def _id(_parser: _Parser, value: str) -> Q:
    pk = ckan.dataset_pk(value)
    return Q(pk=pk) if pk is not None else Q(pk__in=[])


def _nothing(_parser: _Parser, _value: str) -> Q:
    return Q(pk__in=[])


def _dataset_type(_parser: _Parser, value: str) -> Q:
    return Q() if value in ("dataset", "*") else Q(pk__in=[])


_FIELDS: dict[str, Callable[[_Parser, str], Q]] = {
    "organization": _organisation,
    "owner_org": lambda _p, value: _organisation_by_id(value),
    "tags": _Parser.tags,
    "license_id": _licence,
    "res_format": _format,
    "name": _name,
    "id": _id,
    "groups": _nothing,
    "dataset_type": _dataset_type,
    "type": _dataset_type,
}
_DATES = {"metadata_modified": "updated_at", "metadata_created": "created_at"}


def _organisation_by_id(value: str) -> Q:
    pk = ckan.organisation_pk(value)
    return Q(organisation_id=pk) if pk is not None else Q(pk__in=[])


def _range(field: str, value: str) -> Q:
    column = _DATES.get(field)
    if column is None:
        raise QueryError(f"aqyl cannot filter {field!r} by range")
    inclusive_start, inclusive_end = value[0] == "[", value[-1] == "]"
    bounds = value[1:-1].split(" TO ")
    if len(bounds) != 2:
        raise QueryError(f"{value!r} is not a range like [2024-01-01T00:00:00Z TO *]")
    start, end = (_moment(bound.strip()) for bound in bounds)
    found = Q()
    if start is not None:
        found &= Q(**{f"{column}__{'gte' if inclusive_start else 'gt'}": start})
    if end is not None:
        found &= Q(**{f"{column}__{'lte' if inclusive_end else 'lt'}": end})
    return found


def _moment(text: str) -> datetime | None:
    if text in ("*", ""):
        return None
    if text.upper().startswith("NOW"):
        if text.upper() != "NOW":
            raise QueryError("date arithmetic such as NOW-1DAY is not supported")
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"{text!r} is not an ISO 8601 date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
