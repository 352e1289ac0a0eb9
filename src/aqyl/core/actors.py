"""Who is acting: a user, through which channel, with which token scope, from which address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from django.http import HttpRequest

    from aqyl.accounts.models import User


@dataclass(frozen=True)
class Actor:
    user: User | AnonymousUser
    # None: a signed-in session or a local operator; "read"/"write": an API token's scope.
    token_scope: str | None = None
    client_address: str = ""
    channel: str = "web"  # web, api, cli, system

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated)

    @property
    def account(self) -> User | None:
        """The signed-in user, or None for anonymous visitors and the system."""
        return self.user if isinstance(self.user, AbstractBaseUser) else None

    @property
    def label(self) -> str:
        if self.channel == "system":
            return "system"
        return self.user.get_username() if self.is_authenticated else "anonymous"

    @property
    def can_write(self) -> bool:
        return self.token_scope in (None, "write")


SYSTEM = Actor(user=AnonymousUser(), channel="system")


def client_address(request: HttpRequest) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips);
    # X-Forwarded-For is not trusted by default because clients can forge it.
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def actor_from_request(request: HttpRequest, *, channel: str = "web") -> Actor:
    token: Any = getattr(request, "api_token", None)
    return Actor(
        user=request.user,
        token_scope=token.scope if token is not None else None,
        client_address=client_address(request),
        channel=channel,
    )
