"""Detectors of Kazakhstan's personal data, for columns and for free text (pure: no Django).

    >>> from aqyl.privacy.detectors import classify_column, find_spans
    >>> classify_column("Телефон", ["+7 701 123 45 67"]).kind
    'phone'

Kinds: iin, bin (identifiers), card, iban (finance), phone, email (contacts), id_card,
passport, vehicle_plate (documents), birth_date (birth_dates), address (addresses), person_name
(names: kk/ru/Latin given names, surnames and patronymics, inflected, from lexicons shipped in
name_data/); each module says its rules.

Adding a kind (the extension point). Write a module with a detector and register it; nothing
else changes. A detector is anything with the `Detector` protocol's members: `kind`, `hints`
(header words in kk/ru/en), `needs_hint`, `validate(value)`, `validate_column(arrow_array)`,
`find(text)` and `mask(value)`. Most kinds are a `PatternDetector`: a free-text regex (bounded
with `EDGE_BEFORE`/`EDGE_AFTER` so it never matches inside a longer code), a validator, a mask
and an RE2 `shape` that pre-filters columns in Arrow::

    POSTCODE = PatternDetector(kind="postcode", hints=("индекс", "postcode"),
                               pattern=re.compile(rf"{EDGE_BEFORE}[A-Z][0-9]{{2}}[A-Z][0-9][A-Z]"
                                                  rf"[0-9]{EDGE_AFTER}"),
                               check=is_postcode, redact=mask_postcode,
                               shape=r"^[A-Z][0-9]{2}[A-Z][0-9][A-Z][0-9]$")
    registry = default_registry()      # a copy: the shared DEFAULT stays as shipped
    registry.register(POSTCODE)        # or DEFAULT.register(POSTCODE) for every caller
    find_spans(text, registry=registry)

A built-in kind joins `builtin.BUILTIN` instead. Registration order breaks ties between equally
long overlapping spans, so register more specific kinds first.
"""

from aqyl.privacy.detectors.builtin import BUILTIN, DEFAULT, default_registry
from aqyl.privacy.detectors.columns import ColumnFinding, classify_arrow_column, classify_column
from aqyl.privacy.detectors.registry import (
    EDGE_AFTER,
    EDGE_BEFORE,
    Detector,
    PatternDetector,
    Registry,
    Span,
)
from aqyl.privacy.detectors.spans import find_spans

__all__ = ["BUILTIN", "DEFAULT", "EDGE_AFTER", "EDGE_BEFORE", "ColumnFinding", "Detector",
           "PatternDetector", "Registry", "Span", "classify_arrow_column", "classify_column",
           "default_registry", "find_spans"]
