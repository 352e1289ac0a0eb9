"""The REST API: one NinjaAPI, one authentication, one error format for every domain router.

Errors are `{"error": {"code", "message", "fields"}}` with the message in the caller's
language (Accept-Language, or the remembered choice).
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from aqyl import __version__
from aqyl.core.actors import Actor, actor_from_request
from aqyl.core.errors import AqylError, NotAuthenticated, PermissionDenied
from aqyl.core.validation_messages import translate_error

logger = logging.getLogger(__name__)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenOrSession(HttpBearer):
    """A Bearer API token, else the browser session (with CSRF on writes), else anonymous.

    Always yields an Actor; rules decide whether anonymous may proceed. A token that is sent
    but unusable is refused outright rather than silently treated as anonymous."""

    def __call__(self, request: HttpRequest) -> Actor:
        header = request.headers.get("Authorization")
        if header is not None:
            scheme, _sep, secret = header.strip().partition(" ")
            if scheme.lower() != "bearer" or not secret.strip():
                raise NotAuthenticated(
                    _("The Authorization header must be 'Bearer <API token>'.")
                )
            return self.authenticate(request, secret.strip())
        if (request.user.is_authenticated and request.method not in SAFE_METHODS
                and check_csrf(request) is not None):
                raise PermissionDenied(
                    _("CSRF check failed: reload the page and try again, or use an API token.")
                )
        return actor_from_request(request, channel="api")

    def authenticate(self, request: HttpRequest, token: str) -> Actor:
        from aqyl.accounts.services import authenticate_token

        found = authenticate_token(token)
        if found is None:
            raise NotAuthenticated(_("The API token is invalid, expired or revoked."))
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return actor_from_request(request, channel="api")


api = NinjaAPI(
    title="aqyl API",
    version="1",
    description="Kazakhstan's national AI platform. Authenticate with `Authorization: Bearer "
    "<token>` (create one on your account page or with `aqyl token create`).",
    auth=TokenOrSession(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_body(code: str, message: str, fields: dict[str, Any] | None = None,
               details: dict[str, Any] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "fields": fields or {}}
    if details:
        error["details"] = details
    return {"error": error}


@api.exception_handler(AqylError)
def _aqyl_error(request: HttpRequest, exc: AqylError) -> HttpResponse:
    response = api.create_response(
        request, error_body(exc.code, str(exc.message), exc.fields, exc.details),
        status=exc.status_code,
    )
    if exc.status_code == 401:
        response["WWW-Authenticate"] = 'Bearer realm="aqyl"'
    return response


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = _field_name(error.get("loc", ()))
        fields.setdefault(location or "request", []).append(translate_error(error))
    return api.create_response(
        request, error_body("invalid", _("The request is not valid."), fields), status=422
    )


def _field_name(loc: Any) -> str:
    """`("body", "body", "name")` → `name`: the field as the client sent it."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in {"body", "filters"}:  # our handlers' parameter names
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(AuthenticationError)
def _authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _aqyl_error(request, NotAuthenticated())


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    messages = {400: _("The request is not valid."), 405: _("Method not allowed.")}
    message = messages.get(exc.status_code, _("The request could not be completed."))
    return api.create_response(request, error_body("http_error", message),
                               status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("unhandled API error on %s %s", request.method, request.path)
    return api.create_response(
        request,
        error_body("server_error", _("Something went wrong on our side. It has been logged.")),
        status=500,
    )


@api.get("/v1/version", auth=None, tags=["platform"], summary="Platform version")
def version(request: HttpRequest) -> dict[str, str]:
    return {"version": __version__}
