"""The detector interface, the pattern-based implementation most kinds use, and the registry.

One detector per kind of personal data. A detector judges a single value (`validate`), a whole
Arrow string column at once (`validate_column`), finds its spans in free text (`find`) and
masks a value for display (`mask`); the column classifier and the span finder only ever talk to
detectors through this interface, so a new kind never touches the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

Mask = npt.NDArray[np.bool_]
CONTEXT_BEFORE = 40  # characters before a candidate searched for its context words
CONTEXT_AFTER = 12  # and after it ("01.02.1990 г.р.")
DECOY_BEFORE = 24  # characters before a candidate searched for decoy words
# a candidate may touch Cyrillic ("ИИН900101…") but not Latin letters or digits: then it is a
# piece of a longer code or number
EDGE_BEFORE = r"(?<![0-9A-Za-z])"
EDGE_AFTER = r"(?![0-9A-Za-z])"


@dataclass(frozen=True)
class Span:
    """A piece of personal data in a text: `text == source[start:end]`."""

    kind: str
    start: int
    end: int
    text: str


class Detector(Protocol):
    """What the classifier and the span finder need from a kind of personal data."""

    @property
    def kind(self) -> str: ...

    @property
    def hints(self) -> tuple[str, ...]:
        """Header words in kk/ru/en that announce this kind (matched as whole words)."""

    @property
    def needs_hint(self) -> bool:
        """True when values alone are too ambiguous (nine digits, a date) to classify a column."""

    def validate(self, value: str) -> bool: ...

    def validate_column(self, values: pa.Array) -> Mask:
        """`validate` over a whole string column at once: True where valid, False for nulls."""

    def find(self, text: str) -> Iterator[Span]: ...

    def mask(self, value: str) -> str: ...


@dataclass(frozen=True)
class PatternDetector:
    """A detector built from a free-text regex, a validator and a mask.

    Free text: `pattern` proposes candidates (its lookarounds keep them off longer digit runs),
    `check` confirms each; with `context`, one of those words must appear near the candidate
    (within `CONTEXT_BEFORE`/`CONTEXT_AFTER` characters, and nearer it than its neighbours);
    any of `decoys` just before it (артикул, EAN…) rejects it. Columns: `shape`, an RE2 regex,
    filters the trimmed values in Arrow and `check` judges the distinct survivors, unless
    `column_check` does the whole column itself (vectorised IIN/BIN checksums, phone regexes).
    """

    kind: str
    hints: tuple[str, ...]
    pattern: re.Pattern[str]
    check: Callable[[str], bool]
    redact: Callable[[str], str]
    shape: str
    context: tuple[str, ...] = ()
    decoys: tuple[str, ...] = ()
    needs_hint: bool = False
    column_check: Callable[[pa.Array], Mask] | None = None

    def validate(self, value: str) -> bool:
        return self.check(value.strip())

    def mask(self, value: str) -> str:
        return self.redact(value.strip())

    def find(self, text: str) -> Iterator[Span]:
        lowered = text.lower() if self.context or self.decoys else text
        matches = list(self.pattern.finditer(text))
        for at, match in enumerate(matches):
            start, end = match.span()
            if not self.check(match.group()):
                continue
            if self.context:
                # a context word belongs to the nearer candidate: "05.06.1979 г.р., договор от
                # 01.02.2020" and "туған күні: 14.03.1987, өтініш 02.04.2024" hold one each
                previous = (matches[at - 1].end() + start + 1) // 2 if at else 0
                following = ((end + matches[at + 1].start()) // 2 if at + 1 < len(matches)
                             else len(text))
                before = max(start - CONTEXT_BEFORE, previous)
                after = min(end + CONTEXT_AFTER, following)
                window = f"{lowered[before:start]} {lowered[end:after]}"
                if not has_word(window, self.context):
                    continue
            if self.decoys and has_word(lowered[max(0, start - DECOY_BEFORE):start], self.decoys):
                continue
            yield Span(self.kind, start, end, match.group())

    def validate_column(self, values: pa.Array) -> Mask:
        trimmed = pc.utf8_trim_whitespace(values.cast(pa.string()))
        if self.column_check is not None:
            return self.column_check(trimmed)
        return check_distinct(trimmed, self.shape, self.check)


class Registry:
    """The detectors in use, by kind, in registration order (the order breaks ties between
    equally long spans: the kind registered first wins)."""

    def __init__(self, detectors: Iterable[Detector] = ()) -> None:
        self._detectors: dict[str, Detector] = {}
        for detector in detectors:
            self.register(detector)

    def register(self, detector: Detector) -> Detector:
        """Add a new kind; a kind is registered once (replace it with `replace`)."""
        if detector.kind in self._detectors:
            raise ValueError(f"a detector for {detector.kind!r} is already registered")
        self._detectors[detector.kind] = detector
        return detector

    def replace(self, detector: Detector) -> None:
        """Swap the detector of a registered kind (a stricter phone rule, say)."""
        if detector.kind not in self._detectors:
            raise KeyError(detector.kind)
        self._detectors[detector.kind] = detector

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self._detectors)

    def __getitem__(self, kind: str) -> Detector:
        return self._detectors[kind]

    def __iter__(self) -> Iterator[Detector]:
        return iter(tuple(self._detectors.values()))

    def __len__(self) -> int:
        return len(self._detectors)


def check_distinct(values: pa.Array, shape: str, check: Callable[[str], bool]) -> Mask:
    """Validate a column by running `check` once per distinct value that has the right shape:
    the regex pass is Arrow's, so Python only sees plausible candidates."""
    shaped = np.asarray(pc.fill_null(pc.match_substring_regex(values, shape), False)
                        .to_numpy(zero_copy_only=False), dtype=bool)
    result = np.zeros(len(values), dtype=bool)
    if not shaped.any():
        return result
    encoded = values.filter(pa.array(shaped)).dictionary_encode()
    distinct = np.array([check(v) for v in encoded.dictionary.to_pylist()], dtype=bool)
    result[shaped] = distinct[encoded.indices.to_numpy(zero_copy_only=False)]
    return result


def has_word(window: str, words: tuple[str, ...]) -> bool:
    """True when one of `words` starts a word of `window` ("ean" in "EAN-13", not in "ocean";
    "г.р." in "1990г.р.": only a letter before it joins it to another word)."""
    for word in words:
        at = window.find(word)
        while at >= 0:
            if at == 0 or not window[at - 1].isalpha():
                return True
            at = window.find(word, at + 1)
    return False
