"""The audit log's hash chain: each entry's hash covers its content and the previous hash.

Pure: works on plain mappings so verification can run over any export of the log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64
CHAINED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "organisation_id",
    "outcome",
    "client_address",
    "details",
)


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the chained fields."""
    payload = {name: entry[name] for name in CHAINED_FIELDS}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str  # "gap", "altered", "broken-link", "head-mismatch"
    detail: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    last_seq: int
    last_hash: str
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(
    entries: Iterable[Mapping[str, Any]],
    *,
    head_seq: int | None = None,
    head_hash: str | None = None,
) -> ChainReport:
    """Check entries in `seq` order: no gaps, each stored hash recomputes, each links to the
    previous one, and the last matches the recorded chain head (which catches a cut-off tail)."""
    problems: list[ChainProblem] = []
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for entry in entries:
        seq = int(entry["seq"])
        if seq != expected_seq:
            problems.append(
                ChainProblem(seq, "gap", f"entries {expected_seq}..{seq - 1} are missing")
            )
        if entry["prev_hash"] != prev_hash:
            problems.append(ChainProblem(seq, "broken-link", "previous hash does not match"))
        if entry_hash(entry["prev_hash"], entry) != entry["hash"]:
            problems.append(ChainProblem(seq, "altered", "content does not match its hash"))
        prev_hash = entry["hash"]
        expected_seq = seq + 1
        checked += 1
    last_seq = expected_seq - 1
    if head_seq is not None and (head_seq != last_seq or head_hash != prev_hash):
        problems.append(
            ChainProblem(
                last_seq,
                "head-mismatch",
                f"the chain head records entry {head_seq}, the log ends at {last_seq}",
            )
        )
    return ChainReport(checked, last_seq, prev_hash, tuple(problems))
