"""The pure hash chain: verification catches every kind of tampering."""

from typing import Any

from aqyl.core.audit_chain import GENESIS_HASH, entry_hash, verify_chain


def chain(n: int) -> list[dict[str, Any]]:
    entries, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        entry = {
            "seq": seq, "created_at": f"2026-01-01T00:00:{seq:02d}+00:00", "actor_id": 1,
            "actor_label": "aigerim", "action": "accounts.login", "object_type": "accounts.user",
            "object_id": "1", "organisation_id": None, "outcome": "success",
            "client_address": "10.0.0.1", "details": {"channel": "web"}, "prev_hash": prev,
        }
        entry["hash"] = entry_hash(prev, entry)
        prev = entry["hash"]
        entries.append(entry)
    return entries


def test_intact_chain_verifies() -> None:
    entries = chain(5)
    report = verify_chain(entries, head_seq=5, head_hash=entries[-1]["hash"])
    assert report.ok
    assert report.checked == 5
    assert report.last_hash == entries[-1]["hash"]


def test_altered_field_is_detected() -> None:
    entries = chain(5)
    entries[2]["actor_label"] = "someone-else"
    report = verify_chain(entries, head_seq=5, head_hash=entries[-1]["hash"])
    assert [(p.seq, p.kind) for p in report.problems] == [(3, "altered")]


def test_altered_details_are_detected() -> None:
    entries = chain(3)
    entries[0]["details"] = {"channel": "api"}
    assert [p.kind for p in verify_chain(entries).problems] == ["altered"]


def test_recomputed_hash_still_breaks_the_next_link() -> None:
    entries = chain(4)
    entries[1]["outcome"] = "denied"
    entries[1]["hash"] = entry_hash(entries[1]["prev_hash"], entries[1])
    report = verify_chain(entries, head_seq=4, head_hash=entries[-1]["hash"])
    assert [(p.seq, p.kind) for p in report.problems] == [(3, "broken-link")]


def test_deleted_entry_is_detected() -> None:
    entries = chain(5)
    del entries[2]
    kinds = {(p.seq, p.kind) for p in verify_chain(entries).problems}
    assert (4, "gap") in kinds
    assert (4, "broken-link") in kinds


def test_cut_off_tail_is_detected_by_the_head() -> None:
    entries = chain(5)
    head_hash = entries[-1]["hash"]
    report = verify_chain(entries[:3], head_seq=5, head_hash=head_hash)
    assert [p.kind for p in report.problems] == ["head-mismatch"]


def test_empty_log_verifies_against_genesis() -> None:
    assert verify_chain([], head_seq=0, head_hash=GENESIS_HASH).ok
