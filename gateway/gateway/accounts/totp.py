"""TOTP (RFC 6238) primitives on pyotp: 30-second steps, 6 digits, ±1 step of clock drift.

:func:`matching_step` returns the time step a code belongs to, so the caller can accept a
step only once (a code seen at login cannot be replayed while it is still valid).

Secrets are stored sealed (:func:`seal`: Fernet, with a key derived from the gateway's
``pseudonym_secret``, which only the gateway holds), so a copy of the database or of a
backup is not enough to produce a staff member's codes. A secret stored in clear by an
earlier version still opens, and is sealed at its next successful use.
"""

import hmac
import time

import pyotp
from cryptography.fernet import Fernet

from kit import signing

SEALED = "enc1:"

DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def _box(key_material: str) -> Fernet:
    return signing.sealing_box("cocrea-totp-secrets", key_material)


def seal(secret: str, key_material: str) -> str:
    return SEALED + _box(key_material).encrypt(secret.encode()).decode()


def unseal(stored: str | None, key_material: str) -> str | None:
    """The secret itself (``cryptography.fernet.InvalidToken`` if the key changed)."""
    if stored is None or not stored.startswith(SEALED):
        return stored  # None, or a secret an earlier version stored in clear
    return _box(key_material).decrypt(stored[len(SEALED) :].encode()).decode()


def is_sealed(stored: str | None) -> bool:
    return stored is not None and stored.startswith(SEALED)


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def current_step(now: float | None = None, interval: int = 30) -> int:
    return int((time.time() if now is None else now) // interval)


def matching_step(
    secret: str, code: str, *, after_step: int, now: float | None = None
) -> int | None:
    """The step within the drift window whose code equals ``code`` and is newer than
    ``after_step``; None when there is none."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    step = current_step(now, totp.interval)
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if candidate <= after_step:
            continue
        expected = totp.at(candidate * totp.interval)
        if hmac.compare_digest(expected, code):
            return candidate
    return None
