"""Keyed pseudonyms: one person, one token, in every dataset of every agency.

A token is HMAC-SHA256 under the platform's secret of the value in a normal form (an IIN's
digits, a phone's ten national digits, a lower-cased e-mail, a name's case-folded words), so
"+7 701 123 45 67" in one ministry's file and "87011234567" in another's become the same token
and the two de-identified datasets still join. Without the secret nobody can go back from a
token or make one for a guessed IIN. The secret lives outside the database (a file or an
environment variable, see `aqyl.config`); `key_id` names it in reports without revealing it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

MIN_SECRET_BYTES = 32
TOKEN_HEX = 24  # 96 bits: no two of a country's people collide
_NOT_DIGIT = re.compile(r"[^0-9]")
_SPACES = re.compile(r"\s+")


class SecretMissing(Exception):
    """Pseudonyms were asked for and no secret (or too short a one) is configured."""


def check_secret(secret: bytes | None) -> bytes:
    if secret is None or len(secret) < MIN_SECRET_BYTES:
        raise SecretMissing(f"a pseudonym secret of at least {MIN_SECRET_BYTES} bytes is needed")
    return secret


def key_id(secret: bytes) -> str:
    """A short name of the secret for reports: tokens made under the same key id join."""
    return hmac.new(secret, b"aqyl pseudonym key id", hashlib.sha256).hexdigest()[:8]


def normal_form(value: str, kind: str | None) -> str:
    """The form two spellings of the same identifier share."""
    value = unicodedata.normalize("NFC", value).strip()
    if kind in ("iin", "bin", "card", "id_card"):
        return _NOT_DIGIT.sub("", value) or value
    if kind == "phone":
        digits = _NOT_DIGIT.sub("", value)
        return "7" + digits[-10:] if len(digits) >= 10 else value
    if kind in ("email", "iban", "passport", "vehicle_plate"):
        return _SPACES.sub("", value).casefold()
    return _SPACES.sub(" ", value).casefold()


def token(value: str, secret: bytes, kind: str | None = None) -> str:
    digest = hmac.new(secret, normal_form(value, kind).encode(), hashlib.sha256)
    return "p" + digest.hexdigest()[:TOKEN_HEX]


def pseudonymise_array(values: pa.Array, secret: bytes, kind: str | None = None) -> pa.Array:
    """Tokens for a column, each distinct value hashed once; nulls and blanks stay empty."""
    check_secret(secret)
    text = pc.utf8_trim_whitespace(values.cast(pa.string()))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    encoded = text.dictionary_encode()
    if not len(encoded.dictionary):
        return pa.nulls(len(values), pa.string())
    tokens = pa.array([token(value, secret, kind)
                       for value in encoded.dictionary.to_pylist()], pa.string())
    return pc.take(tokens, encoded.indices)
