"""Personal API tokens: generated once, shown once, stored as a SHA-256 digest.

Tokens carry 256 bits of randomness, so a fast digest is safe (no password stretching needed)
and keeps every API call cheap. The prefix identifies a token in lists without revealing it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

TOKEN_MARK = "aqyl"
PREFIX_LENGTH = 8


@dataclass(frozen=True)
class NewToken:
    prefix: str
    secret: str  # the full token, given to the user once
    digest: str


def generate_token() -> NewToken:
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    secret = f"{TOKEN_MARK}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(prefix=prefix, secret=secret, digest=digest_token(secret))


def digest_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_prefix(secret: str) -> str | None:
    """The prefix of a well-formed token, or None for anything else."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_MARK or len(parts[1]) != PREFIX_LENGTH:
        return None
    return parts[1]


def prefix_of(reference: str) -> str:
    """The prefix from what a user may paste: `1a2b3c4d`, `aqyl_1a2b3c4d_…` or the token."""
    parts = reference.strip().split("_")
    return parts[1] if parts[0] == TOKEN_MARK and len(parts) > 1 else parts[0]


def digests_match(secret: str, digest: str) -> bool:
    return hmac.compare_digest(digest_token(secret), digest)
