"""Two datasets that share a key (an IIN, a BIN, a KATO code), compared the way the Concept's
cross-system analysis asks: how many keys match, which records exist in one system only, and
which attributes disagree where both hold the record.

Keys are compared as trimmed text, so 000101300011 in one system and the same IIN in another
meet however each typed the column. A key that repeats inside one dataset is counted, and its
first row (in file order) stands for it. Attributes are the columns both datasets name alike
(or the pairs given), compared as trimmed text with empty equal to empty; numbers that print
alike (5 and 5.0) are equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow.parquet as pq

from aqyl.lake.parquet import json_safe

SAMPLES = 5


class KeyMatchError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(f"{code}: {params}")


@dataclass
class KeyMatch:
    keys_a: int  # distinct non-empty keys
    keys_b: int
    matched: int
    only_a: int
    only_b: int
    repeated_a: int  # keys that occur on more than one row
    repeated_b: int
    empty_a: int  # rows without a key
    empty_b: int
    attributes: list[dict[str, Any]] = field(default_factory=list)  # per compared pair
    samples_only_a: list[Any] = field(default_factory=list)
    samples_only_b: list[Any] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return json_safe(self.__dict__)  # type: ignore[no-any-return]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(expression: str) -> str:
    """A value as comparable text: trimmed, empty as NULL, 5.0 as 5."""
    return (f"nullif(regexp_replace(trim(CAST({expression} AS VARCHAR)), '\\.0+$', ''), '')")


def match_keys(path_a: str, path_b: str, key_a: str, key_b: str | None = None,
               attributes: Sequence[tuple[str, str]] | None = None) -> KeyMatch:
    """Compare the datasets at two Parquet paths on their key columns."""
    key_b = key_b or key_a
    names_a, names_b = pq.read_schema(path_a).names, pq.read_schema(path_b).names
    for key, names, side in ((key_a, names_a, "a"), (key_b, names_b, "b")):
        if key not in names:
            raise KeyMatchError("unknown_key", side=side, column=key, columns=", ".join(names))
    if attributes is None:
        attributes = [(n, n) for n in names_a if n in names_b and n not in (key_a, key_b)]
    for left, right in attributes:
        if left not in names_a or right not in names_b:
            raise KeyMatchError("unknown_attribute", column=left if left not in names_a
                                else right)
    con = duckdb.connect(config={"threads": 2, "memory_limit": "1GB"})
    try:
        for side, path, key in (("a", path_a, key_a), ("b", path_b, key_b)):
            con.execute(f"CREATE TABLE {side} AS SELECT *, {_text(_quote(key))} AS __key FROM "
                        f"read_parquet({_literal(path)}, file_row_number = true)")
            con.execute(f"CREATE TABLE {side}_first AS SELECT * FROM {side} WHERE __key IS NOT "
                        f"NULL QUALIFY row_number() OVER (PARTITION BY __key "
                        f"ORDER BY file_row_number) = 1")
        [(keys_a, keys_b, matched, repeated_a, repeated_b, empty_a, empty_b)] = con.execute(
            "SELECT (SELECT count(*) FROM a_first), (SELECT count(*) FROM b_first), "
            "(SELECT count(*) FROM a_first JOIN b_first USING (__key)), "
            "(SELECT count(*) FROM (SELECT 1 FROM a WHERE __key IS NOT NULL GROUP BY __key "
            "HAVING count(*) > 1)), "
            "(SELECT count(*) FROM (SELECT 1 FROM b WHERE __key IS NOT NULL GROUP BY __key "
            "HAVING count(*) > 1)), "
            "(SELECT count_if(__key IS NULL) FROM a), (SELECT count_if(__key IS NULL) FROM b)"
        ).fetchall()
        result = KeyMatch(keys_a=keys_a, keys_b=keys_b, matched=matched,
                          only_a=keys_a - matched, only_b=keys_b - matched,
                          repeated_a=repeated_a, repeated_b=repeated_b, empty_a=empty_a,
                          empty_b=empty_b)
        result.samples_only_a = [r[0] for r in con.execute(
            f"SELECT __key FROM a_first ANTI JOIN b_first USING (__key) ORDER BY __key "
            f"LIMIT {SAMPLES}").fetchall()]
        result.samples_only_b = [r[0] for r in con.execute(
            f"SELECT __key FROM b_first ANTI JOIN a_first USING (__key) ORDER BY __key "
            f"LIMIT {SAMPLES}").fetchall()]
        for left, right in attributes:
            differs = (f"{_text('a_first.' + _quote(left))} IS DISTINCT FROM "
                       f"{_text('b_first.' + _quote(right))}")
            joined = "FROM a_first JOIN b_first USING (__key)"
            [(count,)] = con.execute(f"SELECT coalesce(count_if({differs}), 0) {joined}"
                                     ).fetchall()
            samples = con.execute(
                f"SELECT __key, a_first.{_quote(left)}, b_first.{_quote(right)} {joined} "
                f"WHERE {differs} ORDER BY __key LIMIT {SAMPLES}").fetchall()
            result.attributes.append({"a": left, "b": right, "conflicts": int(count),
                                      "share": round(count / matched, 4) if matched else None,
                                      "samples": [list(row) for row in samples]})
        return result
    finally:
        con.close()
