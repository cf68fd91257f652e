"""Rate limits on top of the ``limits`` library: in memory in dev, in Redis when configured.

The strategy is the moving window: a caller gets at most N hits in any period, exactly
(the sliding window counter, an approximation, let a burst across a window boundary
through with a few more). In Redis it is the library's storage. In memory it is
:class:`LeanMemoryStorage`: the library's own keeps one entry per hit and prunes them in a
background task with a thread hop per caller, which took a fifth of the gateway's CPU
under a vote flood (docs/PERFORMANCE.md); this one prunes a caller's hits when the caller
comes back, and forgets idle callers now and then, all without leaving the event loop.
"""

import time
from collections import deque
from dataclasses import dataclass
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.aio.storage import MovingWindowSupport, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from redis.asyncio import BlockingConnectionPool

from kit.errors import RateLimited

SWEEP_EVERY = 4096  # hits between two passes over the idle callers
REDIS_CONNECTIONS, REDIS_WAIT_SECONDS = 100, 5.0


class LeanMemoryStorage(Storage, MovingWindowSupport):
    """The moving window in process memory: per key, the times of its hits still inside
    the period, oldest first. Every method runs without an ``await``, so concurrent
    requests on one event loop cannot both take the last place."""

    STORAGE_SCHEME = ["cocrea-memory"]

    def __init__(self) -> None:
        super().__init__()
        self._hits: dict[str, tuple[deque[float], int]] = {}  # key -> (times, period)
        self._until_sweep = SWEEP_EVERY

    @property
    def base_exceptions(self) -> type[Exception]:
        return ValueError

    @staticmethod
    def _prune(times: deque[float], expiry: int, now: float) -> deque[float]:
        while times and times[0] <= now - expiry:
            times.popleft()
        return times

    async def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        now = time.time()
        self._until_sweep -= 1
        if self._until_sweep <= 0:
            self._sweep(now)
        times, _ = self._hits.setdefault(key, (deque(), expiry))
        if len(self._prune(times, expiry, now)) + amount > limit:
            return False
        times.extend([now] * amount)
        return True

    async def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = time.time()
        times = self._prune(self._hits.get(key, (deque(), expiry))[0], expiry, now)
        return (times[0], len(times)) if times else (now, 0)

    def _sweep(self, now: float) -> None:
        self._until_sweep = SWEEP_EVERY
        idle = [
            k for k, (times, period) in self._hits.items() if not times or times[-1] <= now - period
        ]
        for key in idle:
            del self._hits[key]

    async def clear(self, key: str) -> None:
        self._hits.pop(key, None)

    def release(self, key: str) -> None:
        """Give back the newest hit of ``key`` (see :meth:`RateLimiter.refund`)."""
        entry = self._hits.get(key)
        if entry and entry[0]:
            entry[0].pop()

    async def reset(self) -> int | None:
        count = len(self._hits)
        self._hits.clear()
        return count

    async def check(self) -> bool:
        return True

    # Counter operations: not used by the moving window, required by the base class.
    async def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        raise NotImplementedError("LeanMemoryStorage serves the moving window only")

    async def get(self, key: str) -> int:
        raise NotImplementedError("LeanMemoryStorage serves the moving window only")

    async def get_expiry(self, key: str) -> float:
        raise NotImplementedError("LeanMemoryStorage serves the moving window only")


@dataclass(frozen=True)
class Quota:
    """What a caller has left under one limit, as the standard ``RateLimit-*`` headers
    say it (IETF httpapi-ratelimit-headers): places in the window, places left, and
    seconds until a place frees up."""

    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(0, self.remaining)),
            "RateLimit-Reset": str(self.reset),
        }


class RateLimiter:
    def __init__(self, redis_url: str | None = None) -> None:
        storage: Storage
        if redis_url:
            plain = redis_url.removeprefix("async+")
            # A blocking pool: under a burst, a check waits for a free connection instead of
            # failing with "Too many connections" (redis-py's default pool stops at 100).
            pool = BlockingConnectionPool.from_url(
                plain, max_connections=REDIS_CONNECTIONS, timeout=REDIS_WAIT_SECONDS
            )
            storage = storage_from_string(
                "async+" + plain, implementation="redispy", connection_pool=pool
            )
        else:
            storage = LeanMemoryStorage()
        self.storage = storage
        self.strategy = MovingWindowRateLimiter(storage)

    async def check(self, rule: str, *key: str, message: str | None = None) -> None:
        """Count one hit for ``key`` under ``rule`` (e.g. ``"5/minute"``); 429 when over."""
        item = _parse(rule)
        if await self.strategy.hit(item, *key):
            return
        reset_at, _remaining = await self.strategy.get_window_stats(item, *key)
        raise RateLimited(retry_after=int(reset_at - time.time()) + 1, message=message)

    async def hit(self, rule: str, *key: str, message: str | None = None) -> Quota:
        """Like :meth:`check`, and say what is left: the quota for the ``RateLimit-*``
        headers; the 429 carries them too (with ``Retry-After``)."""
        item = _parse(rule)
        allowed = await self.strategy.hit(item, *key)
        reset_at, remaining = await self.strategy.get_window_stats(item, *key)
        reset = max(1, int(reset_at - time.time()) + 1) if reset_at > time.time() else 0
        quota = Quota(limit=item.amount, remaining=remaining, reset=reset)
        if allowed:
            return quota
        exc = RateLimited(retry_after=reset, message=message)
        exc.headers = {**quota.headers(), **(exc.headers or {})}
        raise exc

    async def reserve(self, rule: str, *key: str, message: str | None = None) -> None:
        """Take one place under ``rule`` now, before the expensive work it guards; 429 when
        none is left. Taking it is one atomic step (no ``await`` in memory, one Lua script
        in Redis), so N concurrent callers can never all pass a limit smaller than N, as
        a check-then-count would let them. Give it back with :meth:`refund` when the
        attempt turns out not to count (a login that succeeded)."""
        await self.check(rule, *key, message=message)

    async def refund(self, rule: str, *key: str) -> None:
        """Give back one place taken by :meth:`reserve` (the newest entry of the window)."""
        storage_key = _parse(rule).key_for(*key)
        if isinstance(self.storage, LeanMemoryStorage):
            self.storage.release(storage_key)
            return
        bridge = self.storage.bridge  # type: ignore[attr-defined]
        await bridge.get_connection().lpop(bridge.prefixed_key(storage_key))

    async def peek(self, rule: str, *key: str) -> bool:
        """True while ``key`` still has room under ``rule`` (no hit is counted)."""
        return await self.strategy.test(_parse(rule), *key)

    async def clear(self, rule: str, *key: str) -> None:
        await self.strategy.clear(_parse(rule), *key)


@lru_cache(maxsize=256)
def _parse(rule: str) -> RateLimitItem:
    """The rules are a handful of strings from settings and the route table."""
    return parse(rule)
