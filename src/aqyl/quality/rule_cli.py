"""`aqyl dataset rules`: a dataset's rules as YAML, suggestions, and checking a version."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from aqyl.catalog.cli import JSON_OPTION, SLUG_ARGUMENT, reader_actor
from aqyl.core.cli_support import TOKEN_OPTION, actor_for_token, console, handles_errors

rules_app = typer.Typer(help="A dataset's rules: show, set from YAML, suggest, check a version.",
                        no_args_is_help=True)


def _(message: str) -> str:
    from django.utils.translation import gettext

    return gettext(message)


def read_yaml_argument(path: str) -> str:
    """The text of a YAML file named on the command line, or of standard input for -."""
    from aqyl.core.errors import InvalidInput

    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(_("There is no file %(path)s.") % {"path": path}) from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(_("%(path)s is not UTF-8 text.") % {"path": path}) from exc


@rules_app.command("show")
@handles_errors
def show(slug: str = SLUG_ARGUMENT, token: str | None = TOKEN_OPTION) -> None:
    """Print the dataset's rules as YAML."""
    from aqyl.catalog import selectors
    from aqyl.quality.rule_services import rules_text

    text = rules_text(selectors.get_dataset(reader_actor(token), slug))
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


@rules_app.command("set")
@handles_errors
def set_rules(slug: str = SLUG_ARGUMENT,
              path: str = typer.Argument(..., help="YAML file with the rules, or - for standard "
                                         "input.", show_default=False),
              token: str | None = TOKEN_OPTION) -> None:
    """Replace the dataset's rules with those of a YAML file (an empty file removes them).
    They are checked against the latest version's columns, then run on it."""
    from aqyl.catalog import selectors
    from aqyl.quality.rule_services import save_rules

    actor = actor_for_token(token)
    dataset = selectors.get_dataset(actor, slug)
    rules = save_rules(actor, dataset, read_yaml_argument(path))
    from django.utils.translation import ngettext

    console.print(Text(ngettext("%(slug)s now has %(count)s rule.",
                                "%(slug)s now has %(count)s rules.", len(rules))
                       % {"slug": dataset.slug, "count": len(rules)}))


@rules_app.command("suggest")
@handles_errors
def suggest(slug: str = SLUG_ARGUMENT, token: str | None = TOKEN_OPTION) -> None:
    """Print rules drafted from the latest version's profile, as YAML to review and set."""
    from aqyl.catalog import selectors
    from aqyl.quality.rule_services import suggestions
    from aqyl.quality.rules import to_yaml

    sys.stdout.write(to_yaml(suggestions(selectors.get_dataset(reader_actor(token), slug))))


@rules_app.command("check")
@handles_errors
def check(slug: str = SLUG_ARGUMENT, as_json: bool = JSON_OPTION,
          token: str | None = TOKEN_OPTION) -> None:
    """Run the rules now on a version you may read (the latest, or organisation/name@N) and
    print what fails. Exits with status 1 when a critical rule fails."""
    from aqyl.catalog import selectors
    from aqyl.catalog.cli import _print_json
    from aqyl.quality.rule_labels import rule_title
    from aqyl.quality.rule_services import run_summary, run_version_rules

    version = selectors.resolve_readable(reader_actor(token), slug)
    with console.status(_("Checking the rules…")):
        run_version_rules(version)
    summary = run_summary(version)
    if as_json:
        _print_json(summary)
    else:
        _print_summary(summary, rule_title)
    if summary["blocking"]:
        raise typer.Exit(1)


def _print_summary(summary: dict[str, Any], label: Any) -> None:
    if not summary["results"]:
        console.print(Text(_("This dataset has no rules.")))
        return
    from aqyl.quality.rule_labels import describe_result

    table = Table(_("Rule"), _("Severity"), _("Result"), _("Failing rows"), _("Details"))
    for result in summary["results"]:
        rule, described = result["rule"], describe_result(result, True)
        table.add_row(Text(label(rule)), rule.get("severity", "warning"),
                      str(described["status_label"]),
                      str(result["failed"]) if described["per_row"] else "—",
                      Text(described["note"]))
    console.print(table)
    for result in summary["results"]:
        if result["samples"]:
            console.print(Text(label(result["rule"]), style="bold"))
            sample = Table(*result["sample_columns"])
            for row in result["samples"]:
                sample.add_row(*(Text("NULL" if v is None else str(v)) for v in row))
            console.print(sample)
