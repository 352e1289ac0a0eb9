from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_membership, make_organisation, make_user


@pytest.fixture(autouse=True)
def _isolated_lake(settings: Any, tmp_path: Path) -> None:
    """Each test gets its own lake and staging folders, never the developer's AQYL_HOME."""
    key = tmp_path / "pseudonym_key"
    key.write_text("test-pseudonym-key-" + "k" * 40)
    settings.AQYL = {**settings.AQYL, "AQYL_LAKE_URL": str(tmp_path / "lake"),
                     "AQYL_STAGING_DIR": tmp_path / "staging", "AQYL_PSEUDONYM_KEY_FILE": key}


@pytest.fixture(autouse=True)
def _clear_audit_log_after_transactional_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with a flush, which the append-only triggers would refuse:
    empty the log with the triggers lifted, then put them back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames))
    if transactional:
        request.getfixturevalue("transactional_db")  # so its flush runs after our teardown
    yield
    if transactional:
        from django.db import connection

        from aqyl.core import audit_triggers

        audit_triggers.remove(connection)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditentry")
        audit_triggers.install(connection)


@pytest.fixture
def password() -> str:
    return "Correct-Horse-42"


@pytest.fixture
def two_orgs(db: None) -> dict[str, Any]:
    """Two organisations, each with an admin, a steward and an auditor."""
    world: dict[str, Any] = {}
    for key in ("a", "b"):
        org = make_organisation(slug=f"org-{key}")
        world[key] = org
        for role in ("org_admin", "steward", "auditor"):
            user = make_user(f"{role}-{key}")
            make_membership(user, org, role)
            world[f"{role}_{key}"] = user
    return world


@pytest.fixture
def client_for(db: None) -> Any:
    def login(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login
