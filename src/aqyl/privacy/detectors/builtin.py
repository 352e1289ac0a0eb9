"""The detectors that ship with aqyl, most specific first (the order breaks span ties)."""

from __future__ import annotations

from aqyl.privacy.detectors import addresses, birth_dates, contacts, documents, finance, identifiers
from aqyl.privacy.detectors import names as person_names
from aqyl.privacy.detectors.registry import Detector, Registry

BUILTIN: tuple[Detector, ...] = (
    *identifiers.DETECTORS, *finance.DETECTORS, *contacts.DETECTORS, *documents.DETECTORS,
    *birth_dates.DETECTORS,
    *addresses.DETECTORS,
    *person_names.DETECTORS,
)


def default_registry() -> Registry:
    """A fresh registry of the built-in detectors, to extend without touching the default."""
    return Registry(BUILTIN)


DEFAULT = default_registry()
