"""Sign-ins, sign-outs and failed sign-ins go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import signals
from django.contrib.auth.models import AnonymousUser
from django.dispatch import receiver
from django.http import HttpRequest

from aqyl.core import audit
from aqyl.core.actors import Actor, client_address
from aqyl.core.models import Outcome


def _address(request: HttpRequest | None) -> str:
    return client_address(request) if request is not None else ""


@receiver(signals.user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit.record(Actor(user=user, client_address=_address(request)), "accounts.login", user)


@receiver(signals.user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(Actor(user=user, client_address=_address(request)), "accounts.logout", user)


@receiver(signals.user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                  **kwargs: Any) -> None:
    actor = Actor(user=AnonymousUser(), client_address=_address(request))
    username = str(credentials.get("username", ""))[:150]
    audit.record(actor, "accounts.login", audit.ObjectRef("accounts.user", username),
                 outcome=Outcome.FAILURE)
