"""HMAC signatures for agency webhooks (and the header format other HMACs share), and the
sealing of secrets stored in a database. Deliveries between Cocrea's own processes are
signed per producer instead (:mod:`kit.event_signing`).

Header format: ``t=<unix seconds>,v1=<hex sha256 of "t.body">``. The timestamp bounds
replays; the comparison is constant-time.
"""

import base64
import hashlib
import hmac
import time

from cryptography.fernet import Fernet

SIGNATURE_HEADER = "X-Cocrea-Signature"
TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def parse_header(header: str | None, field: str = "v1") -> tuple[int, str] | None:
    """``t=<unix>,v1=<hex>`` -> ``(t, hex)`` (``field``: another name than ``v1``), or None
    when absent or malformed."""
    if not header:
        return None
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        return int(parts["t"]), parts[field]
    except (ValueError, KeyError):
        return None


def verify(secret: str, body: bytes, header: str | None, now: float | None = None) -> bool:
    parsed = parse_header(header)
    if parsed is None:
        return False
    ts, given = parsed
    if abs((time.time() if now is None else now) - ts) > TOLERANCE_SECONDS:
        return False
    expected = sign(secret, body, ts).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)


def sealing_box(purpose: str, secret: str) -> Fernet:
    """Fernet with a key derived from a process secret for one purpose (``purpose`` keeps
    the keys of different uses apart): secrets at rest that a database copy must not give."""
    digest = hashlib.sha256(f"{purpose}:".encode() + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))
