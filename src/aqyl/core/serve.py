"""`aqyl serve`: the web server and the task worker as two child processes, stopped together.

Each child's output goes to the console with a prefix and to its log file in AQYL_LOG_DIR.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any


@dataclass
class Child:
    name: str
    argv: Sequence[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None


def _pump(stream: IO[bytes], prefix: str, log_path: Path, lock: threading.Lock) -> None:
    with log_path.open("ab") as log:
        for line in iter(stream.readline, b""):
            log.write(line)
            log.flush()
            with lock:
                sys.stdout.write(f"[{prefix}] {line.decode('utf-8', 'replace')}")
                sys.stdout.flush()


def supervise(children: list[Child], *, grace_seconds: float = 15.0) -> int:
    """Start every child; when one exits or we get SIGINT/SIGTERM, stop all. Returns the exit
    code: 0 after a requested stop, else the first failing child's code."""
    stop = threading.Event()
    lock = threading.Lock()

    def request_stop(signum: int, frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    pumps: list[threading.Thread] = []
    try:
        for child in children:
            child.log_path.parent.mkdir(parents=True, exist_ok=True)
            child.process = subprocess.Popen(
                list(child.argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us; we stop the children in order
            )
            assert child.process.stdout is not None
            pump = threading.Thread(target=_pump, daemon=True,
                                    args=(child.process.stdout, child.name, child.log_path, lock))
            pump.start()
            pumps.append(pump)
        exit_code = 0
        while not stop.is_set():
            for child in children:
                assert child.process is not None
                code = child.process.poll()
                if code is not None:
                    with lock:
                        print(f"[serve] {child.name} exited with code {code}; stopping.",
                              flush=True)
                    exit_code = code or 1
                    stop.set()
                    break
            stop.wait(0.5)
        _terminate(children, grace_seconds)
        for pump in pumps:
            pump.join(timeout=2)
        return exit_code
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _terminate(children: list[Child], grace_seconds: float) -> None:
    for child in children:
        if child.process is not None and child.process.poll() is None:
            child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    for child in children:
        if child.process is None:
            continue
        try:
            child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()
