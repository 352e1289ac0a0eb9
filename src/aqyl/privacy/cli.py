"""`aqyl privacy scan|apply|redact-text`: find personal data in a file or a dataset, publish a
dataset's de-identified version, and redact free text as a stream."""

from __future__ import annotations

import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from aqyl.catalog.cli import JSON_OPTION
from aqyl.catalog.cli import _print_json as print_json
from aqyl.core.cli_support import TOKEN_OPTION, console, handles_errors

privacy_app = typer.Typer(help="Personal data: scans, de-identified versions, redaction.",
                          no_args_is_help=True)


def _scan_file(path: Path) -> Any:
    from aqyl.catalog.lake_messages import lake_error_data, lake_error_message
    from aqyl.core.errors import InvalidInput
    from aqyl.lake.errors import LakeError
    from aqyl.lake.ingest import ingest_file
    from aqyl.privacy.scan import scan_parquet

    with tempfile.TemporaryDirectory(prefix="aqyl-scan-") as folder:
        try:
            ingest_file(path, Path(folder))
        except LakeError as exc:
            raise InvalidInput(lake_error_message(lake_error_data(exc))) from exc
        return scan_parquet(Path(folder) / "data.parquet")


@privacy_app.command("scan")
@handles_errors
def scan(target: str = typer.Argument(..., help="A file (CSV, Excel, JSON, Parquet) or "
                                      "organisation/name[@version]."),
         as_json: bool = JSON_OPTION, token: str | None = TOKEN_OPTION) -> None:
    """Which columns hold personal data (kind, confidence, counts, masked examples), which
    free-text columns mention it, and which columns are quasi-identifiers."""
    from django.utils.translation import gettext as _

    from aqyl.catalog import selectors
    from aqyl.catalog.cli import reader_actor
    from aqyl.privacy.services import scan_for

    path = Path(target)
    if path.exists():
        found = _scan_file(path)
        subject = str(path)
    else:
        version = selectors.resolve_readable(reader_actor(token), target)
        found = scan_for(reader_actor(token), version)
        subject = f"{version.dataset.slug}@{version.number}"
    if as_json:
        print_json({"subject": subject, **found.to_dict(),
                     "personal_data": found.identifiers(),
                     "quasi_identifiers": found.quasi_identifiers()})
        return
    table = Table(_("Column"), _("Personal data"), _("Confidence"), _("Matches"),
                  _("Quasi-identifier"), _("Examples (masked)"))
    for column in found.columns:
        kind = column.kind or ""
        if column.text_counts:
            kind = ", ".join(f"{k}: {n}" for k, n in column.text_counts.items())
        table.add_row(Text(column.column), Text(kind),
                      f"{column.confidence:.2f}" if column.kind else "",
                      f"{column.matches}/{column.checked}" if column.kind else "",
                      column.quasi or "", Text("; ".join(column.examples)))
    console.print(Text(_("%(subject)s: %(rows)s rows") % {"subject": subject,
                                                         "rows": found.rows}))
    console.print(table)
    identifiers = found.identifiers()
    if identifiers:
        console.print(Text(_("Personal data in: %(columns)s") % {
            "columns": ", ".join(identifiers)}, style="bold"))
    else:
        console.print(_("No personal data found."))


@privacy_app.command("apply")
@handles_errors
def apply(slug: str = typer.Argument(..., help="organisation/name of the source dataset."),
          policy: Path = typer.Option(..., "--policy", exists=True, dir_okay=False,
                                      help="The policy, a YAML file."),
          into: str = typer.Option("", "--into", help="Publish into this dataset of "
                                   "the same organisation (organisation/name or name); a new "
                                   "name creates it. Default: the source dataset itself."),
          access: str = typer.Option("open", "--access", help="Access level of a dataset "
                                     "created by --into: open, restricted or confidential."),
          preview: bool = typer.Option(False, "--preview", help="Show the report and the "
                                       "first rows without publishing anything."),
          as_json: bool = JSON_OPTION, token: str | None = TOKEN_OPTION) -> None:
    """Apply a privacy policy to the dataset's latest version and publish the de-identified
    version with its report (what was found, what was done, the risk before and after)."""
    from django.utils.translation import gettext as _

    from aqyl.catalog import selectors
    from aqyl.core.cli_support import actor_for_token
    from aqyl.privacy import services

    actor = actor_for_token(token)
    dataset = selectors.get_dataset(actor, slug)
    text = policy.read_text(encoding="utf-8")
    if preview:
        found = services.preview(actor, dataset, text)
        if as_json:
            print_json(found)
        else:
            _print_report(found["report"])
            console.print_json(json.dumps(found["rows"][:5], ensure_ascii=False, default=str))
        return
    with console.status(_("Applying the policy…")):
        version = services.deidentify(actor, dataset, text=text, into=into,
                                      access_level=access)
    report = services.report_for(version) or {}
    if as_json:
        print_json({"dataset": version.dataset.slug, "version": version.number,
                     "report": report})
        return
    console.print(Text(_("Published %(slug)s, version %(n)s.") % {
        "slug": version.dataset.slug, "n": version.number}))
    _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    from django.utils.translation import gettext as _

    table = Table(_("Column"), _("Found"), _("Method"), _("Result"))
    for column in report["columns"]:
        table.add_row(Text(column["column"]), Text(column.get("kind") or ""), column["method"],
                      Text(str(column.get("rung") or "")))
    console.print(table)
    console.print(_("Rows: %(rows_in)s in, %(rows_out)s out (%(suppressed)s suppressed).") % {
        "rows_in": report["rows_in"], "rows_out": report["rows_out"],
        "suppressed": report["suppressed_rows"]})
    for label, key in ((_("Risk before"), "risk_before"), (_("Risk after"), "risk_after")):
        risk = report.get(key)
        if risk:
            console.print(_("%(label)s: k = %(k)s, %(share)s of records in small classes") % {
                "label": label, "k": risk["k"], "share": f"{risk['share_at_risk']:.1%}"})


@privacy_app.command("redact-text")
@handles_errors
def redact_text() -> None:
    """Read text on stdin and write it to stdout with each piece of personal data replaced by
    a typed placeholder ([IIN], [PHONE], [PERSON_NAME]…): one output line per input line."""
    from aqyl.privacy.redaction import redact_lines

    source = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace",
                              newline="")
    out = sys.stdout.buffer
    for line in redact_lines(source):
        out.write(line.encode("utf-8"))
    out.flush()
