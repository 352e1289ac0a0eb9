"""Operator commands: init, serve, info, worker, demo, manage; audit, i18n and docs groups."""

from __future__ import annotations

import secrets
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from aqyl.core.cli_support import TOKEN_OPTION, actor_for_token, console, handles_errors

audit_app = typer.Typer(help="The audit log: verify its hash chain, export it.",
                        no_args_is_help=True)
i18n_app = typer.Typer(help="Translations.", no_args_is_help=True)
docs_app = typer.Typer(help="Generate reference documentation.", no_args_is_help=True)


@handles_errors
def init() -> None:
    """Create AQYL_HOME, secrets and the database schema, and an admin account. Idempotent."""
    from django.conf import settings
    from django.core.management import call_command
    from django.utils.translation import gettext as _

    from aqyl.accounts.models import User
    from aqyl.accounts.services import create_user
    from aqyl.core.actors import SYSTEM
    from aqyl.core.home import ensure_home, ensure_secret_key

    for folder in ensure_home():
        console.print(_("Created %(path)s") % {"path": folder})
    if ensure_secret_key(settings.AQYL["AQYL_SECRET_KEY_FILE"]):
        console.print(_("Generated a secret key in %(path)s") % {
            "path": settings.AQYL["AQYL_SECRET_KEY_FILE"]})
    if ensure_secret_key(settings.AQYL["AQYL_PSEUDONYM_KEY_FILE"]):
        console.print(_("Generated a pseudonym key in %(path)s") % {
            "path": settings.AQYL["AQYL_PSEUDONYM_KEY_FILE"]})
    call_command("migrate", interactive=False, verbosity=0)
    console.print(_("Database is up to date."))
    if User.objects.filter(username="admin").exists():
        console.print(_("The admin account already exists."))
        return
    password = settings.AQYL["AQYL_ADMIN_PASSWORD"] or secrets.token_urlsafe(12)
    create_user(SYSTEM, username="admin", password=password, superuser=True,
                platform_role="platform_admin")
    console.print(_("Created the admin account."))
    if not settings.AQYL["AQYL_ADMIN_PASSWORD"]:
        console.print(_("[bold]User name: admin  Password: %(password)s[/bold] (shown only "
                        "this once; change it after signing in)") % {"password": password})


@handles_errors
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int | None = typer.Option(None, help="Web worker processes (AQYL_WEB_WORKERS)."),
) -> None:
    """Start the web server and the task worker together; Ctrl-C stops both."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from aqyl.core.home import pending_migrations
    from aqyl.core.serve import Child, supervise

    if not Path(settings.AQYL["AQYL_SECRET_KEY_FILE"]).exists() or pending_migrations():
        console.print(_("This installation is not initialised: run `aqyl init` first."))
        raise typer.Exit(2)
    logs = Path(settings.AQYL["AQYL_LOG_DIR"])
    bind = f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"
    web = Child("web", [
        sys.executable, "-m", "gunicorn", "aqyl.wsgi:application", "--bind", bind,
        "--workers", str(workers or settings.AQYL["AQYL_WEB_WORKERS"]), "--threads", "4",
        "--worker-class", "gthread", "--timeout", "120", "--graceful-timeout", "10",
        "--access-logfile", "-", "--error-logfile", "-", "--no-control-socket",
    ], logs / "web.log")
    worker = Child("worker", [sys.executable, "-m", "aqyl.cli", "worker"], logs / "worker.log")
    console.print(_("aqyl is starting at http://%(bind)s/ (Ctrl-C stops it)") % {"bind": bind})
    raise typer.Exit(supervise([web, worker]))


@handles_errors
def worker() -> None:
    """Run the background task worker in the foreground."""
    from django.core.management import call_command

    call_command("aqyl_worker", queue_name="*", reload=False, verbosity=1)


@handles_errors
def info() -> None:
    """Versions and where everything lives."""
    from importlib.metadata import version

    from django.conf import settings
    from django.db import connection

    from aqyl import __version__

    table = Table(show_header=False, box=None)
    rows: list[tuple[str, Any]] = [
        ("aqyl", __version__),
        ("Python", sys.version.split()[0]),
        ("Django", version("django")),
        ("AQYL_HOME", settings.AQYL["AQYL_HOME"]),
        ("database", f"{connection.vendor}: {_database_location()}"),
        ("lake", settings.AQYL["AQYL_LAKE_URL"]),
        ("secret key file", settings.AQYL["AQYL_SECRET_KEY_FILE"]),
        ("logs", settings.AQYL["AQYL_LOG_DIR"]),
        ("static files", settings.STATIC_ROOT),
    ]
    for name, value in rows:
        table.add_row(f"[bold]{name}[/bold]", str(value))
    console.print(table)


def _database_location() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return str(db["NAME"])
    return f"{db.get('USER') or ''}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or ''}/" \
           f"{db.get('NAME')}"  # never the password


@handles_errors
def demo(datasets: bool = typer.Option(True, help="Also load the synthetic demo datasets.")
         ) -> None:
    """Load demo organisations, users and datasets (idempotent)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from aqyl.demo import USERS, load_demo

    password = settings.AQYL["AQYL_ADMIN_PASSWORD"] or secrets.token_urlsafe(12)
    with console.status(_("Loading demo content…")) as status:
        created = load_demo(password, datasets=datasets, progress=lambda name: status.update(
            _("Loading demo dataset %(name)s…") % {"name": name}))
    console.print(_("Demo content: %(organisations)d organisations, %(users)d users, "
                    "%(memberships)d memberships, %(datasets)d datasets added.") % created)
    if created["users"] and not settings.AQYL["AQYL_ADMIN_PASSWORD"]:
        names = ", ".join(u.username for u in USERS)
        console.print(_("[bold]Demo users %(names)s share the password: %(password)s[/bold] "
                        "(shown only this once)") % {"names": names, "password": password})


def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `aqyl manage createsuperuser`."""
    from django.core.management import execute_from_command_line

    from aqyl.cli import setup_django

    setup_django()
    execute_from_command_line(["aqyl manage", *ctx.args])


def register_operator_commands(app: typer.Typer) -> None:
    for command in (init, serve, worker, info, demo):
        app.command()(command)
    app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(
        manage)


@audit_app.command("verify")
@handles_errors
def audit_verify() -> None:
    """Recompute the hash chain; exit 1 if any entry was altered or deleted."""
    from django.utils.translation import gettext as _
    from rich.progress import Progress

    from aqyl.core.audit import verify_audit_log

    with Progress(console=console, transient=True) as progress:
        bar = progress.add_task(_("Verifying"), total=None)
        report = verify_audit_log(progress=lambda done, total: progress.update(
            bar, completed=done, total=total))
    if report.ok:
        console.print(_("The audit log is intact: %(n)d entries, last hash %(hash)s") % {
            "n": report.checked, "hash": report.last_hash})
        return
    console.print(f"[red]{_('The audit log has been tampered with:')}[/red]")
    for problem in report.problems:
        console.print(f"  #{problem.seq} {problem.kind}: {problem.detail}")
    raise typer.Exit(1)


@audit_app.command("export")
@handles_errors
def audit_export(
    output: Path = typer.Option(Path("-"), "--output", "-o", help="CSV file, or - for stdout."),
    action: str = typer.Option("", help="Only action codes starting with this."),
    actor_name: str = typer.Option("", "--actor", help="Only this user name."),
    outcome: str = typer.Option("", help="Only success, denied or failure."),
    since: datetime | None = typer.Option(None, help="Only entries at or after this time."),
    until: datetime | None = typer.Option(None, help="Only entries before this time."),
    token: str | None = TOKEN_OPTION,
) -> None:
    """Export the audit entries you may read as CSV."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from aqyl.core import audit
    from aqyl.core.errors import InvalidInput
    from aqyl.core.models import Outcome
    from aqyl.core.permissions import require

    if outcome and outcome not in Outcome.values:
        raise InvalidInput(_("Outcome must be one of: %(values)s.") % {
            "values": ", ".join(Outcome.values)})
    actor = actor_for_token(token)
    require(actor, "core.view_audit")

    def aware(moment: datetime | None) -> datetime | None:
        if moment is None or timezone.is_aware(moment):
            return moment
        return timezone.make_aware(moment)

    entries = audit.filter_entries(
        audit.visible_entries(actor), action=action, actor=actor_name, outcome=outcome,
        since=aware(since), until=aware(until),
    ).order_by("seq")
    rows = audit.csv_rows(entries.iterator(chunk_size=2000))
    if str(output) == "-":
        sys.stdout.writelines(rows)
        return
    tmp = output.with_name(f".{output.name}.part")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        count = -1  # the header row
        for row in rows:
            handle.write(row)
            count += 1
    tmp.replace(output)  # no half-written export if interrupted
    console.print(_("Wrote %(n)d entries to %(path)s") % {"n": count, "path": output})


@i18n_app.command("compile")
def i18n_compile() -> None:
    """Compile the .po translation catalogs to .mo (no GNU gettext needed)."""
    from aqyl.core.translations import compile_catalogs

    for path in compile_catalogs():
        typer.echo(f"compiled {path}")


@docs_app.command("settings")
def docs_settings() -> None:
    """Print the settings reference (docs/settings.md)."""
    from aqyl import config

    typer.echo(config.settings_reference(), nl=False)


@docs_app.command("cli")
def docs_cli() -> None:
    """Print the CLI reference (docs/cli.md)."""
    from aqyl.core.cli_reference import cli_reference

    typer.echo(cli_reference(), nl=False)
