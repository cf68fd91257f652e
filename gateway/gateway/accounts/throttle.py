"""Counters of failed attempts (login, client credentials) on the app's rate limiter.

Only failures are counted. While a counter is spent every attempt is refused up front,
before any secret is checked, so a correct guess cannot be told apart from a wrong one
during the lockout.
"""

import time

from limits import parse

from kit.errors import RateLimited
from kit.ratelimit import RateLimiter

THROTTLED = "Demasiados intentos fallidos. Espera un momento antes de volver a intentarlo."
Counter = tuple[str, str, str]  # (rule such as "5/15 minutes", namespace, key)


async def refuse_if_throttled(limiter: RateLimiter, counters: list[Counter]) -> None:
    """429 with Retry-After while any of the counters is spent."""
    for rule, *key in counters:
        if not await limiter.peek(rule, *key):
            reset_at, _ = await limiter.strategy.get_window_stats(parse(rule), *key)
            raise RateLimited(retry_after=int(reset_at - time.time()) + 1, message=THROTTLED)


async def count_failure(limiter: RateLimiter, counters: list[Counter]) -> None:
    for rule, *key in counters:
        try:
            await limiter.check(rule, *key)
        except RateLimited:
            pass  # already spent: the next attempt is refused up front


async def forget(limiter: RateLimiter, counter: Counter) -> None:
    rule, *key = counter
    await limiter.clear(rule, *key)
