"""`aqyl dataset recipe`: a dataset's preparation recipe as YAML, and applying it."""

from __future__ import annotations

import sys
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from aqyl.catalog.cli import JSON_OPTION, SLUG_ARGUMENT, reader_actor
from aqyl.core.cli_support import TOKEN_OPTION, actor_for_token, console, handles_errors
from aqyl.quality.rule_cli import read_yaml_argument

recipe_app = typer.Typer(help="A dataset's preparation recipe: show, set from YAML, apply.",
                         no_args_is_help=True)


def _(message: str) -> str:
    from django.utils.translation import gettext

    return gettext(message)


@recipe_app.command("show")
@handles_errors
def show(slug: str = SLUG_ARGUMENT, token: str | None = TOKEN_OPTION) -> None:
    """Print the dataset's recipe as YAML."""
    from aqyl.catalog import selectors
    from aqyl.quality.recipe_services import recipe_of

    recipe = recipe_of(selectors.get_dataset(reader_actor(token), slug))
    text = recipe.text if recipe else ""
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


@recipe_app.command("set")
@handles_errors
def set_recipe(slug: str = SLUG_ARGUMENT,
               path: str = typer.Argument(..., help="YAML file with the steps, or - for "
                                          "standard input.", show_default=False),
               auto_apply: bool = typer.Option(False, "--auto/--no-auto",
                                               help="Prepare every new upload with it."),
               token: str | None = TOKEN_OPTION) -> None:
    """Replace the dataset's recipe with the steps of a YAML file; they are checked against
    the latest version's columns."""
    from aqyl.catalog import selectors
    from aqyl.quality.recipe_services import save_recipe
    from aqyl.quality.recipes import parse_recipe

    actor = actor_for_token(token)
    dataset = selectors.get_dataset(actor, slug)
    recipe = save_recipe(actor, dataset, read_yaml_argument(path), auto_apply=auto_apply)
    from django.utils.translation import ngettext

    count = len(parse_recipe(recipe.text))
    console.print(Text(ngettext("%(slug)s now has a recipe of %(count)s step.",
                                "%(slug)s now has a recipe of %(count)s steps.", count)
                       % {"slug": dataset.slug, "count": count}))


@recipe_app.command("apply")
@handles_errors
def apply(slug: str = SLUG_ARGUMENT, as_json: bool = JSON_OPTION,
          token: str | None = TOKEN_OPTION) -> None:
    """Apply the recipe to the latest version now and publish the result as a new version."""
    from aqyl.catalog import selectors
    from aqyl.catalog.cli import _print_json
    from aqyl.core.errors import AqylError
    from aqyl.quality.recipe_services import apply_now, run_out

    actor = actor_for_token(token)
    dataset = selectors.get_dataset(actor, slug)
    with console.status(_("Applying the recipe…")):
        run = apply_now(actor, dataset)
    out = run_out(run)
    if as_json:
        _print_json(out | {"created_at": str(out["created_at"]),
                           "finished_at": str(out["finished_at"])})
    if out["error"]:
        raise AqylError(out["error"])
    if not as_json:
        _print_report(out)


def _print_report(out: dict[str, Any]) -> None:
    console.print(Text(_("Version %(to)s of %(slug)s is published, prepared from version "
                         "%(from)s.") % {"to": out["result_version"], "slug": out["dataset"],
                                         "from": out["source_version"]}))
    table = Table(_("Step"), _("Rows before"), _("Rows after"))
    for step in out["report"]["steps"]:
        table.add_row(step["step"], str(step["rows_before"]), str(step["rows_after"]))
    console.print(table)
