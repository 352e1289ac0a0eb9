"""What the API refused, as exceptions: the server's translated message, its code and details."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


class AqylError(Exception):
    """A request the platform refused or could not answer.

    `code` is the API's machine-readable code (`not_found`, `data_error`, …), `status` the HTTP
    status (None when the server was not reached), `fields` the messages per request field and
    `details` the specifics (for a refused file: `reason`, `line`, `problems`).
    """

    def __init__(self, message: str, *, code: str = "error", status: int | None = None,
                 fields: Mapping[str, list[str]] | None = None,
                 details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.fields = dict(fields or {})
        self.details = dict(details or {})

    def __str__(self) -> str:
        """The message, and which fields were wrong when the server named them."""
        if not self.fields:
            return self.message
        listed = "; ".join(f"{name}: {' '.join(problems)}"
                           for name, problems in self.fields.items())
        return f"{self.message} ({listed})"


class NotAuthenticated(AqylError):
    """401: no token where one is needed, or the token is invalid, expired or revoked."""


class PermissionDenied(AqylError):
    """403: the token's user may not do this (or the token is read-only)."""


class NotFound(AqylError):
    """404: no such dataset or version, or one you may not know exists."""


_BY_STATUS: dict[int, type[AqylError]] = {401: NotAuthenticated, 403: PermissionDenied,
                                           404: NotFound}


def error_from_response(status: int, reason: str, body: bytes) -> AqylError:
    """The API's `{"error": {"code", "message", "fields", "details"}}`, or the bare status."""
    kind = _BY_STATUS.get(status, AqylError)
    try:
        error = json.loads(body)["error"]
        message = str(error["message"])
    except (ValueError, KeyError, TypeError):
        text = body[:300].decode("utf-8", "replace").strip()
        return kind(f"HTTP {status} {reason}" + (f": {text}" if text else ""),
                    code="http_error", status=status)
    return kind(message, code=str(error.get("code", "error")), status=status,
                fields=error.get("fields") or {}, details=error.get("details") or {})
