"""Repairs of text as government systems garble it, one value at a time (the recipes apply
them to each distinct value of a column once).

- Unicode NFC, zero-width characters removed, spaces (NBSP, tabs, runs) collapsed, trimmed.
- Look-alikes: a Cyrillic word typed with some Latin letters ("Aлматы" with a Latin A, "бiлiм"
  with Latin i for Kazakh і, "Әлем" typed as "Əлем" with the Latin schwa) is made Cyrillic, and
  a Latin word with Cyrillic look-alikes is made Latin. Only mixed words change.
- Mojibake, where it can be undone exactly:
  - UTF-8 read as Windows-1251 ("Р�лматы", "ТљР°Р·Р°Т›") or as Latin-1 ("Ð°Ð»"): the text
    is encoded back and read as UTF-8; it is kept only if that is valid UTF-8. Windows-1251 has
    no character for byte 0x98, which begins Kazakh Ә/ә and others after У/Т: a replacement
    character there is that byte.
  - KZ-1048 read as Windows-1251 ("Ќазаќстан"): the 16 code points where the two code pages
    differ hold Kazakh letters in KZ-1048 (Ќ→Қ, ј→ә, ѕ→ң…). Six of them are also Ukrainian
    letters (Київ) and two Belarusian, so the mapping is applied to a whole column, and only
    when some of its values hold one of the other eight (`has_kz1048_signs`).
  Kazakh letters that a conversion to Windows-1251 replaced with "?" are lost and stay so.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0259\u018f\u0275\u019f\u014b\u014a]")
_WORD = re.compile(r"[^\W\d_]+")
_PUNCTUATION = re.compile(r"[\W_]+")

# Latin (and IPA) look-alikes of Cyrillic letters, Kazakh ones included
_TO_CYRILLIC = str.maketrans({
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і", "h": "һ",
    "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р", "C": "С",
    "T": "Т", "X": "Х", "Y": "У", "I": "І",
    "ə": "ә", "Ə": "Ә", "ɵ": "ө", "Ɵ": "Ө", "ø": "ө", "Ø": "Ө", "ŋ": "ң", "Ŋ": "Ң",
})
_LATIN_LOOKALIKES = frozenset("aeopcxyihABEKMHOPCTXYIəƏɵƟøØŋŊ")
_TO_LATIN = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I",
})
_CYRILLIC_LOOKALIKES = frozenset("аеорсхуіАВЕКМНОРСТХІ")

# KZ-1048 bytes read as Windows-1251: the code pages differ only here
_KZ1048 = str.maketrans({
    "Ќ": "Қ", "Ћ": "Һ", "ќ": "қ", "ћ": "һ", "Ў": "Ұ", "ў": "ұ", "Ј": "Ә", "Ґ": "Ө", "Є": "Ғ",
    "Ї": "Ү", "ґ": "ө", "є": "ғ", "ј": "ә", "Ѕ": "Ң", "ѕ": "ң", "ї": "ү",
})
_KZ1048_ONLY = re.compile("[ЌЋќћЈјЅѕ]")  # not letters of Ukrainian or Belarusian
_UTF8_AS_1251 = re.compile(r"[РСТУ][\u0400-\u045f\u0490\u0491\u2018-\u203a\u00a0-\u00bb\ufffd™]")
_UTF8_AS_LATIN1 = re.compile(r"[ÐÑÒÓ][\u0080-\u00bf]")


def tidy(value: str) -> str:
    """NFC, no zero-width characters, single spaces, trimmed."""
    value = unicodedata.normalize("NFC", value).translate(_ZERO_WIDTH)
    return _SPACES.sub(" ", value).strip()


def fix_lookalikes(value: str) -> str:
    """Mixed-script words made one script: Cyrillic when they hold Cyrillic letters and only
    look-alike Latin ones, Latin in the opposite case."""
    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        cyrillic, latin = _CYRILLIC.findall(text), _LATIN.findall(text)
        if not cyrillic or not latin:
            return text
        if all(char in _LATIN_LOOKALIKES for char in latin) and len(cyrillic) >= len(latin):
            return text.translate(_TO_CYRILLIC)
        if all(char in _CYRILLIC_LOOKALIKES for char in cyrillic) and len(latin) > len(cyrillic):
            return text.translate(_TO_LATIN)
        return text
    return _WORD.sub(word, value)


def has_kz1048_signs(values: list[str]) -> bool:
    """Whether a column's values were KZ-1048 text read as Windows-1251."""
    return any(_KZ1048_ONLY.search(value) for value in values)


def fix_mojibake(value: str, *, kz1048: bool = False) -> str:
    """The text as it was before a wrong code page garbled it, when that can be known."""
    if _UTF8_AS_1251.search(value) and len(_UTF8_AS_1251.findall(value)) * 3 >= \
            len(_CYRILLIC.findall(value)):
        repaired = _reread(value, "cp1251")
        if repaired is not None:
            return repaired
    if _UTF8_AS_LATIN1.search(value):
        repaired = _reread(value, "latin-1")
        if repaired is not None:
            return repaired
    return value.translate(_KZ1048) if kz1048 else value


def _reread(value: str, codepage: str) -> str | None:
    raw = bytearray()
    for char in value:
        if char == "\ufffd" and codepage == "cp1251":
            raw += b"\x98"
            continue
        try:
            raw += char.encode(codepage)
        except UnicodeEncodeError:
            return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def repair(value: str, *, kz1048: bool = False) -> str:
    """Every repair above, mojibake first (look-alike fixes would hide it)."""
    return fix_lookalikes(tidy(fix_mojibake(value, kz1048=kz1048)))


def spelling_key(value: str) -> str:
    """What two spellings of one value share: repaired, case-folded, punctuation and spaces
    collapsed ("Алматы  облысы", "алматы облысы." and "Aлматы облысы" meet)."""
    return _PUNCTUATION.sub(" ", repair(value).casefold()).strip()


def spelling_variants(values: list[str | None], counts: list[int]) -> int:
    """Rows whose value is another spelling of a more common value of the same column."""
    best: dict[str, int] = {}
    total: dict[str, int] = {}
    for value, count in zip(values, counts, strict=True):
        if value is None or not value.strip():
            continue
        key = spelling_key(value)
        total[key] = total.get(key, 0) + count
        best[key] = max(best.get(key, 0), count)
    return sum(total[key] - best[key] for key in total)
