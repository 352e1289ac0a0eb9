"""`aqyl dataset profile`: a version's column statistics in the terminal or as JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

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
    from aqyl.quality.models import ProfileStatus, VersionProfile
    from aqyl.quality.services import profile_version

    version = selectors.resolve_readable(reader_actor(token), slug)
    stored = VersionProfile.objects.filter(version=version).first()
    if stored is None or stored.status != ProfileStatus.DONE:
        with console.status(_("Computing the statistics…")):
            stored = profile_version(version)
    if stored.status != ProfileStatus.DONE:
        from aqyl.core.errors import AqylError

        raise AqylError(_("The statistics of this version could not be computed. The operator "
                          "has been told in the server log."))
    data: dict[str, Any] = stored.data
    if as_json:
        sys.stdout.buffer.write(json.dumps({"dataset": version.dataset.slug,
                                            "version": version.number, "profile": data},
                                           ensure_ascii=False, indent=2).encode() + b"\n")
        return
    console.print(Text(_("%(slug)s, version %(n)s: %(rows)s rows, %(dups)s exact duplicate rows")
                       % {"slug": version.dataset.slug, "n": version.number,
                          "rows": data["rows"], "dups": data["duplicate_rows"]}))
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
