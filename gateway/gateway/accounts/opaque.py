"""Opaque secrets handed to people (refresh, setup tokens, codes) and their digests.

Only digests are stored. Long random tokens need no key: a SHA-256 of 256 random bits
cannot be reversed. Six-digit codes can be enumerated, so theirs is keyed (HMAC) with a
secret that lives outside the database.
"""

import hashlib
import hmac
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def keyed_digest(key: str, *parts: str) -> str:
    return hmac.new(key.encode(), ":".join(parts).encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
