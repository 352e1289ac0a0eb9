"""Which column holds which kind of personal data, from its header and its values.

Each detector scores a sample of the trimmed, non-blank values: the share that validate, raised
by a header hint (whole words of the header, kk/ru/en, snake_case and camelCase split).
Values alone give at most `VALUE_ONLY` confidence; a hint turns a share s into
`HINT_FLOOR + (1 - HINT_FLOOR) * s`, so a header that says "card" over values that are not
cards stays below `MIN_CONFIDENCE`. Kinds that need a hint (ID card, birth date) are skipped
without one. The best kind is then verified over the whole column, which sets the counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aqyl.privacy.detectors.builtin import DEFAULT
from aqyl.privacy.detectors.registry import Detector, Registry

SAMPLE_SIZE = 10_000
MIN_CONFIDENCE = 0.5
VALUE_ONLY = 0.95  # values alone never prove the kind: 12 digits can be a checksummed code
HINT_FLOOR = 0.3
HEADER_ONLY = 0.5  # a hinted column without a single value to look at
EXAMPLES = 3


@dataclass(frozen=True)
class ColumnFinding:
    """The kind of personal data a column holds. `matches` of the `checked` non-blank values
    validate; `examples` are masked."""

    column: str
    kind: str
    confidence: float
    matches: int
    checked: int
    header_hint: bool
    examples: tuple[str, ...]


def classify_column(name: str, values: Sequence[str | None], *,
                    registry: Registry | None = None) -> ColumnFinding | None:
    """The kind of personal data in a column of Python strings, or None."""
    return classify_arrow_column(name, pa.array(list(values), pa.string()), registry=registry)


def classify_arrow_column(name: str, values: pa.Array | pa.ChunkedArray, *,
                          registry: Registry | None = None,
                          sample_size: int = SAMPLE_SIZE) -> ColumnFinding | None:
    """The kind of personal data in an Arrow column (cast to strings), or None: the kinds are
    scored on an evenly spread sample, the best one is verified on every value."""
    registry = DEFAULT if registry is None else registry
    present = _present_values(values)
    sample = present
    if len(present) > sample_size:
        sample = present.take(np.linspace(0, len(present) - 1, sample_size).astype(np.int64))
    best: tuple[float, Detector, bool] | None = None
    for detector in registry:
        hint = header_has_hint(name, detector.hints)
        if detector.needs_hint and not hint:
            continue
        share = _share(detector, sample)
        confidence = score(share, hint=hint, checked=len(sample))
        if confidence >= MIN_CONFIDENCE and (best is None or confidence > best[0]):
            best = (confidence, detector, hint)
    if best is None:
        return None
    _, detector, hint = best
    valid = detector.validate_column(present) if len(present) else np.zeros(0, dtype=bool)
    matches = int(valid.sum())
    confidence = score(matches / len(present) if len(present) else 0.0, hint=hint,
                       checked=len(present))
    if confidence < MIN_CONFIDENCE:
        return None
    found = present.filter(pa.array(valid)).unique()[:EXAMPLES].to_pylist() if matches else []
    return ColumnFinding(column=name, kind=detector.kind, confidence=round(confidence, 3),
                         matches=matches, checked=len(present), header_hint=hint,
                         examples=tuple(detector.mask(value) for value in found))


def score(share: float, *, hint: bool, checked: int) -> float:
    if not hint:
        return VALUE_ONLY * share
    if not checked:
        return HEADER_ONLY
    return HINT_FLOOR + (1 - HINT_FLOOR) * share


def header_has_hint(name: str, hints: Sequence[str]) -> bool:
    """True when one of `hints` appears in `name` as whole words: "client_iin", "ИИН клиента"
    and "phoneNumber" have hints; "binary" and "telegram" do not."""
    header = f" {header_words(name)} "
    return any(f" {hint} " in header for hint in _normalised(tuple(hints)))


def header_words(name: str) -> str:
    spaced = "".join(f" {char}" if at and char.isupper() and name[at - 1].islower() else char
                     for at, char in enumerate(name))
    return " ".join(re.split(r"[\W_]+", spaced.lower()))


@lru_cache(maxsize=256)
def _normalised(hints: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(header_words(hint).strip() for hint in hints)


def _present_values(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks else pa.array([], pa.string())
    trimmed = pc.utf8_trim_whitespace(values.cast(pa.string()))
    return trimmed.filter(pc.fill_null(pc.greater(pc.utf8_length(trimmed), 0), False))


def _share(detector: Detector, sample: pa.Array) -> float:
    if not len(sample):
        return 0.0
    return float(detector.validate_column(sample).mean())
