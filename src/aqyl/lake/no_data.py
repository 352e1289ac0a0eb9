"""Cells that say "no figure here" in Kazakh and Russian statistical tables, and numbers as
those tables write them.

A dash, an ellipsis, "x" (withheld as confidential), "н/д" or "мәлімет жоқ" stand in a column
of figures where a figure is missing. In a column whose other values are all numbers they are
read as nulls, so the column stays numeric; elsewhere (names, codes) they are kept as written.
Digits come grouped by a space, a no-break space (U+00A0), a narrow no-break space (U+202F) or
a thin space (U+2009), as "1 234 567,8" prints in each office's locale.
"""

from __future__ import annotations

import re

NO_DATA = frozenset({
    "-", "--", "---", "–", "—", "‒", "−", "…", "...", "..",
    "x", "х", "×",  # Latin x, Cyrillic х, the multiplication sign: withheld
    "н/д", "н.д.", "нд", "нет данных", "данных нет", "нет сведений",
    "м/ж", "мәлімет жоқ", "мәліметтер жоқ", "деректер жоқ",
    "n/a", "na", "#n/a", "n.a.", "no data",
})
GROUP_SPACES = " \u00a0\u202f\u2009"
# A figure as a person writes it: no leading zero (that is a code), optional sign, digits
# grouped by threes with one of the spaces, a decimal part after a point or a comma.
NUMBER = re.compile(r"[+-]?(?:[1-9]\d{0,2}(?:[ \u00a0\u202f\u2009]\d{3})+|[1-9]\d*|0)"
                    r"(?:[.,]\d+)?")
IDENTIFIER_DIGITS = 12  # IIN and BIN: identifiers, never quantities, whatever their first digit


def no_data_key(text: str) -> str:
    """How a placeholder is compared: trimmed, one space between words, case folded."""
    return " ".join(text.split()).casefold()


def is_no_data(text: str) -> bool:
    return no_data_key(text) in NO_DATA


def is_identifier(text: str) -> bool:
    """Twelve bare digits: an IIN or a BIN, to be kept as text."""
    stripped = text.strip()
    return len(stripped) == IDENTIFIER_DIGITS and stripped.isascii() and stripped.isdigit()


def sql_no_data_list() -> str:
    """NO_DATA as a SQL list of string literals, for `IN (...)`."""
    return ", ".join("'" + value.replace("'", "''") + "'" for value in sorted(NO_DATA))
