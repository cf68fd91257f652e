"""Rate limits on top of the ``limits`` library: in memory in dev, in Redis when configured.

The strategy is the sliding window counter: two counters per caller and rule (this window
and the previous one, weighted by how much of it is still inside the last period), so the
cost of a hit does not grow with the hits already counted. The moving window kept one
entry per hit and its in-memory storage pruned them with a thread hop per caller, which
took a fifth of the gateway's CPU under a vote flood (docs/PERFORMANCE.md).
"""

import time
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string

from kit.errors import RateLimited


class RateLimiter:
    def __init__(self, redis_url: str | None = None) -> None:
        storage: Storage
        if redis_url:
            uri = "async+" + redis_url if not redis_url.startswith("async+") else redis_url
            storage = storage_from_string(uri, implementation="redispy")
        else:
            storage = MemoryStorage()
        self.storage = storage
        self.strategy = SlidingWindowCounterRateLimiter(storage)

    async def check(self, rule: str, *key: str, message: str | None = None) -> None:
        """Count one hit for ``key`` under ``rule`` (e.g. ``"5/minute"``); 429 when over."""
        item = _parse(rule)
        if await self.strategy.hit(item, *key):
            return
        reset_at, _remaining = await self.strategy.get_window_stats(item, *key)
        raise RateLimited(retry_after=int(reset_at - time.time()) + 1, message=message)

    async def peek(self, rule: str, *key: str) -> bool:
        """True while ``key`` still has room under ``rule`` (no hit is counted)."""
        return await self.strategy.test(_parse(rule), *key)

    async def clear(self, rule: str, *key: str) -> None:
        await self.strategy.clear(_parse(rule), *key)


@lru_cache(maxsize=256)
def _parse(rule: str) -> RateLimitItem:
    """The rules are a handful of strings from settings and the route table."""
    return parse(rule)
