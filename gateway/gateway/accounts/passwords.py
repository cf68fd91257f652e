"""Password policy and hashing (argon2id).

Hashing runs in worker threads: argon2 is deliberately slow and would otherwise stall
every other request on the event loop. At most ``GATEWAY_PASSWORD_HASH_CONCURRENCY`` run at
once (a pool of that many threads; the rest wait their turn): each takes 64 MiB, and a
burst on the default thread pool (up to 32) would take more than the pod's 512 Mi.
"""

import asyncio
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from gateway.accounts.errors import WeakPassword

MIN_LENGTH = 8
MAX_LENGTH = 128

T = TypeVar("T")
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# A real hash, so an unknown account costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
DEFAULT_CONCURRENCY = 4
_slots = DEFAULT_CONCURRENCY
_pool = ThreadPoolExecutor(_slots, thread_name_prefix="argon2")


def bound_concurrency(workers: int) -> None:
    """Set how many hashes may run at once (the app calls it at start-up)."""
    global _pool, _slots
    if workers != _slots:
        old, _slots = _pool, workers
        _pool = ThreadPoolExecutor(workers, thread_name_prefix="argon2")
        old.shutdown(wait=False)


def hash_slots() -> int:
    return _slots


async def _in_pool(function: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_pool, function, *args)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """zxcvbn's bundled list of the most used passwords, lower-cased."""
    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def _personal_values(email: str | None, display_name: str | None) -> set[str]:
    values: set[str] = set()
    if email:
        email = email.strip().casefold()
        values |= {email, email.split("@", 1)[0]}
    if display_name:
        name = display_name.strip().casefold()
        values |= {name, name.replace(" ", "")}
    return {v for v in values if v}


def check_strength(password: str, *, email: str | None = None, name: str | None = None) -> None:
    """Raise :class:`WeakPassword` with the reason a person can act on."""
    if len(password) < MIN_LENGTH or len(password) > MAX_LENGTH:
        raise WeakPassword(
            f"La contraseña debe tener entre {MIN_LENGTH} y {MAX_LENGTH} caracteres.",
            details={"reason": "length", "min_length": MIN_LENGTH, "max_length": MAX_LENGTH},
        )
    folded = password.casefold()
    if folded in common_passwords():
        raise WeakPassword(
            "Esa contraseña es de las más usadas y fácil de adivinar; elige otra.",
            details={"reason": "common"},
        )
    if folded in _personal_values(email, name):
        raise WeakPassword(
            "La contraseña no puede ser tu correo ni tu nombre.",
            details={"reason": "personal"},
        )


def temporary_password() -> str:
    """A random one-time password for a new staff account (about 96 bits)."""
    return secrets.token_urlsafe(12)


async def hash_password(password: str) -> str:
    return await _in_pool(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-cost check; a missing hash still pays for one verification."""
    return await _in_pool(_verify, password_hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
