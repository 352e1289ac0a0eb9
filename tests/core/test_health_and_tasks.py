"""Health checks and background tasks, with the real database-backed worker."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from aqyl.core.heartbeat import Heartbeat
from aqyl.core.models import TaskRun, WorkerHeartbeat
from aqyl.core.task_runs import start_task, tracked_run
from tests.factories import actor, make_token, make_user

pytestmark = pytest.mark.django_db


def run_worker_batch() -> None:
    call_command("aqyl_worker", batch=True, queue_name="*", reload=False, verbosity=0,
                 startup_delay=False, worker_id="test-worker")


def test_health_reports_each_component() -> None:
    response = Client().get("/api/v1/health")
    body = response.json()
    checks = {c["name"]: c for c in body["checks"]}
    assert set(checks) == {"database", "lake", "worker"}
    assert checks["database"]["ok"]
    assert checks["lake"]["ok"]
    assert not checks["worker"]["ok"]  # no worker running in this test
    assert response.status_code == 503
    assert body["status"] == "degraded"


def test_health_is_ok_with_a_live_worker() -> None:
    Heartbeat("w1", period=5).beat()
    response = Client().get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_unreachable_lake_is_reported(settings: Any, tmp_path: Any) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    settings.AQYL = {**settings.AQYL, "AQYL_LAKE_URL": str(blocker / "lake")}
    checks = {c["name"]: c for c in Client().get("/api/v1/health").json()["checks"]}
    assert not checks["lake"]["ok"]


@pytest.mark.django_db(transaction=True)
def test_audit_verification_runs_on_the_worker() -> None:
    inspector = make_user("inspector", platform_role="platform_auditor")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(inspector, scope='read')}")
    started = client.post("/api/v1/audit/verify")
    assert started.status_code == 202
    run_id = started.json()["id"]
    assert started.json()["status"] == "queued"
    run_worker_batch()
    done = client.get(f"/api/v1/tasks/{run_id}").json()
    assert done["status"] == "succeeded"
    assert done["progress"] == 1.0
    assert done["result"]["ok"] is True
    assert done["result"]["checked"] >= 2
    stranger = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(make_user('stranger'))}")
    assert stranger.get(f"/api/v1/tasks/{run_id}").status_code == 403


def test_only_auditors_start_verification(two_orgs: dict[str, Any]) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(two_orgs['steward_a'])}")
    assert client.post("/api/v1/audit/verify").status_code == 403
    assert not TaskRun.objects.exists()


def test_a_failing_task_tells_its_user_why() -> None:
    user = make_user("dana", language="en")
    run = TaskRun.objects.create(id="6f1c1a52-0000-4000-8000-000000000001", kind="test",
                                 started_by=user)
    with pytest.raises(ZeroDivisionError), tracked_run(str(run.id)) as handle:
        handle.progress(2, 5)
        _ = 1 / 0
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.progress == pytest.approx(0.4)
    assert "The task failed unexpectedly" in run.error
    assert str(run.id) in run.error
    page = Client()
    page.force_login(user)
    html = page.get(f"/tasks/{run.id}/").content.decode()
    assert "The task failed unexpectedly" in html


def test_task_page_polls_until_done(client_for: Any) -> None:
    user = make_user("inspector", platform_role="platform_auditor")
    from aqyl.core.tasks import verify_audit_log_task

    run = start_task(actor(user), kind="core.audit_verify", task=verify_audit_log_task)
    client = client_for(user)
    fragment = client.get(f"/tasks/{run.id}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert "<html" not in fragment


def test_heartbeat_thread_beats_and_cleans_up(transactional_db: None) -> None:
    beat = Heartbeat("w2", period=0.05)
    beat.start()
    seen = WorkerHeartbeat.objects.get(worker_id="w2").last_seen
    event = threading.Event()
    event.wait(0.3)
    assert WorkerHeartbeat.objects.get(worker_id="w2").last_seen > seen
    beat.stop()
    assert not WorkerHeartbeat.objects.filter(worker_id="w2").exists()
