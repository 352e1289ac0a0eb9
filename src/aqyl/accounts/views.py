"""Sign in and out, the account page, password change, API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aqyl.accounts import selectors, services
from aqyl.accounts.forms import PasswordChangeForm, TokenForm
from aqyl.core.actors import actor_from_request
from aqyl.core.errors import AqylError, NotFound
from aqyl.core.responses import remember_language


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        actor = actor_from_request(self.request)
        if chosen in dict(settings.LANGUAGES):  # the newest choice, made on this device, wins
            services.set_language(actor, language=chosen)
        elif language := getattr(self.request.user, "language", ""):
            remember_language(response, language)  # the saved choice follows to a new device
        return response


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"
    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Signing out changes state, so it takes a POST; a GET (reload, old link) goes home.
        return HttpResponseRedirect(reverse("web:home"))


def locked_out(request: HttpRequest, credentials: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """Shown instead of the sign-in form after too many failed attempts (django-axes)."""
    minutes = settings.AQYL["AQYL_LOGIN_COOLOFF_MINUTES"]
    return render(request, "accounts/locked.html", {"minutes": minutes}, status=429)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "accounts/account.html", {
        "memberships": selectors.memberships_of(user),
        "tokens": selectors.tokens_of(user),
        "token_form": TokenForm(),
    })


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                actor_from_request(request),
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except AqylError as exc:
            for field, errors in exc.fields.items():
                target = field if field in form.fields else None
                for error in errors:
                    form.add_error(target, error)
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:account")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password.html", {"form": form}, status=status)


@login_required
def tokens(request: HttpRequest) -> HttpResponseBase:
    if request.method != "POST":  # a reload or a language switch after creating a token
        return redirect("accounts:account")
    user: Any = request.user
    form = TokenForm(request.POST)
    context: dict[str, Any] = {"memberships": selectors.memberships_of(user), "token_form": form}
    status = 400
    if form.is_valid():
        try:
            token, secret = services.issue_token(actor_from_request(request), **form.cleaned_data)
        except AqylError as exc:
            form.add_error(None, str(exc.message))
        else:
            context.update(new_token=token, new_secret=secret, token_form=TokenForm())
            status = 201
    context["tokens"] = selectors.tokens_of(user)
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_POST
def revoke_token(request: HttpRequest, prefix: str) -> HttpResponseBase:
    user: Any = request.user
    token = selectors.tokens_of(user).filter(prefix=prefix).first()
    if token is None:
        raise NotFound
    services.revoke_token(actor_from_request(request), token)
    messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect("accounts:account")
