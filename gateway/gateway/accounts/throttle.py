"""Counters of attempts (logins, client credentials, password re-checks, registrations)
on the app's rate limiter, reserved before the slow work they guard.

Each attempt takes its places on every counter up front, atomically
(:meth:`kit.ratelimit.RateLimiter.reserve`), and only then checks the secret: a burst of N
concurrent guesses can never pass a limit smaller than N. Afterwards the places are kept or
given back, depending on how the attempt ended (a failed login keeps them, a successful
one gives them back). While a counter is spent every attempt is refused before any secret
is checked, so a correct guess cannot be told apart from a wrong one.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from kit.errors import RateLimited
from kit.ratelimit import RateLimiter

THROTTLED = "Demasiados intentos fallidos. Espera un momento antes de volver a intentarlo."
Counter = tuple[str, str, str]  # (rule such as "5/15 minutes", namespace, key)
Keep = Callable[[BaseException | None], bool]  # how the attempt ended -> does it count


def failures_of(*errors: type[BaseException]) -> Keep:
    """Count the attempt only when it ended with one of ``errors`` (a wrong secret)."""
    return lambda raised: isinstance(raised, errors)


def successes(raised: BaseException | None) -> bool:
    """Count the attempt only when it succeeded (an account was created)."""
    return raised is None


@asynccontextmanager
async def reserved(
    limiter: RateLimiter, counters: list[Counter], keep: Keep, message: str = THROTTLED
) -> AsyncIterator[None]:
    """Reserve a place on each counter (429 with Retry-After when one is spent), run the
    block, then keep the places when ``keep(exception or None)`` says so, else refund."""
    taken: list[Counter] = []
    try:
        for rule, *key in counters:
            await limiter.reserve(rule, *key, message=message)
            taken.append((rule, *key))
    except RateLimited:
        await _refund(limiter, taken)
        raise
    try:
        yield
    except BaseException as raised:
        if not keep(raised):
            await _refund(limiter, taken)
        raise
    if not keep(None):
        await _refund(limiter, taken)


async def _refund(limiter: RateLimiter, counters: list[Counter]) -> None:
    for rule, *key in counters:
        await limiter.refund(rule, *key)


async def forget(limiter: RateLimiter, counters: list[Counter]) -> None:
    for rule, *key in counters:
        await limiter.clear(rule, *key)
