"""What a version's metadata says about personal data (Croissant's
rai:personalSensitiveInformation), in kk, ru and en, from its de-identification report or
its scan."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from aqyl.catalog.models import DatasetVersion
from aqyl.privacy import services

LANGUAGES = ("kk", "ru", "en")


def personal_data_statement(version: DatasetVersion) -> dict[str, str] | None:
    """None when the version has neither a report nor a scan yet."""
    report = services.report_for(version)
    found = services.stored_scan(version)
    if report is None and found is None:
        return None
    result = {}
    for language in LANGUAGES:
        with translation.override(language):
            result[language] = (_deidentified(report) if report is not None
                                else _scanned(found.identifiers() if found else {}))
    return result


def _deidentified(report: dict[str, Any]) -> str:
    done = "; ".join(f"{column['column']}: {column['method']}"
                     + (f" ({column['rung']})" if column.get("rung") not in (None, "exact")
                        else "")
                     for column in report["columns"] if column["method"] != "keep")
    text = _("De-identified with a privacy policy: %(done)s.") % {"done": done}
    risk = report.get("risk_after")
    if risk and report.get("quasi_identifiers"):
        text += " " + _("Over the quasi-identifiers %(quasi)s, every combination of values is "
                        "shared by at least %(k)s records; %(suppressed)s records were "
                        "suppressed.") % {"quasi": ", ".join(report["quasi_identifiers"]),
                                          "k": risk["k"],
                                          "suppressed": report["suppressed_rows"]}
    if report.get("pseudonym_key"):
        text += " " + _("Pseudonyms are keyed tokens (key %(key)s): they join other datasets "
                        "de-identified under the same key.") % {"key": report["pseudonym_key"]}
    return text


def _scanned(identifiers: dict[str, str]) -> str:
    if not identifiers:
        return _("The platform's privacy scan found no personal data in this version.")
    return _("This version holds personal data: %(columns)s. It is not open data.") % {
        "columns": ", ".join(f"{name} ({kind})" for name, kind in identifiers.items())}
