"""Recipe steps and their reports in the reader's language, for the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STEP_LABELS = {
    "normalise_text": gettext_lazy("Normalise text"),
    "fix_types": gettext_lazy("Fix types"),
    "drop_duplicates": gettext_lazy("Drop exact duplicates"),
    "merge_near_duplicates": gettext_lazy("Merge near-duplicates"),
    "fill_missing": gettext_lazy("Fill missing values"),
    "flag_outliers": gettext_lazy("Flag outliers"),
    "map_territory": gettext_lazy("Map place names to KATO"),
    "synthesize": gettext_lazy("Synthetic rows"),
}

STEP_HELP = [
    ("normalise_text", gettext_lazy(
        "Unicode NFC, single spaces, Kazakh and Russian letters typed with Latin look-alikes, "
        "text garbled by a wrong code page (UTF-8 read as Windows-1251, KZ-1048); all text "
        "columns or the listed ones"), "- step: normalise_text\n  columns: [name, address]"),
    ("fix_types", gettext_lazy(
        "numbers written with spaces and decimal commas, dates as dd.mm.yyyy: columns that "
        "clearly hold them, or the listed ones (values that do not parse become empty)"),
     "- step: fix_types\n  columns: [amount, report_date]"),
    ("drop_duplicates", gettext_lazy("rows that repeat an earlier row exactly are removed"),
     "- step: drop_duplicates"),
    ("merge_near_duplicates", gettext_lazy(
        "rows whose key columns are equal once normalised and case-folded become one row, "
        "with each column's first non-empty value"),
     "- step: merge_near_duplicates\n  columns: [full_name, birth_date]"),
    ("fill_missing", gettext_lazy(
        "empty cells filled by mean, median, mode, a constant value, or model (a regression "
        "on the other numeric columns); a column COLUMN__imputed marks them"),
     "- step: fill_missing\n  column: income\n  method: model"),
    ("flag_outliers", gettext_lazy(
        "a column COLUMN__outlier marks values outside Tukey's fences (iqr) or with a robust "
        "z-score above 3.5 (mad)"), "- step: flag_outliers\n  column: income\n  method: iqr"),
    ("map_territory", gettext_lazy(
        "free-text region and district names in any language, spelling or old name become "
        "KATO codes in COLUMN_kato; what cannot be mapped is listed"),
     "- step: map_territory\n  column: district\n  parent_column: region"),
    ("synthesize", gettext_lazy(
        "rows drawn from a Gaussian copula fitted to the data, appended or instead of the "
        "real ones, marked in the column synthetic, with a fidelity report"),
     "- step: synthesize\n  rows: 10000\n  mode: replace\n  seed: 42"),
]


def describe_step(step: dict[str, Any], readable: bool) -> dict[str, Any]:
    """A report entry as a title, a sentence and, for readers of the data, examples."""
    name = step["step"]
    title = str(STEP_LABELS.get(name, name))
    if step.get("column"):
        title += f": {step['column']}"
    elif step.get("columns"):
        title += ": " + ", ".join(step["columns"])
    summary, examples = _summary(step, readable)
    return {"title": title, "rows_before": step["rows_before"],
            "rows_after": step["rows_after"], "summary": summary,
            "examples": examples if readable else [],
            "fidelity": step.get("fidelity") if name == "synthesize" else None}


Summary = tuple[str, list[tuple[str, str]]]
WEAK_MODEL = 0.5  # R² below which the report says a regression barely beats the median


def _normalise_text(step: dict[str, Any], readable: bool) -> Summary:
    changed = step.get("changed") or {}
    examples = [(str(o), str(n)) for c in changed.values() for o, n in c["examples"]]
    cells = sum(c["cells"] for c in changed.values())
    return _("%(cells)s cells changed.") % {"cells": cells}, examples


def _fix_types(step: dict[str, Any], readable: bool) -> Summary:
    converted = {column: found for column, found in (step.get("converted") or {}).items()
                 if not found.get("already")}
    parts = [_("%(column)s → %(type)s (%(failed)s values could not be read)")
             % {"column": column, "type": found["type"], "failed": found["failed"]}
             for column, found in converted.items()]
    examples = [(column, str(value)) for column, found in converted.items()
                for value in found["examples"]]
    return ("; ".join(parts) or _("No column needed a new type.")), examples


def _drop_duplicates(step: dict[str, Any], readable: bool) -> Summary:
    return _("%(n)s duplicate rows removed.") % {
        "n": step["rows_before"] - step["rows_after"]}, []


def _merge_near_duplicates(step: dict[str, Any], readable: bool) -> Summary:
    text = _("%(groups)s groups of %(rows)s rows merged into one row each.") % {
        "groups": step["groups"], "rows": step["rows_merged"]}
    conflicts = ", ".join(f"{c} ({n})" for c, n in step["conflicting_columns"].items())
    if conflicts:
        text += " " + _("Groups whose rows disagreed, by column: %(columns)s.") % {
            "columns": conflicts}
    return text, []


def _fill_missing(step: dict[str, Any], readable: bool) -> Summary:
    if step.get("method") == "model":
        text = _("%(n)s cells filled by a regression on %(columns)s (R² %(r2)s).") % {
            "n": step["filled"], "columns": ", ".join(step["predictors"]), "r2": step["r2"]}
        if step["r2"] < WEAK_MODEL:
            text += " " + _("The other columns explain little of this one: its median may "
                            "serve as well.")
        return text, []
    value = step.get("value") if readable else "…"
    return _("%(n)s cells filled with %(value)s.") % {"n": step["filled"], "value": value}, []


def _flag_outliers(step: dict[str, Any], readable: bool) -> Summary:
    return _("%(n)s values flagged as outliers.") % {"n": step["flagged"]}, []


def _map_territory(step: dict[str, Any], readable: bool) -> Summary:
    text = _("%(mapped)s rows mapped, %(unmapped)s not.") % {
        "mapped": step["mapped_rows"], "unmapped": step["unmapped_rows"]}
    examples = [(str(value), _("not found (%(n)s rows)") % {"n": rows})
                for value, rows in step["unmapped"][:20]]
    examples += [(str(value), _("ambiguous: %(codes)s") % {"codes": ", ".join(codes)})
                 for value, _rows, codes in step["ambiguous"][:20]]
    examples += [(str(value), _("read as %(name)s") % {"name": unit})
                 for value, unit, _rows in step["fuzzy"][:20]]
    return text, examples


def _synthesize(step: dict[str, Any], readable: bool) -> Summary:
    return _("%(n)s synthetic rows (%(mode)s).") % {"n": step["rows"], "mode": step["mode"]}, []


_SUMMARIES = {"normalise_text": _normalise_text, "fix_types": _fix_types,
              "drop_duplicates": _drop_duplicates,
              "merge_near_duplicates": _merge_near_duplicates, "fill_missing": _fill_missing,
              "flag_outliers": _flag_outliers, "map_territory": _map_territory,
              "synthesize": _synthesize}


def _summary(step: dict[str, Any], readable: bool) -> Summary:
    found = _SUMMARIES.get(step["step"])
    return found(step, readable) if found else ("", [])
