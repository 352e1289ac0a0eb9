"""Turtle from the JSON-LD the DCAT feed builds, without an RDF library.

Not a JSON-LD processor: it reads only the plain shape `dcat.py` writes, and refuses anything
else rather than guess. That shape is: a node object (or `@graph` of them) whose keys are
compact IRIs with a prefix from `@context`; `@type` as compact IRIs; `@id` as absolute IRIs;
values that are strings, booleans, integers, `{"@value", "@language" | "@type"}`,
`{"@id"}` references, nested node objects (blank nodes when they have no `@id`), or lists of
these. The output is one triple per line, so any Turtle (or N-Triples-minded) reader takes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                   "\b": "\\b", "\f": "\\f"}


class UnsupportedJsonLd(ValueError):
    """The document uses JSON-LD this converter does not read."""


Term = str  # a Turtle term, ready to write


def to_turtle(document: dict[str, Any]) -> str:
    """`document` (see the module docstring for the shape) as Turtle."""
    context = document.get("@context")
    if not isinstance(context, dict):
        raise UnsupportedJsonLd("the document needs an inline @context of prefixes")
    prefixes = {}
    for name, iri in context.items():
        if not (isinstance(iri, str) and _PREFIX.match(name) and iri.endswith(("/", "#"))):
            raise UnsupportedJsonLd(f"context entry {name!r} is not a prefix declaration")
        prefixes[name] = iri
    writer = _Writer(prefixes)
    nodes = document.get("@graph", [{k: v for k, v in document.items() if k != "@context"}])
    for node in nodes if isinstance(nodes, list) else [nodes]:
        writer.node(node)
    header = [f"@prefix {name}: {_iri(iri)} ." for name, iri in sorted(prefixes.items())]
    return "\n".join([*header, "", *writer.lines, ""])


class _Writer:
    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self.lines: list[str] = []
        self.blank_nodes = 0

    def node(self, node: Any) -> Term:
        if not isinstance(node, dict):
            raise UnsupportedJsonLd(f"expected a node object, got {type(node).__name__}")
        if "@id" in node:
            subject = _iri(self.identifier(node["@id"]))
        else:
            self.blank_nodes += 1
            subject = f"_:b{self.blank_nodes}"
        for key, value in node.items():
            if key == "@id":
                continue
            if key == "@type":
                for kind in _listed(value):
                    self.triple(subject, "a", self.compact(kind))
                continue
            if key.startswith("@"):
                raise UnsupportedJsonLd(f"keyword {key} is not supported")
            predicate = self.compact(key)
            for item in _listed(value):
                self.triple(subject, predicate, self.value(item))
        return subject

    def value(self, value: Any) -> Term:
        if isinstance(value, bool):
            return f'"{str(value).lower()}"^^{self.datatype(XSD + "boolean")}'
        if isinstance(value, int):
            return f'"{value}"^^{self.datatype(XSD + "integer")}'
        if isinstance(value, str):
            return _literal(value)
        if not isinstance(value, dict):
            raise UnsupportedJsonLd(f"values of type {type(value).__name__} are not supported")
        if "@value" in value:
            return self.literal_object(value)
        if set(value) == {"@id"}:
            return _iri(self.identifier(value["@id"]))
        return self.node(value)

    def literal_object(self, value: dict[str, Any]) -> Term:
        text = value["@value"]
        if not isinstance(text, str) or set(value) - {"@value", "@language", "@type"}:
            raise UnsupportedJsonLd("a value object needs a string @value and nothing else "
                                    "but @language or @type")
        if "@language" in value:
            if "@type" in value or not _LANGUAGE_TAG.match(str(value["@language"])):
                raise UnsupportedJsonLd(f"bad language tag {value.get('@language')!r}")
            return f"{_literal(text)}@{value['@language']}"
        if "@type" in value:
            return f"{_literal(text)}^^{self.datatype(self.expand(value['@type']))}"
        return _literal(text)

    def identifier(self, iri: Any) -> str:
        """An @id: absolute IRIs only, since JSON-LD would expand a compact one."""
        if str(iri).partition(":")[0] in self.prefixes:
            raise UnsupportedJsonLd(f"@id {iri!r} looks like a compact IRI")
        return _absolute(iri)

    def expand(self, compact: Any) -> str:
        if not isinstance(compact, str) or ":" not in compact:
            raise UnsupportedJsonLd(f"{compact!r} is not a compact or absolute IRI")
        prefix, _colon, local = compact.partition(":")
        if prefix in self.prefixes:
            return self.prefixes[prefix] + local
        return _absolute(compact)

    def compact(self, compact: Any) -> Term:
        iri = self.expand(compact)
        if iri == RDF_TYPE:
            return "a"
        prefix, _colon, local = str(compact).partition(":")
        if prefix in self.prefixes and _LOCAL_NAME.match(local):
            return f"{prefix}:{local}"
        return _iri(iri)

    def datatype(self, iri: str) -> Term:
        for prefix, namespace in self.prefixes.items():
            local = iri.removeprefix(namespace)
            if local != iri and _LOCAL_NAME.match(local):
                return f"{prefix}:{local}"
        return _iri(iri)

    def triple(self, subject: Term, predicate: Term, obj: Term) -> None:
        self.lines.append(f"{subject} {predicate} {obj} .")


def _listed(value: Any) -> Iterator[Any]:
    yield from value if isinstance(value, list) else [value]


def _absolute(iri: Any) -> str:
    if not isinstance(iri, str) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
        raise UnsupportedJsonLd(f"{iri!r} is not an absolute IRI")
    return iri


def _iri(iri: str) -> Term:
    """An IRI reference; characters IRIs may not hold are percent-encoded (UTF-8)."""
    return "<" + _IRI_FORBIDDEN.sub(lambda m: quote(m.group(), safe=""), iri) + ">"


def _literal(text: str) -> Term:
    escaped = "".join(_STRING_ESCAPES.get(ch) or (f"\\u{ord(ch):04X}" if ord(ch) < 0x20
                                                  or ord(ch) == 0x7F else ch) for ch in text)
    return f'"{escaped}"'
