"""`aqyl serve` starts the web server and the worker together and stops both on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_runs_web_and_worker_and_stops_both(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AQYL_")}
    env.update(AQYL_HOME=str(tmp_path), AQYL_ADMIN_PASSWORD="Admin-pass-2026",
               AQYL_WEB_WORKERS="1", AQYL_WORKER_HEARTBEAT_SECONDS="1")
    subprocess.run([sys.executable, "-m", "aqyl.cli", "init"], env=env, check=True,
                   capture_output=True, timeout=120)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "aqyl.cli", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        health: dict[str, object] = {}
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health",
                                            timeout=2) as response:
                    health = json.load(response)
                    break
            except OSError:
                time.sleep(0.5)
        assert health.get("status") == "ok", health
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/htmx.min.js",
                                    timeout=5) as response:
            assert response.status == 200
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    text = output.decode()
    assert server.returncode == 0, text
    assert "[web]" in text
    assert "[worker]" in text
    assert (tmp_path / "logs" / "web.log").read_text()
    assert "Starting worker" in (tmp_path / "logs" / "worker.log").read_text()
