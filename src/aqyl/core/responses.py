"""Responses every domain's views and middleware share: translated errors, the language cookie."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

ERROR_CODES = {400: "invalid", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}


def error_response(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """A translated error: the API's JSON shape under /api/, a page elsewhere."""
    if request.path.startswith("/api/"):
        code = ERROR_CODES.get(status, "error")
        return JsonResponse({"error": {"code": code, "message": message, "fields": {}}},
                            status=status)
    return render(request, "web/error.html", {"status": status, "message": message},
                  status=status)


def remember_language(response: HttpResponse, language: str) -> None:
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language,
                        max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
