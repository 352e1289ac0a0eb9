"""Errors that services raise; the web, API and CLI layers turn them into translated messages
with the right status code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class AqylError(Exception):
    status_code = 400
    code = "invalid"
    default_message: str | Promise = _("The request is not valid.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        fields: Mapping[str, list[str]] | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.fields = dict(fields or {})
        self.details = dict(details or {})  # machine-readable specifics: lines, columns
        super().__init__(str(self.message))


class InvalidInput(AqylError):
    pass


class NotAuthenticated(AqylError):
    status_code = 401
    code = "not_authenticated"
    default_message = _("Sign in or send a valid API token.")


class PermissionDenied(AqylError):
    status_code = 403
    code = "forbidden"
    default_message = _("You do not have permission to do this.")


class NotFound(AqylError):
    status_code = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(AqylError):
    status_code = 409
    code = "conflict"
    default_message = _("This conflicts with what already exists.")
