"""Personal data in free text: every detector proposes spans, the overlaps are settled here.

Of overlapping spans the longest wins (a card number is not also a phone, an IBAN not also a
card), then the kind registered first; the winners come back in text order.
"""

from __future__ import annotations

import bisect

from aqyl.privacy.detectors.builtin import DEFAULT
from aqyl.privacy.detectors.registry import Registry, Span


def find_spans(text: str, *, registry: Registry | None = None) -> list[Span]:
    """The personal data in `text` (kk, ru, en or mixed), as non-overlapping spans."""
    registry = DEFAULT if registry is None else registry
    rank = {kind: position for position, kind in enumerate(registry.kinds)}
    candidates = [span for detector in registry for span in detector.find(text)]
    candidates.sort(key=lambda s: (s.start - s.end, rank[s.kind], s.start))
    starts: list[int] = []
    chosen: list[Span] = []
    for span in candidates:
        at = bisect.bisect_left(starts, span.start)
        if at and chosen[at - 1].end > span.start:
            continue
        if at < len(chosen) and chosen[at].start < span.end:
            continue
        starts.insert(at, span.start)
        chosen.insert(at, span)
    return chosen
