"""Schemathesis generates requests from the OpenAPI schema: no input may cause a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from aqyl.core.heartbeat import Heartbeat
from aqyl.wsgi import application
from tests.factories import make_organisation, make_token, make_user

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def _keep_test_connection() -> Iterator[None]:
    """Like Django's test client: requests must not close the test transaction's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(db: None, settings: Any, _keep_test_connection: None) -> str:
    # a live worker, so /health answers 200 rather than its documented 503
    settings.AQYL = {**settings.AQYL, "AQYL_WORKER_HEARTBEAT_SECONDS": 3600}
    Heartbeat("fuzz-worker", period=3600).beat()
    admin = make_user("operator", platform_role="platform_admin")
    make_organisation("fuzz-org")
    return make_token(admin, scope="write")


@pytest.mark.slow
@schema.parametrize()
@hypothesis_settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_server_errors(case: Any, admin_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"},
                           checks=[not_a_server_error])


def test_openapi_documents_every_route() -> None:
    paths = set(schema.raw_schema["paths"])
    for expected in ("/api/v1/health", "/api/v1/me", "/api/v1/organisations",
                     "/api/v1/organisations/{slug}/members", "/api/v1/tokens", "/api/v1/audit",
                     "/api/v1/audit/verify", "/api/v1/tasks/{run_id}"):
        assert expected in paths
    assert "bearer" in str(schema.raw_schema["components"]["securitySchemes"]).lower()
