"""Virtualenvs for the anchors a bench compares against (ydata-profiling, Presidio): made once
with the project's uv from a pinned requirements file, never part of the project's own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"


def contender_python(venv: Path, requirements: Path, name: str) -> Path | None:
    """The virtualenv's python, made on first use (again when the pins change); None, with
    the reason printed, if it cannot be made."""
    python = venv / "bin" / "python"
    marker = venv / "requirements.done"
    if marker.exists() and marker.read_text() == requirements.read_text():
        return python
    print(f"creating {venv} from {requirements.name} (once)...", flush=True)
    try:
        subprocess.run([str(UV), "venv", "--quiet", "--allow-existing", "--python",
                        sys.executable, str(venv)], check=True)
        subprocess.run([str(UV), "pip", "install", "--quiet", "--python", str(python),
                        "-r", str(requirements)], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"{name} skipped: its virtualenv could not be made ({exc})")
        return None
    marker.write_text(requirements.read_text())
    return python
