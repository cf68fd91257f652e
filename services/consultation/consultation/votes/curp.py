"""CURP: format, real birth date and check digit (DOMAIN.md), and the keyed hash stored.

The CURP itself is never stored or logged: only an HMAC-SHA256 under a secret key, so a
leaked table cannot be reversed by enumerating plausible CURPs without the key.
"""

import hashlib
import hmac
import re
from datetime import date

# RENAPO's two letters of the birth state in a CURP (NE: born abroad); not the INEGI codes
# of ``reference.states``.
CURP_STATE_LETTERS = (
    "AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ "
    "YN ZS NE"
).split()
_PATTERN = re.compile(
    r"^[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX](?:" + "|".join(CURP_STATE_LETTERS) + r")"
    r"[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d$"
)
_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ"


def check_digit(first17: str) -> int:
    total = sum(_ALPHABET.index(c) * (18 - i) for i, c in enumerate(first17))
    return (10 - total % 10) % 10


def birth_date(curp: str) -> date | None:
    """Position 17 tells the century: a digit for 1900s births, a letter for 2000s."""
    year = int(curp[4:6]) + (1900 if curp[16].isdigit() else 2000)
    try:
        return date(year, int(curp[6:8]), int(curp[8:10]))
    except ValueError:
        return None


def curp_problem(raw: str) -> str | None:
    """Why a CURP is invalid (a stable code), or None when it is valid."""
    curp = raw.strip().upper()
    if not _PATTERN.match(curp):
        return "format"
    if birth_date(curp) is None:
        return "date"
    if check_digit(curp[:17]) != int(curp[17]):
        return "check_digit"
    return None


def curp_hash(curp: str, secret: str) -> str:
    normalised = curp.strip().upper().encode()
    return hmac.new(secret.encode(), normalised, hashlib.sha256).hexdigest()
