"""Phone numbers and e-mail addresses as people write them in Kazakhstan.

A phone is the 10-digit national number 7XX… after +7, 8 or 7 (or alone, in a column), written
with any spaces, dashes, dots and brackets: +7 701 123 45 67, 8 (7172) 55-12-34, 87011234567.
Its second digit must be one Kazakhstan uses: 70x/74x/75x/76x/77x mobile, 71x/72x landlines
(Astana 7172, Almaty 727…); +7 9xx (Russia), 8 800 and 11-digit codes starting otherwise are
not. In free text the number must start with +7, 8 or 7, must not be glued to another digit
group (then it is a piece of a longer number) and must not follow a product-code word.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aqyl.privacy.detectors.registry import Mask, PatternDetector

# the same two regexes judge one value (Python) and a column (Arrow's RE2)
_PHONE_CHARS = r"^\+?[0-9 ().-]+$"
_PHONE_DIGITS = r"^(\+7|[78])?7[0124567][0-9]{8}$"
_SEPARATOR = r"[ \u00a0.-]"
_PHONE_TEXT = re.compile(
    r"(?<![\w+])"
    rf"(?:\+ ?7|(?<![0-9]{_SEPARATOR})[78])"
    rf"{_SEPARATOR}?"
    r"(?:\( ?[0-9]{3,5} ?\)|[0-9]{3,5})"
    rf"(?:{_SEPARATOR}?[0-9]){{5,7}}"
    rf"(?!\w)(?!{_SEPARATOR}[0-9])"
)
PRODUCT_WORDS = ("артикул", "арт.", "код товара", "тауар коды", "штрихкод", "штрих-код",
                 "ean", "sku", "article", "product code", "серийный", "serial", "инв.")


def is_kz_phone(value: str) -> bool:
    value = value.replace("\u00a0", " ")
    if not re.fullmatch(_PHONE_CHARS, value):
        return False
    return re.fullmatch(_PHONE_DIGITS, re.sub(r"[^0-9+]", "", value)) is not None


def phone_column(values: pa.Array) -> Mask:
    values = pc.replace_substring(values, "\u00a0", " ")
    shaped = pc.match_substring_regex(values, _PHONE_CHARS)
    digits = pc.replace_substring_regex(values, r"[^0-9+]", "")
    ok = pc.and_(shaped, pc.match_substring_regex(digits, _PHONE_DIGITS))
    return np.asarray(pc.fill_null(ok, False).to_numpy(zero_copy_only=False), dtype=bool)


def mask_phone(value: str) -> str:
    """+7 701 *** ** 67: the operator and the last two digits stay readable."""
    national = re.sub(r"[^0-9]", "", value)[-10:]
    return f"+7 {national[:3]} *** ** {national[-2:]}"


_EMAIL_TEXT = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}"
    r"(?![\w-])"
)
_EMAIL = r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$"
# the same rules as one regex RE2 reads too: no dot at either end of the local part or twice in
# a row, no hyphen at either end of a domain label
_EMAIL_STRICT = (r"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
                 r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$")
_EMAIL_LOCAL = r"^[^@]{1,64}@"
_EMAIL_VALUE = re.compile(_EMAIL_STRICT)
_EMAIL_LOCAL_VALUE = re.compile(_EMAIL_LOCAL)


def is_email(value: str) -> bool:
    return (len(value) <= 254 and _EMAIL_LOCAL_VALUE.match(value) is not None
            and _EMAIL_VALUE.fullmatch(value) is not None)


def email_column(values: pa.Array) -> Mask:
    """`is_email` over a column, in Arrow alone."""
    ok = pc.and_(pc.less_equal(pc.utf8_length(values), 254),
                 pc.and_(pc.match_substring_regex(values, _EMAIL_LOCAL),
                         pc.match_substring_regex(values, _EMAIL_STRICT)))
    return np.asarray(pc.fill_null(ok, False).to_numpy(zero_copy_only=False), dtype=bool)


def mask_email(value: str) -> str:
    """a***@mail.kz: the domain says which provider without saying who."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


PHONE = PatternDetector(
    kind="phone",
    hints=("телефон", "тел", "телефон нөмірі", "телефона", "номер телефона", "ұялы телефон",
           "мобильный", "моб", "сотовый", "контактный телефон", "байланыс телефоны", "phone",
           "phone number", "tel", "telephone", "mobile", "cell"),
    pattern=_PHONE_TEXT, check=is_kz_phone, redact=mask_phone, shape=_PHONE_CHARS,
    decoys=PRODUCT_WORDS, column_check=phone_column,
)
EMAIL = PatternDetector(
    kind="email",
    hints=("email", "e-mail", "e mail", "mail", "эл. пошта", "электрондық пошта", "пошта",
           "электронная почта", "эл. почта", "почта", "электронный адрес"),
    pattern=_EMAIL_TEXT, check=is_email, redact=mask_email, shape=_EMAIL,
    column_check=email_column,
)
DETECTORS = (PHONE, EMAIL)
