"""Portal pages that belong to no domain: home, sections, language, errors."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aqyl.accounts import services as account_services
from aqyl.accounts.models import Organisation
from aqyl.core.actors import actor_from_request
from aqyl.core.responses import error_response, remember_language
from aqyl.core.uploads import too_large_message, upload_refused
from aqyl.web.sections import SECTIONS


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {
        "sections": SECTIONS.values(),
        "organisation_count": Organisation.objects.count(),
        "demo_count": Organisation.objects.filter(is_demo=True).count(),
    })


def section(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in SECTIONS:
        raise Http404
    return render(request, "web/section.html", {"section": SECTIONS[slug]})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        remember_language(response, language)
        if request.user.is_authenticated:
            account_services.set_language(actor_from_request(request), language=language)
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403, _("You do not have permission to see this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404, _("There is no such page."))


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500, _("Something went wrong on our side. It has been logged."))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if upload_refused(request):  # the body was refused unread, the form's token with it
        return error_response(request, 413, too_large_message())
    return error_response(request, 403, _("The form has expired or was sent from another site. "
                                          "Reload the page and try again."))
