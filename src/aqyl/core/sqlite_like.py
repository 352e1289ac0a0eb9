"""Case-insensitive LIKE for all of Unicode on SQLite.

SQLite folds case for ASCII letters only, so `icontains` would miss «Статистика» when searching
for «статистика» (PostgreSQL's UPPER() has no such gap). SQLite lets an application replace its
like() function; this one folds case with Python's str.casefold.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=256)
def _compile(pattern: str, escape: str | None) -> re.Pattern[str]:
    parts: list[str] = []
    chars = iter(pattern.casefold())
    for char in chars:
        if escape is not None and char == escape.casefold():
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def like(pattern: Any, value: Any, escape: Any = None) -> bool | None:
    if pattern is None or value is None:
        return None
    return _compile(str(pattern), escape).fullmatch(str(value).casefold()) is not None


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created handler: replace like() on every new SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, like, deterministic=True)
        connection.connection.create_function("like", 3, like, deterministic=True)
