"""Sections other domains add to an organisation's page (the catalog lists its datasets
there), so that accounts, which every domain builds on, imports none of them: each registers
a function that renders its section for the request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from aqyl.accounts.models import Organisation

Section = Callable[[HttpRequest, Organisation], SafeString]
_SECTIONS: dict[str, Section] = {}


def register_section(name: str) -> Callable[[Section], Section]:
    """Add a section to organisation pages, shown in the order of registration."""

    def register(section: Section) -> Section:
        _SECTIONS[name] = section
        return section

    return register


def render_sections(request: HttpRequest, organisation: Organisation) -> list[SafeString]:
    return [section(request, organisation) for section in _SECTIONS.values()]
