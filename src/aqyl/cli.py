"""The `aqyl` command. Operator commands (init, serve, info, worker, demo, audit verify) act on
the local installation; user commands take an API token (--token or AQYL_TOKEN) and go through
the same permission checks as the web and the API."""

from __future__ import annotations

import logging
import os
import sys

import typer

from aqyl import config

app = typer.Typer(
    name="aqyl",
    help="aqyl: Kazakhstan's national AI platform.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def setup_django() -> None:
    """Configure Django once, with the caller's language for messages (AQYL_LANGUAGE or LANG)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aqyl.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from django.conf import settings
    from django.utils import translation

    # Sign-in failures are for the server's log; at the terminal the command says what failed.
    logging.getLogger("axes").setLevel(logging.ERROR)
    wanted = (os.environ.get("AQYL_LANGUAGE") or os.environ.get("LANG") or "kk")[:2].lower()
    translation.activate(wanted if wanted in dict(settings.LANGUAGES) else "kk")


def _register() -> None:
    from aqyl.accounts.cli import org_app, token_app
    from aqyl.catalog.cli import dataset_app, sql
    from aqyl.core.cli import audit_app, docs_app, i18n_app, register_operator_commands
    from aqyl.privacy.cli import privacy_app
    from aqyl.quality.cli import compare, profile
    from aqyl.quality.recipe_cli import recipe_app
    from aqyl.quality.rule_cli import rules_app

    register_operator_commands(app)
    app.add_typer(audit_app, name="audit")
    app.add_typer(token_app, name="token")
    app.add_typer(org_app, name="org")
    dataset_app.command("profile")(profile)
    dataset_app.command("compare")(compare)
    dataset_app.add_typer(rules_app, name="rules")
    dataset_app.add_typer(recipe_app, name="recipe")
    app.add_typer(dataset_app, name="dataset")
    app.command("sql")(sql)
    app.add_typer(privacy_app, name="privacy")
    app.add_typer(i18n_app, name="i18n")
    app.add_typer(docs_app, name="docs")


_register()


def main() -> None:
    try:
        config.load()
    except config.ConfigError as exc:
        typer.echo(f"aqyl: {exc}", err=True)
        sys.exit(2)
    app()


if __name__ == "__main__":
    main()
