"""Column names from a file's header: unique, never blank, and joined from two header rows
when a group label stands over the labels of its parts ("Халық саны — ерлер")."""

from __future__ import annotations

from collections.abc import Iterable

HEADER_JOIN = " — "


def unique_names(names: Iterable[str]) -> list[str]:
    """Non-empty names, unique ignoring case (DuckDB's rule): blank → column_3, twice → a_2."""
    seen: set[str] = set()
    unique = []
    for position, raw in enumerate(names, 1):
        base = " ".join(raw.split()) or f"column_{position}"
        name, suffix = base, 2
        while name.casefold() in seen:
            name, suffix = f"{base}_{suffix}", suffix + 1
        seen.add(name.casefold())
        unique.append(name)
    return unique


def join_header_rows(tops: list[str], parts: list[str], *, fill_groups: bool) -> list[str]:
    """One name per column from two header rows: "group — part", or either alone ("" for a
    column neither names). With `fill_groups` (no merges say how far a group reaches) a group
    label reaches right over the blank cells whose parts the second row names."""
    width = max(len(tops), len(parts))
    tops = [" ".join(text.split()) for text in tops] + [""] * (width - len(tops))
    parts = [" ".join(text.split()) for text in parts] + [""] * (width - len(parts))
    if fill_groups:
        group = ""
        for col in range(width):
            if tops[col]:
                group = tops[col] if parts[col] else ""
            elif parts[col]:
                tops[col] = group
            else:
                group = ""
    return [top if not part or part == top else part if not top
            else f"{top}{HEADER_JOIN}{part}" for top, part in zip(tops, parts, strict=True)]
