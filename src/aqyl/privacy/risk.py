"""Re-identification risk over quasi-identifiers: k-anonymity, l-diversity, and reaching a
target k by climbing generalisation ladders, then suppressing the records still exposed.

Records that share every quasi-identifier value form an equivalence class; k is the size of the
smallest class (someone who knows a person's birth year, sex and district finds at least k
records), l the fewest distinct sensitive values in a class (a class of five records with one
diagnosis reveals it). Classes are found with NumPy on dictionary codes, so a million records
are grouped in a fraction of a second and the greedy search can try many ladders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from aqyl.privacy.generalise import Rung

Codes = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Risk:
    """Risk of a table: `below` records sit in classes smaller than the target k (or less
    diverse than the target l) and would be suppressed to reach them."""

    rows: int
    classes: int
    k: int
    l: int | None
    below: int

    @property
    def share_below(self) -> float:
        return self.below / self.rows if self.rows else 0.0

    def to_dict(self) -> dict[str, float | int | None]:
        return {"rows": self.rows, "classes": self.classes, "k": self.k, "l": self.l,
                "records_at_risk": self.below, "share_at_risk": round(self.share_below, 6)}


@dataclass(frozen=True)
class Enforcement:
    """How a target k (and l) was reached: the rung chosen per quasi-identifier, and which
    records are kept (False: suppressed)."""

    rungs: dict[str, Rung]
    keep: npt.NDArray[np.bool_]
    before: Risk
    after: Risk
    distinct_before: dict[str, int]
    distinct_after: dict[str, int]

    @property
    def suppressed(self) -> int:
        return int((~self.keep).sum())


class Unreachable(Exception):
    """The target cannot be met (l larger than the sensitive values the table has)."""


def codes(values: pa.Array) -> tuple[Codes, int]:
    """Dense integer codes of a column, null its own code; and how many codes there are."""
    encoded = values.dictionary_encode()
    size = len(encoded.dictionary)
    indices = encoded.indices
    if indices.null_count:
        indices = pc.fill_null(indices, size)
        size += 1
    return indices.to_numpy(zero_copy_only=False).astype(np.int64), max(size, 1)


def classes_of(columns: Sequence[tuple[Codes, int]], rows: int) -> tuple[Codes, Codes]:
    """The class of each record and each class's size."""
    key = np.zeros(rows, dtype=np.int64)
    size = 1
    for column, cardinality in columns:
        key = key * cardinality + column
        size *= cardinality
        if size > 2**40:  # keep the mixed-radix key far from overflow: renumber densely
            _, key = np.unique(key, return_inverse=True)
            size = int(key.max()) + 1 if rows else 1
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    return inverse.astype(np.int64), counts.astype(np.int64)


def diversity(classes: Codes, sensitive: Sequence[tuple[Codes, int]]) -> Codes | None:
    """Per class, the fewest distinct values any sensitive column takes in it."""
    if not sensitive or not len(classes):
        return None
    count = int(classes.max()) + 1
    fewest = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
    for column, cardinality in sensitive:
        pairs = np.unique(classes * cardinality + column)
        fewest = np.minimum(fewest, np.bincount(pairs // cardinality, minlength=count))
    return fewest


def measure(quasi: Sequence[tuple[Codes, int]], sensitive: Sequence[tuple[Codes, int]], *,
            rows: int, k: int | None, l: int | None) -> tuple[Risk, npt.NDArray[np.bool_]]:
    """The risk of a table and which records are exposed (in a class below k or l)."""
    if not rows:
        return Risk(rows=0, classes=0, k=0, l=None, below=0), np.zeros(0, dtype=bool)
    classes, sizes = classes_of(quasi, rows)
    fewest = diversity(classes, sensitive)
    exposed_class = sizes < (k or 1)
    if fewest is not None and l is not None:
        exposed_class |= fewest < l
    exposed = exposed_class[classes]
    return Risk(rows=rows, classes=len(sizes), k=int(sizes.min()),
                l=None if fewest is None else int(fewest.min()),
                below=int(exposed.sum())), exposed


def enforce(ladders: Mapping[str, Sequence[Rung]], values: Mapping[str, pa.Array],
            sensitive: Sequence[pa.Array], *, k: int, l: int | None,
            max_suppression: float) -> Enforcement:
    """Climb the ladders greedily until at most `max_suppression` of the records are exposed,
    then suppress those. Each step takes the rung that leaves the fewest records exposed (a
    tie goes to the column whose values were least generalised so far)."""
    rows = len(next(iter(values.values()))) if values else 0
    sensitive_codes = [codes(column) for column in sensitive]
    if l is not None:
        overall = min((cardinality - (1 if column.null_count else 0))
                      for column, (_, cardinality) in zip(sensitive, sensitive_codes,
                                                          strict=True))
        if overall < l:
            raise Unreachable(f"the sensitive columns take only {overall} distinct values")
    cache: dict[tuple[str, int], tuple[Codes, int]] = {}

    def coded(name: str, level: int) -> tuple[Codes, int]:
        if (name, level) not in cache:
            cache[name, level] = codes(ladders[name][level].apply(values[name]))
        return cache[name, level]

    levels = dict.fromkeys(ladders, 0)
    raw = [codes(values[name]) for name in ladders]
    before, _ = measure(raw, sensitive_codes, rows=rows, k=k, l=l)
    current, exposed = measure([coded(name, 0) for name in ladders], sensitive_codes,
                               rows=rows, k=k, l=l)
    while current.share_below > max_suppression:
        best: tuple[int, int, str] | None = None
        for name, level in levels.items():
            if level + 1 >= len(ladders[name]):
                continue
            trial = [coded(other, levels[other] + (other == name)) for other in ladders]
            risk, _ = measure(trial, sensitive_codes, rows=rows, k=k, l=l)
            candidate = (risk.below, level, name)
            if best is None or candidate < best:
                best = candidate
        if best is None:
            break
        levels[best[2]] += 1
        current, exposed = measure([coded(name, levels[name]) for name in ladders],
                                   sensitive_codes, rows=rows, k=k, l=l)
    keep = ~exposed
    final = [coded(name, levels[name]) for name in ladders]
    after, _ = measure([(column[keep], size) for column, size in final],
                       [(column[keep], size) for column, size in sensitive_codes],
                       rows=int(keep.sum()), k=k, l=l)
    return Enforcement(
        rungs={name: ladders[name][level] for name, level in levels.items()}, keep=keep,
        before=before, after=after,
        distinct_before={name: int(np.unique(column).size)
                         for name, (column, _) in zip(ladders, raw, strict=True)},
        distinct_after={name: int(np.unique(column[keep]).size)
                        for name, (column, _) in zip(ladders, final, strict=True)})
