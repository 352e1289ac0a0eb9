"""`aqyl dataset withdraw|restore|delete`: a dataset's life in the catalog from the terminal,
through the same services as the portal and the API (write-scoped token needed)."""

from __future__ import annotations

import typer
from rich.text import Text

from aqyl.core.cli_support import TOKEN_OPTION, actor_for_token, console, handles_errors

SLUG = typer.Argument(..., help="organisation/name", show_default=False)
REASON = typer.Option("", "--reason", help="Why (required): shown on the dataset's page and "
                      "kept in the audit log.")
JSON = typer.Option(False, "--json", help="Print the result as JSON.")


def _(message: str) -> str:
    from django.utils.translation import gettext

    return gettext(message)


@handles_errors
def withdraw(slug: str = SLUG, reason: str = REASON, as_json: bool = JSON,
             token: str | None = TOKEN_OPTION) -> None:
    """Withdraw a dataset from the catalog: it leaves search and the feeds, its data can no
    longer be read, and its page says why. Restore it with `aqyl dataset restore`."""
    from aqyl.catalog import lifecycle, selectors
    from aqyl.catalog.cli import _dataset_out, _print_json, _reported

    with _reported(as_json):
        actor = actor_for_token(token)
        dataset = lifecycle.withdraw_dataset(actor, selectors.get_dataset(actor, slug),
                                             reason=reason)
    if as_json:
        _print_json(_dataset_out(dataset))
        return
    console.print(Text(_("%(slug)s has been withdrawn from the catalog.")
                       % {"slug": dataset.slug}))


@handles_errors
def restore(slug: str = SLUG,
            note: str = typer.Option("", "--note", help="Why it is back (optional)."),
            as_json: bool = JSON, token: str | None = TOKEN_OPTION) -> None:
    """Put a withdrawn dataset back in the catalog, as it was."""
    from aqyl.catalog import lifecycle, selectors
    from aqyl.catalog.cli import _dataset_out, _print_json, _reported

    with _reported(as_json):
        actor = actor_for_token(token)
        dataset = lifecycle.restore_dataset(actor, selectors.get_dataset(actor, slug),
                                            note=note)
    if as_json:
        _print_json(_dataset_out(dataset))
        return
    console.print(Text(_("%(slug)s is back in the catalog.") % {"slug": dataset.slug}))


@handles_errors
def delete(slug: str = SLUG, reason: str = REASON,
           yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
           as_json: bool = JSON, token: str | None = TOKEN_OPTION) -> None:
    """Delete a dataset for good with its versions and their lake files (platform
    administrators). Asks to type the name back unless --yes is given."""
    from aqyl.catalog import lifecycle, selectors
    from aqyl.catalog.cli import _print_json, _reported
    from aqyl.core.errors import InvalidInput

    with _reported(as_json):
        actor = actor_for_token(token)
        dataset = selectors.get_dataset(actor, slug)
        lifecycle.require_may(actor, "catalog.delete_dataset", dataset)
        lifecycle.clean_reason(reason)  # before asking, not after
        if not yes:
            typed = typer.prompt(_("This cannot be undone. Type %(slug)s to delete it")
                                 % {"slug": dataset.slug}, default="", show_default=False)
            if typed.strip() != dataset.slug:
                raise InvalidInput(_("Not deleted: the name typed was not %(slug)s.")
                                   % {"slug": dataset.slug})
        summary = lifecycle.delete_dataset(actor, dataset, reason=reason)
    if as_json:
        _print_json(summary)
        return
    console.print(Text(_("Deleted %(slug)s with its versions (%(versions)s) and its files in "
                         "the lake (%(files)s).") % summary))
