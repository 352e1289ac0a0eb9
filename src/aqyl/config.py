"""Every AQYL_* setting, declared once: name, default, help. Docs are generated from here.

Pure module: read by Django settings, the CLI and the docs generator alike.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    help: str
    default: Callable[[Mapping[str, Any]], Any]
    parse: Callable[[str], Any] = str
    shown_default: str = ""


def _bool(value: str) -> bool:
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _megabytes(value: str) -> int | float:
    """A positive size in MiB; decimals (0.5, or 0,5 as Kazakh and Russian write it) for limits
    under one MiB. Whole numbers stay integers, so messages say 4096, not 4096.0."""
    text = value.strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{value!r} is not a size in MiB: give a positive number such as 512 "
                         "or 0.5")
    return int(number) if number.is_integer() else number


def _home(_: Mapping[str, Any]) -> Path:
    return Path.home() / ".aqyl"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "AQYL_HOME",
        "Folder that holds the SQLite database, the lake, secrets and logs on the embedded setup.",
        _home,
        lambda v: Path(v).expanduser().resolve(),
        "~/.aqyl",
    ),
    Setting(
        "AQYL_DATABASE_URL",
        "Metadata database URL: sqlite:///path or postgres://user:pass@host:port/db.",
        lambda c: f"sqlite:///{c['AQYL_HOME'] / 'aqyl.sqlite3'}",
        shown_default="sqlite:///$AQYL_HOME/aqyl.sqlite3",
    ),
    Setting(
        "AQYL_LAKE_URL",
        "Where dataset versions are stored: a local folder or an fsspec URL such as s3://bucket/lake.",
        lambda c: str(c["AQYL_HOME"] / "lake"),
        shown_default="$AQYL_HOME/lake",
    ),
    Setting(
        "AQYL_STAGING_DIR",
        "Folder where uploads wait while they are read and checked, before they reach the lake.",
        lambda c: c["AQYL_HOME"] / "staging",
        lambda v: Path(v).expanduser().resolve(),
        "$AQYL_HOME/staging",
    ),
    Setting(
        "AQYL_UPLOAD_LIMIT_MB",
        "Largest file a steward may upload through the portal, the API or the CLI, in MiB "
        "(decimals allowed: 0.5 is 512 KiB).",
        lambda _: 4096,
        _megabytes,
        "4096",
    ),
    Setting(
        "AQYL_SQL_TIMEOUT_SECONDS",
        "Longest time one SQL query over the lake may run before it is stopped.",
        lambda _: 30.0,
        float,
        "30",
    ),
    Setting(
        "AQYL_SQL_ROW_LIMIT",
        "Most rows a SQL query returns to a page or an API call (CSV export of a query: 100x).",
        lambda _: 10_000,
        int,
        "10000",
    ),
    Setting(
        "AQYL_SECRET_KEY_FILE",
        "File holding Django's secret key; generated with mode 0600 by `aqyl init` when missing.",
        lambda c: c["AQYL_HOME"] / "secrets" / "secret_key",
        lambda v: Path(v).expanduser().resolve(),
        "$AQYL_HOME/secrets/secret_key",
    ),
    Setting(
        "AQYL_PSEUDONYM_KEY_FILE",
        "File holding the secret of keyed pseudonyms (HMAC), outside the database; generated with "
        "mode 0600 by `aqyl init` when missing. Every agency's de-identified data joins on the "
        "same tokens only under the same key: see docs/privacy.md before rotating it.",
        lambda c: c["AQYL_HOME"] / "secrets" / "pseudonym_key",
        lambda v: Path(v).expanduser().resolve(),
        "$AQYL_HOME/secrets/pseudonym_key",
    ),
    Setting(
        "AQYL_LOG_DIR",
        "Folder for the web server's and the worker's log files.",
        lambda c: c["AQYL_HOME"] / "logs",
        lambda v: Path(v).expanduser().resolve(),
        "$AQYL_HOME/logs",
    ),
    Setting(
        "AQYL_DEBUG",
        "Django debug mode. Never on in production: it shows tracebacks to users.",
        lambda _: False,
        _bool,
        "false",
    ),
    Setting(
        "AQYL_ALLOWED_HOSTS",
        "Comma-separated host names the web server answers to.",
        lambda _: ["127.0.0.1", "localhost", "[::1]"],
        _csv,
        "127.0.0.1,localhost,[::1]",
    ),
    Setting(
        "AQYL_SECURE_COOKIES",
        "Send session and CSRF cookies only over HTTPS; turn on behind a TLS proxy.",
        lambda _: False,
        _bool,
        "false",
    ),
    Setting(
        "AQYL_ADMIN_PASSWORD",
        "Password for the `admin` account created by `aqyl init`; when unset one is generated "
        "and printed once.",
        lambda _: "",
        shown_default="(generated)",
    ),
    Setting(
        "AQYL_LOGIN_FAILURE_LIMIT",
        "Failed sign-ins for one user name from one address before sign-in is locked.",
        lambda _: 5,
        int,
        "5",
    ),
    Setting(
        "AQYL_LOGIN_COOLOFF_MINUTES",
        "How long a locked sign-in stays locked.",
        lambda _: 15,
        int,
        "15",
    ),
    Setting(
        "AQYL_TOKEN_MAX_DAYS",
        "Longest lifetime an API token may be issued with.",
        lambda _: 365,
        int,
        "365",
    ),
    Setting(
        "AQYL_WEB_WORKERS",
        "Web server worker processes started by `aqyl serve`.",
        lambda _: 2,
        int,
        "2",
    ),
    Setting(
        "AQYL_DRAFT_RETENTION_HOURS",
        "Uploads read but neither published nor discarded are discarded after this many hours, "
        "their staged files removed.",
        lambda _: 72,
        int,
        "72",
    ),
    Setting(
        "AQYL_WORKER_HEARTBEAT_SECONDS",
        "How often the task worker reports that it is alive; health calls it down after 3 misses.",
        lambda _: 5,
        int,
        "5",
    ),
)


class ConfigError(ValueError):
    """An AQYL_* variable holds a value that cannot be parsed."""


def load(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Resolve every setting from the environment, in declaration order (later defaults may
    use earlier values)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = env.get(setting.name)
        if raw is None or raw == "":
            values[setting.name] = setting.default(values)
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{setting.name}: {exc}") from exc
    return values


def settings_reference() -> str:
    """Markdown reference of all settings, written to docs/settings.md."""
    lines = [
        "# Settings",
        "",
        "Generated from `src/aqyl/config.py` by `aqyl docs settings`; do not edit by hand.",
        "Every setting is an environment variable; none is required.",
        "",
        "| variable | default | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{s.name}` | `{s.shown_default}` | {s.help} |" for s in SETTINGS]
    return "\n".join(lines) + "\n"
