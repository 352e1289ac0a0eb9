"""Free text with its personal data replaced by typed placeholders: "ЖСН [IIN], тел. [PHONE]".

A placeholder names the kind, so the text stays useful for training (a model still learns that
a phone number goes there) while the person is gone. Each line is redacted on its own, which
lets `aqyl privacy redact-text` stream inputs of any size: one line in, one line out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from aqyl.privacy.detectors import Registry, Span, find_spans


def placeholder(kind: str) -> str:
    return f"[{kind.upper()}]"


def redact_text(text: str, *, registry: Registry | None = None) -> str:
    return replace_spans(text, find_spans(text, registry=registry))


def replace_spans(text: str, spans: Sequence[Span]) -> str:
    """`text` with each of its (non-overlapping, ordered) spans replaced by a placeholder."""
    if not spans:
        return text
    pieces, at = [], 0
    for span in spans:
        pieces += [text[at:span.start], placeholder(span.kind)]
        at = span.end
    pieces.append(text[at:])
    return "".join(pieces)


def redact_lines(lines: Iterable[str], *, registry: Registry | None = None) -> Iterator[str]:
    """Each input line (its line break kept) redacted: exactly one output line per line."""
    for line in lines:
        body = line.rstrip("\r\n")
        yield redact_text(body, registry=registry) + line[len(body):]


def redact_array(values: pa.Array, *, registry: Registry | None = None) -> pa.Array:
    """A text column redacted, each distinct value once."""
    encoded = values.cast(pa.string()).dictionary_encode()
    redacted = pa.array([redact_text(value, registry=registry)
                         for value in encoded.dictionary.to_pylist()], pa.string())
    return pc.take(redacted, encoded.indices)
