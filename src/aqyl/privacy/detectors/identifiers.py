"""IIN and BIN: the 12-digit numbers of people and organisations.

The checks (weighted mod-11 check digit, the IIN's birth date and century digit, the BIN's
month and entity kind) live in `aqyl.quality.kz_identifiers`; a 12-digit number that fails
them (a contract number, an impossible date) is neither. The free-text pattern needs exactly
twelve digits in a row, so an IIN-looking piece of a longer digit run is not reported.
"""

from __future__ import annotations

import re

from aqyl.privacy.detectors.registry import EDGE_AFTER, EDGE_BEFORE, PatternDetector
from aqyl.quality.kz_identifiers import bin_mask, iin_mask, is_valid_bin, is_valid_iin

_TWELVE = re.compile(rf"{EDGE_BEFORE}[0-9]{{12}}{EDGE_AFTER}")


def mask_twelve(value: str) -> str:
    """900101******: the birth date (or the BIN's registration month) stays readable."""
    return value[:6] + "*" * (len(value) - 6)


IIN = PatternDetector(
    kind="iin",
    hints=("иин", "жсн", "iin", "индивидуальный идентификационный номер",
           "жеке сәйкестендіру нөмірі", "individual identification number"),
    pattern=_TWELVE, check=is_valid_iin, redact=mask_twelve, shape=r"^[0-9]{12}$",
    column_check=iin_mask,
)
BIN = PatternDetector(
    kind="bin",
    hints=("бин", "бсн", "bin", "бизнес идентификационный номер",
           "бизнес сәйкестендіру нөмірі", "business identification number"),
    pattern=_TWELVE, check=is_valid_bin, redact=mask_twelve, shape=r"^[0-9]{12}$",
    column_check=bin_mask,
)
DETECTORS = (IIN, BIN)
