"""Which text encoding a government export is in.

Exports come as UTF-8 (with or without BOM), UTF-16, Windows-1251 or KZ-1048. The two
single-byte code pages differ in 16 bytes only: where Windows-1251 has Serbian, Macedonian and
Ukrainian letters (Ќ ќ Ћ ћ Ј ј Ѕ ѕ Ў ў Є є Ґ ґ Ї ї), KZ-1048 has the Kazakh ones
(Қ қ Һ һ Ә ә Ң ң Ұ ұ Ғ ғ Ө ө Ү ү). A file that uses those bytes is read as KZ-1048 unless
it looks Ukrainian; the steward can always override the guess.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from aqyl.lake.errors import BadFile

SAMPLE_BYTES = 4 * 1024 * 1024
DIFFERING_BYTES = frozenset(
    (0x8D, 0x8E, 0x9D, 0x9E, 0xA1, 0xA2, 0xA3, 0xA5, 0xAA, 0xAF, 0xB4, 0xBA, 0xBC, 0xBD,
     0xBE, 0xBF)
)
# Bytes that are letters only Serbian or Macedonian would use in Windows-1251: Ќ Ћ ќ ћ Ј ј Ѕ ѕ
NON_KAZAKH_SLAVIC = frozenset((0x8D, 0x8E, 0x9D, 0x9E, 0xA3, 0xBC, 0xBD, 0xBE))
# Windows-1251 bytes of Ukrainian letters: Ґ ґ Є є Ї ї
UKRAINIAN = frozenset((0xA5, 0xB4, 0xAA, 0xBA, 0xAF, 0xBF))
SUPPORTED = ("utf-8", "utf-8-sig", "utf-16", "cp1251", "kz1048")


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str
    reason: str


def detect_encoding(path: Path, sample_bytes: int = SAMPLE_BYTES) -> EncodingGuess:
    with path.open("rb") as handle:
        sample = handle.read(sample_bytes)
        at_end = not handle.read(1)
    return guess_encoding(sample, complete=at_end)


def guess_encoding(sample: bytes, *, complete: bool = True) -> EncodingGuess:  # noqa: PLR0911
    if not sample:
        raise BadFile("empty_file", "the file is empty")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return EncodingGuess("utf-16", "byte order mark")
    if sample.startswith(codecs.BOM_UTF8):
        return EncodingGuess("utf-8-sig", "byte order mark")
    if b"\x00" in sample:
        raise BadFile("binary_file", "the file holds binary data, not text")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return EncodingGuess("utf-8", "valid UTF-8")
    except UnicodeDecodeError:
        pass
    high = [b for b in sample if b >= 0x80]
    differing = [b for b in high if b in DIFFERING_BYTES]
    if not differing:
        return EncodingGuess("cp1251", "Cyrillic letters common to Windows-1251 and KZ-1048")
    if any(b in NON_KAZAKH_SLAVIC for b in differing):
        return EncodingGuess("kz1048", "Kazakh letters in KZ-1048 positions")
    ukrainian = sum(1 for b in differing if b in UKRAINIAN)
    if ukrainian == len(differing) and b"\xb3" in sample and b"\xb2" not in sample:
        # only ґ є ї and і: Ukrainian in Windows-1251 reads the same way
        return EncodingGuess("cp1251", "Ukrainian letters")
    return EncodingGuess("kz1048", "Kazakh letters in KZ-1048 positions")


def check_encoding(name: str) -> str:
    """Normalise a user's encoding override, refusing what we cannot read."""
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        raise BadFile("unknown_encoding", "unknown encoding {name}", name=name) from None
    aliases = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "utf-16": "utf-16",
               "cp1251": "cp1251", "kz1048": "kz1048"}
    if canonical not in aliases:
        raise BadFile("unsupported_encoding", "encoding {name} is not supported", name=name)
    return aliases[canonical]
