"""Dates of birth: dd.mm.yyyy (or with / or -) and yyyy-mm-dd, a real date from 1900 to today.

A date is personal data only when it is someone's birth date, so a column needs a header hint
(туған күні, дата рождения, date of birth…) and free text a context word within 40 characters
before the date (or 12 after, as in "01.02.1990 г.р."): dates of orders and contracts are not.
"""

from __future__ import annotations

import datetime as dt
import re

from aqyl.privacy.detectors.registry import PatternDetector

BIRTH_CONTEXT = ("туған", "туылған", "дүниеге келген", "рожд", "родил", "д.р.", "д/р", "г.р.",
                 "birth", "born", "dob")
_DATE = r"[0-9]{2}[./-][0-9]{2}[./-][0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}"
FIRST_YEAR = 1900


def is_birth_date(value: str, *, today: dt.date | None = None) -> bool:
    if not re.fullmatch(_DATE, value):
        return False
    parts = re.split(r"[./-]", value)
    if len(parts[0]) == 4:
        year, month, day = parts
    else:
        day, month, year = parts
        if value[2] != value[5]:  # 01.02-1990 is not a date someone wrote
            return False
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return date.year >= FIRST_YEAR and date <= (today or dt.date.today())


def mask_birth_date(value: str) -> str:
    """**.**.1990: the year alone is what a generalisation would keep."""
    if re.match(r"[0-9]{4}-", value):
        return value[:4] + re.sub(r"[0-9]", "*", value[4:])
    return re.sub(r"[0-9]", "*", value[:-4]) + value[-4:]


BIRTH_DATE = PatternDetector(
    kind="birth_date",
    hints=("туған күні", "туған күн", "туылған күні", "туған жылы мен күні", "дата рождения",
           "дата рожд", "д р", "date of birth", "birth date", "birthdate", "birthday", "dob",
           "born"),
    pattern=re.compile(rf"(?<![0-9])(?:{_DATE})(?![0-9])"), check=is_birth_date,
    redact=mask_birth_date, shape=rf"^({_DATE})$", context=BIRTH_CONTEXT, needs_hint=True,
)
DETECTORS = (BIRTH_DATE,)
