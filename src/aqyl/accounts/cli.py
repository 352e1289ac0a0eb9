"""`aqyl token` and `aqyl org`: user commands, authorised like the web and the API."""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from aqyl.core.cli_support import TOKEN_OPTION, actor_for_token, console, handles_errors

if TYPE_CHECKING:
    from aqyl.core.actors import Actor

token_app = typer.Typer(help="Personal API tokens.", no_args_is_help=True)
org_app = typer.Typer(help="Organisations and their members.", no_args_is_help=True)


def _password_actor(username: str, password_stdin: bool) -> Actor:
    """Sign in with a password (for the first token); failures count towards the lockout."""
    from django.contrib.auth import authenticate
    from django.http import HttpRequest
    from django.utils.translation import gettext as _

    from aqyl.core.actors import Actor
    from aqyl.core.errors import NotAuthenticated

    password = sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass(
        _("Password for %(name)s: ") % {"name": username})
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise NotAuthenticated(_("The user name or password is not correct, or signing in is "
                                 "locked after too many attempts."))
    return Actor(user=user, channel="cli", client_address="cli")


@token_app.command("create")
@handles_errors
def create(
    name: str = typer.Option(..., help="What the token is for."),
    scope: str = typer.Option("read", help="read or write."),
    days: int = typer.Option(90, help="Days until it expires."),
    username: str | None = typer.Option(None, help="Sign in with this user's password."),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from standard input."),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Create an API token; it is printed once and never stored in clear."""
    from django.utils.translation import gettext as _

    from aqyl.accounts.services import issue_token

    actor = _password_actor(username, password_stdin) if username else actor_for_token(token)
    created, secret = issue_token(actor, name=name, scope=scope, days=days)
    console.print(_("Token %(name)s (%(scope)s) expires %(date)s. Copy it now, it is not "
                    "shown again:") % {"name": created.name, "scope": created.scope,
                                       "date": created.expires_at.date()}, style="bold")
    typer.echo(secret)


@token_app.command("list")
@handles_errors
def list_tokens(token: str | None = TOKEN_OPTION) -> None:
    """List your tokens (never their secrets)."""
    from django.utils.translation import gettext as _

    from aqyl.accounts.selectors import tokens_of
    from aqyl.core.permissions import require

    actor = actor_for_token(token)
    require(actor, "accounts.view_own_account", actor.user)
    table = Table(_("Token name"), _("Token"), _("Scope"), _("Expires"), _("State"))
    for item in tokens_of(actor.user):
        state = _("revoked") if item.revoked_at else (
            _("active") if item.is_usable() else _("expired"))
        table.add_row(item.name, item.prefix, item.get_scope_display(),
                      str(item.expires_at.date()), state)
    console.print(table)


@token_app.command("revoke")
@handles_errors
def revoke(prefix: str = typer.Argument(..., help="The token's prefix as `token list` shows "
                                          "it (the whole token is accepted too)."),
           token: str | None = TOKEN_OPTION) -> None:
    """Revoke one of your tokens."""
    from django.utils.translation import gettext as _

    from aqyl.accounts.selectors import tokens_of
    from aqyl.accounts.services import revoke_token
    from aqyl.accounts.tokens import prefix_of
    from aqyl.core.errors import NotFound

    actor = actor_for_token(token)
    prefix = prefix_of(prefix)
    found = tokens_of(actor.user).filter(prefix=prefix).first()
    if found is None:
        raise NotFound(_("You have no token %(prefix)s.") % {"prefix": prefix})
    if found.revoked_at is not None:
        console.print(_("The token %(name)s was already revoked.") % {"name": found.name})
        return
    revoke_token(actor, found)
    console.print(_("Revoked %(name)s.") % {"name": found.name})


@org_app.command("list")
@handles_errors
def org_list(query: str = typer.Option("", "--query", "-q", help="Search text.")) -> None:
    """List organisations (public information)."""
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    from aqyl.accounts.selectors import list_organisations

    found = list(list_organisations(query=query))
    if not found:
        console.print(_("No organisations match."))
        return
    table = Table(_("Short name"), pgettext("organisation", "Name"), _("Type"), _("Sector"),
                  _("BIN"))
    for org in found:
        table.add_row(org.slug, org.name, org.get_type_display(), org.get_sector_display(),
                      org.bin or "—")
    console.print(table)


@org_app.command("create")
@handles_errors
def org_create(
    slug: str = typer.Argument(..., help="Short name: lowercase Latin letters, digits, hyphens.",
                               show_default=False),
    name_kk: str = typer.Option(..., "--name-kk", help="Name in Kazakh."),
    name_ru: str = typer.Option(..., "--name-ru", help="Name in Russian."),
    name_en: str = typer.Option(..., "--name-en", help="Name in English."),
    org_type: str = typer.Option(..., "--type", help="government, quasi_public, company, "
                                 "university, research or ngo."),
    sector: str = typer.Option(..., "--sector", help="public_administration, digital, health, "
                               "education, agriculture, energy, finance, transport, industry, "
                               "social, ecology or other."),
    bin_number: str = typer.Option("", "--bin", help="Business identification number (12 "
                                   "digits), if it has one."),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Create an organisation (platform administrators)."""
    from django.utils.translation import gettext as _

    from aqyl.accounts.services import create_organisation

    actor = actor_for_token(token)
    organisation = create_organisation(actor, slug=slug, name_kk=name_kk, name_ru=name_ru,
                                       name_en=name_en, type=org_type, sector=sector,
                                       bin=bin_number.strip() or None)
    console.print(_("Created the organisation %(slug)s: %(name)s.")
                  % {"slug": organisation.slug, "name": organisation.name}, markup=False)


@org_app.command("members")
@handles_errors
def org_members(slug: str, token: str | None = TOKEN_OPTION) -> None:
    """List an organisation's members (members and platform roles only)."""
    from django.utils.translation import gettext as _

    from aqyl.accounts.selectors import get_organisation, members_of
    from aqyl.core.errors import NotFound
    from aqyl.core.permissions import require

    actor = actor_for_token(token)
    organisation = get_organisation(slug)
    if organisation is None:
        raise NotFound
    require(actor, "accounts.view_members", organisation)
    table = Table(_("User name"), _("Full name"), _("Role"))
    for membership in members_of(organisation):
        table.add_row(membership.user.username, membership.user.get_full_name(),
                      membership.get_role_display())
    console.print(table)
