"""The `aqyl` command as an operator and a user run it: in a fresh AQYL_HOME, as subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cli-home")]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("aqyl-home")


def aqyl(home: Path, *args: str, stdin: str = "", check: bool = True,
         **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("AQYL_") and k != "DJANGO_SETTINGS_MODULE"}
    environ.update(AQYL_HOME=str(home), AQYL_LANGUAGE="en", COLUMNS="200", **env)
    result = subprocess.run([sys.executable, "-m", "aqyl.cli", *args], input=stdin,
                            capture_output=True, text=True, env=environ, timeout=120, check=False)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def initialised(home: Path) -> Path:
    aqyl(home, "init", AQYL_ADMIN_PASSWORD="Admin-pass-2026")
    return home


def test_init_is_idempotent_and_keeps_secrets_private(initialised: Path) -> None:
    key = initialised / "secrets" / "secret_key"
    first = key.read_text()
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert oct((initialised / "secrets").stat().st_mode & 0o777) == "0o700"
    again = aqyl(initialised, "init")
    assert "The admin account already exists." in again.stdout
    assert key.read_text() == first
    assert (initialised / "aqyl.sqlite3").exists()
    assert (initialised / "lake").is_dir()


def test_init_prints_a_generated_password_once(tmp_path: Path) -> None:
    first = aqyl(tmp_path, "init")
    assert "Password:" in first.stdout
    assert "Password:" not in aqyl(tmp_path, "init").stdout


def test_info_says_where_everything_lives(initialised: Path) -> None:
    out = aqyl(initialised, "info").stdout
    for expected in ("aqyl", "Django", str(initialised / "aqyl.sqlite3"),
                     str(initialised / "lake"), str(initialised / "logs"), "secret key file"):
        assert expected in out


def test_info_never_prints_a_database_password(tmp_path: Path) -> None:
    out = aqyl(tmp_path, "info", AQYL_DATABASE_URL="postgres://u:s3cr3t@db.invalid:5432/x").stdout
    assert "s3cr3t" not in out
    assert "db.invalid" in out


def test_bad_setting_is_a_clear_error(tmp_path: Path) -> None:
    result = aqyl(tmp_path, "info", check=False, AQYL_DEBUG="maybe")
    assert result.returncode == 2
    assert "AQYL_DEBUG" in result.stderr


def test_demo_then_tokens_from_the_command_line(initialised: Path) -> None:
    demo = aqyl(initialised, "demo", "--no-datasets", AQYL_ADMIN_PASSWORD="Demo-pass-2026")
    assert "10 organisations" in demo.stdout
    assert "0 organisations" in aqyl(initialised, "demo", "--no-datasets").stdout
    wrong = aqyl(initialised, "token", "create", "--name", "cli", "--username", "steward",
                 "--password-stdin", stdin="nope\n", check=False)
    assert wrong.returncode == 1
    assert "not correct" in wrong.stderr
    created = aqyl(initialised, "token", "create", "--name", "cli", "--scope", "write",
                   "--username", "steward", "--password-stdin", stdin="Demo-pass-2026\n")
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("aqyl_")
    listed = aqyl(initialised, "token", "list", AQYL_TOKEN=secret).stdout
    assert "cli" in listed
    assert secret not in listed
    members = aqyl(initialised, "org", "members", "stat", AQYL_TOKEN=secret).stdout
    assert "steward" in members
    denied = aqyl(initialised, "org", "members", "kaznu", check=False, AQYL_TOKEN=secret)
    assert denied.returncode == 1
    assert "permission" in denied.stderr
    refused = aqyl(initialised, "audit", "export", check=False, AQYL_TOKEN=secret)
    assert refused.returncode == 1
    prefix = secret.split("_")[1]
    other = aqyl(initialised, "token", "create", "--name", "spare", "--username", "steward",
                 "--password-stdin", stdin="Demo-pass-2026\n").stdout.strip().splitlines()[-1]
    aqyl(initialised, "token", "revoke", f"aqyl_{other.split('_')[1]}_…", AQYL_TOKEN=secret)
    again = aqyl(initialised, "token", "revoke", other, AQYL_TOKEN=secret)
    assert "already revoked" in again.stdout
    aqyl(initialised, "token", "revoke", prefix, AQYL_TOKEN=secret)
    gone = aqyl(initialised, "token", "list", check=False, AQYL_TOKEN=secret)
    assert gone.returncode == 1
    assert "invalid, expired or revoked" in gone.stderr
    no_token = aqyl(initialised, "token", "list", check=False)
    assert "needs an API token" in no_token.stderr


def test_audit_verify_and_export(initialised: Path, tmp_path: Path) -> None:
    aqyl(initialised, "demo", "--no-datasets")  # idempotent; guarantees entries to tamper with
    ok = aqyl(initialised, "audit", "verify")
    assert "intact" in ok.stdout
    admin = aqyl(initialised, "token", "create", "--name", "export", "--username", "admin",
                 "--password-stdin", stdin="Admin-pass-2026\n").stdout.strip().splitlines()[-1]
    target = tmp_path / "audit.csv"
    aqyl(initialised, "audit", "export", "-o", str(target), AQYL_TOKEN=admin)
    lines = target.read_text().splitlines()
    assert lines[0].startswith("seq,created_at")
    assert len(lines) >= 3  # header, the admin's creation, the token's
    import sqlite3

    db = sqlite3.connect(initialised / "aqyl.sqlite3")
    db.execute("DROP TRIGGER core_auditentry_no_update")
    db.execute("UPDATE core_auditentry SET actor_label='nobody' WHERE seq=3")
    db.commit()
    db.close()
    tampered = aqyl(initialised, "audit", "verify", check=False)
    assert tampered.returncode == 1
    assert "#3 altered" in tampered.stdout


def test_serve_refuses_an_uninitialised_home(tmp_path: Path) -> None:
    result = aqyl(tmp_path, "serve", check=False)
    assert result.returncode == 2
    assert "aqyl init" in result.stdout


def test_reference_docs_are_current() -> None:
    for name in ("settings", "cli"):
        generated = aqyl(ROOT, "docs", name).stdout
        committed = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
        assert generated == committed, f"docs/{name}.md is stale: run `make docs`"


def test_help_lists_every_command(tmp_path: Path) -> None:
    out = aqyl(tmp_path, "--help").stdout
    for command in ("init", "serve", "info", "worker", "demo", "audit", "token", "org"):
        assert command in out
