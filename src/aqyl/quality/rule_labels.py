"""Rules and their results in the reader's language, for the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aqyl.quality.rule_messages import rule_message

CHECK_LABELS = {
    "not_null": gettext_lazy("Not empty"),
    "unique": gettext_lazy("Unique"),
    "range": gettext_lazy("Within a range"),
    "allowed_values": gettext_lazy("Allowed values"),
    "regex": gettext_lazy("Matches a pattern"),
    "reference": gettext_lazy("In a reference list"),
    "foreign_key": gettext_lazy("Exists in another dataset"),
    "iin": gettext_lazy("Valid IIN"),
    "bin": gettext_lazy("Valid BIN"),
    "row_count": gettext_lazy("Number of rows"),
    "freshness": gettext_lazy("Freshness"),
}

# (check, what it does, an example) for the editor's help
CHECK_HELP = [
    ("not_null", gettext_lazy("no empty or blank values"),
     "- check: not_null\n  column: iin\n  severity: critical"),
    ("unique", gettext_lazy("no value repeats"), "- check: unique\n  column: iin"),
    ("range", gettext_lazy("numbers or dates between min and max"),
     "- check: range\n  column: age\n  min: 0\n  max: 120"),
    ("allowed_values", gettext_lazy("only the listed values"),
     "- check: allowed_values\n  column: sex\n  values: [M, F]"),
    ("regex", gettext_lazy("the whole value matches a regular expression"),
     "- check: regex\n  column: phone\n  pattern: '\\+7 7[0-9]{2} [0-9]{3} [0-9]{4}'"),
    ("reference", gettext_lazy("values are codes of a reference list shipped with the "
                               "platform (kato: administrative-territorial units)"),
     "- check: reference\n  column: kato\n  reference: kato"),
    ("foreign_key", gettext_lazy("every value exists in a column of another dataset"),
     "- check: foreign_key\n  column: bin\n  dataset: mojust/legal-entities\n  key: bin"),
    ("iin", gettext_lazy("valid IINs: check digit and birth date (bin: BINs)"),
     "- check: iin\n  column: iin"),
    ("row_count", gettext_lazy("the number of rows stays within bounds"),
     "- check: row_count\n  min: 1000"),
    ("freshness", gettext_lazy("the newest date of a column (or the version itself) is at "
                               "most this many days old"),
     "- check: freshness\n  column: report_date\n  max_age_days: 45"),
]

STATUS_LABELS = {"pass": gettext_lazy("passes"), "fail": gettext_lazy("fails"),
                 "error": gettext_lazy("could not run")}


def rule_title(rule: dict[str, Any]) -> str:
    label = str(CHECK_LABELS.get(rule["check"], rule["check"]))
    title = f"{label}: {rule['column']}" if rule.get("column") else label
    return f"{rule['name']} ({title})" if rule.get("name") else title


def describe_result(result: dict[str, Any], readable: bool) -> dict[str, Any]:
    """A stored result for the page; values of the data only for those who may read it."""
    rule, detail = result["rule"], result.get("detail") or {}
    return {
        "title": rule_title(rule), "critical": rule.get("severity") == "critical",
        "status": result["status"], "status_label": STATUS_LABELS.get(result["status"], ""),
        "failed": result["failed"], "checked": result["checked"],
        "per_row": rule["check"] not in ("row_count", "freshness"),
        "note": _detail(rule, detail, readable),
        "columns": result["sample_columns"] if readable else [],
        "samples": result["samples"] if readable else [],
    }


def _detail(rule: dict[str, Any], detail: dict[str, Any], readable: bool) -> str:
    if "code" in detail:
        params = {k: v for k, v in detail.items() if k != "code"}
        params.setdefault("columns", "…")
        return rule_message(detail["code"], **params)
    if rule["check"] == "row_count":
        return _("%(rows)s rows") % {"rows": detail.get("rows")}
    if rule["check"] == "freshness":
        if detail.get("newest") is None:
            return _("No date to judge by.")
        return _("Newest date %(date)s: %(days)s days old (at most %(limit)s).") % {
            "date": detail["newest"], "days": detail["age_days"], "limit": rule["max_age_days"]}
    if detail.get("missing") and readable:
        values = ", ".join(f"{value} ({count})" for value, count in detail["missing"])
        return _("Not found: %(values)s") % {"values": values}
    return ""
