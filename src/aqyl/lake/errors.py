"""Why a file could not become a dataset version, with where (line, column) when known."""

from __future__ import annotations

from typing import Any


class LakeError(Exception):
    """`code` names the problem; `params` say where and what. `str()` is English for logs."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(message.format(**params) if params else message)


class BadFile(LakeError):
    """The file cannot be read as the format it claims."""


class BadRows(LakeError):
    """Some rows do not fit the table: each is reported with its line number."""

    def __init__(self, problems: list[dict[str, Any]], total: int) -> None:
        self.problems = problems
        lines = ", ".join(str(p["line"]) for p in problems[:10])
        super().__init__(
            "bad_rows", "{total} rows do not fit the table (lines {lines})",
            total=total, lines=lines,
        )
