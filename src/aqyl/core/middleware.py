"""Language choice: Kazakh unless the visitor chose otherwise.

Pages follow the remembered choice (cookie, then the signed-in user's saved language), never
the browser's Accept-Language, so the state language is what a newcomer sees first. API
clients may ask for a language with Accept-Language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import trans_real

from aqyl.core.errors import AqylError, NotAuthenticated
from aqyl.core.responses import error_response

SUPPORTED = {code for code, _ in settings.LANGUAGES}


def choose_language(request: HttpRequest) -> str:
    if request.path.startswith("/api/"):
        for lang, _q in trans_real.parse_accept_lang_header(
            request.headers.get("Accept-Language", "")
        ):
            if lang.split("-")[0].lower() in SUPPORTED:
                return lang.split("-")[0].lower()
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    user = getattr(request, "user", None)
    saved = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
    if saved in SUPPORTED:
        return str(saved)
    return str(settings.LANGUAGE_CODE)


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = choose_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response


class ErrorPageMiddleware:
    """Services raise AqylError; pages answer with the translated message and its status.
    Under /api/ a bare 405 from the router becomes the API's JSON error too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (response.status_code == 405 and request.path.startswith("/api/")
                and not response.get("Content-Type", "").startswith("application/json")):
            allowed = response.get("Allow", "")
            response = error_response(request, 405, _("Method not allowed."))
            response["Allow"] = allowed
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AqylError):
            return None
        if isinstance(exception, NotAuthenticated):
            return redirect_to_login(request.get_full_path())
        return error_response(request, exception.status_code, str(exception.message))


class RejectNulMiddleware:
    """NUL characters have no place in text and PostgreSQL refuses them: answer 400 early."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return error_response(request, 400, _("The request contains a NUL character, "
                                                   "which is not allowed."))
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("application/json"):
        body = request.body
        return b"\\u0000" in body or b"\x00" in body
    if request.method == "POST" and content_type.startswith("application/x-www-form-urlencoded"):
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
    return False
