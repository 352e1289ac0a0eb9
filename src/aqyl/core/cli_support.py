"""What every CLI command shares: Django setup, the token-based actor, translated errors."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

F = TypeVar("F", bound=Callable[..., Any])
err_console = Console(stderr=True)
console = Console()

TOKEN_OPTION = typer.Option(
    None, "--token", envvar="AQYL_TOKEN", help="Your API token (or set AQYL_TOKEN).",
    show_default=False,
)


def handles_errors(func: F) -> F:
    """Run with Django set up; print AqylErrors as translated messages and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from aqyl.cli import setup_django

        setup_django()
        from aqyl.core.errors import AqylError

        try:
            return func(*args, **kwargs)
        except AqylError as exc:
            # Messages carry user input (names, paths): never read them as Rich markup.
            err_console.print(Text(str(exc.message), style="red"))
            for field, messages in exc.fields.items():
                err_console.print(Text(f"  {field}: {'; '.join(messages)}"))
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def actor_for_token(token: str | None) -> Any:
    """The Actor behind an API token; the CLI never acts as a user without one."""
    from django.utils.translation import gettext as _

    from aqyl.accounts.services import authenticate_token
    from aqyl.core.actors import Actor
    from aqyl.core.errors import NotAuthenticated

    if not token:
        raise NotAuthenticated(_("This command needs an API token: pass --token or set "
                                 "AQYL_TOKEN. Create one with `aqyl token create`."))
    found = authenticate_token(token.strip())
    if found is None:
        raise NotAuthenticated(_("The API token is invalid, expired or revoked."))
    return Actor(user=found.user, token_scope=found.scope, channel="cli",
                 client_address=f"cli:{os.getpid()}")
