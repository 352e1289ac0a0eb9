"""`aqyl dataset profile` and `aqyl dataset compare`: a version's column statistics, and two
datasets compared on a shared key, in the terminal or as JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from aqyl.catalog.cli import JSON_OPTION, SLUG_ARGUMENT, reader_actor
from aqyl.core.cli_support import TOKEN_OPTION, console, handles_errors


@handles_errors
def profile(slug: str = SLUG_ARGUMENT, as_json: bool = JSON_OPTION,
            token: str | None = TOKEN_OPTION) -> None:
    """Column statistics of a version you may read (the latest, or organisation/name@N),
    computed now if the worker has not yet done it."""
    from django.utils.translation import gettext as _

    from aqyl.catalog import selectors
    from aqyl.core.errors import AqylError
    from aqyl.quality.models import ProfileStatus, VersionProfile
    from aqyl.quality.services import profile_version

    version = selectors.resolve_readable(reader_actor(token), slug)
    stored = VersionProfile.objects.filter(version=version).first()
    if stored is None or stored.status != ProfileStatus.DONE:
        with console.status(_("Computing the statistics…")):
            stored = profile_version(version)
    if stored.status != ProfileStatus.DONE:
        raise AqylError(_("The statistics of this version could not be computed. The operator "
                          "has been told in the server log."))
    data: dict[str, Any] = stored.data
    if as_json:
        sys.stdout.buffer.write(json.dumps({"dataset": version.dataset.slug,
                                            "version": version.number, "profile": data,
                                            "score": stored.score or None},
                                           ensure_ascii=False, indent=2).encode() + b"\n")
        return
    if not data["rows"]:
        raise AqylError(_("This version has no rows: there is nothing to profile or score. "
                          "Check the file, the sheet and the header row of the upload."))
    console.print(Text(_("%(slug)s, version %(n)s: %(rows)s rows, %(dups)s exact duplicate rows")
                       % {"slug": version.dataset.slug, "n": version.number,
                          "rows": data["rows"], "dups": data["duplicate_rows"]}))
    total = (stored.score or {}).get("total")
    if total is not None:
        console.print(Text(_("Quality score: %(score)s of 100") % {"score": f"{total:.1f}"}))
    table = Table(_("Column"), _("Kind"), _("Empty"), _("Distinct"), _("Range"))
    for column in data["columns"]:
        table.add_row(Text(column["name"]), column["semantic_type"], str(column["nulls"]),
                      ("" if column["distinct_exact"] else "≈") + str(column["distinct"]),
                      Text(_range(column)))
    console.print(table)


def _range(column: dict[str, Any]) -> str:
    for block in ("numeric", "temporal"):
        if column.get(block):
            return f"{column[block]['min']} … {column[block]['max']}"
    text = column.get("text")
    return f"{text['min_length']}–{text['max_length']}" if text else ""


@handles_errors
def compare(a: str = typer.Argument(..., help="First dataset, organisation/name[@version]."),
            b: str = typer.Argument(..., help="Second dataset, organisation/name[@version]."),
            key: str = typer.Option(..., "--key", help="The key column (IIN, BIN, KATO…)."),
            key_b: str = typer.Option("", "--key-b", help="The second dataset's key column, "
                                      "if named otherwise."),
            as_json: bool = JSON_OPTION, token: str | None = TOKEN_OPTION) -> None:
    """How many keys two datasets share, which records one holds alone, and which attributes
    disagree: the cross-system analysis."""
    from django.utils.translation import gettext as _

    from aqyl.quality.cross_services import compare_datasets

    found = compare_datasets(reader_actor(token), a, b, key, key_b)
    if as_json:
        sys.stdout.buffer.write(json.dumps(found, ensure_ascii=False, indent=2).encode() + b"\n")
        return
    console.print(Text(_("Keys in both: %(n)s; only in %(a)s: %(only_a)s; only in %(b)s: "
                         "%(only_b)s.") % {"n": found["matched"], "a": found["a"],
                                          "only_a": found["only_a"], "b": found["b"],
                                          "only_b": found["only_b"]}))
    table = Table(_("Column"), _("Disagreements"), _("Examples: key, first, second"))
    for attribute in found["attributes"]:
        table.add_row(Text(attribute["a"]), str(attribute["conflicts"]), Text("\n".join(
            f"{k}: {x} ≠ {y}" for k, x, y in attribute["samples"][:3])))
    console.print(table)
