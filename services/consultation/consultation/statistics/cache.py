"""The statistics of a process, computed at most once per process every few seconds.

A request used to run ~14 aggregate queries over every vote. Here the result is kept per
process (and cell threshold) for ``ttl`` seconds, and concurrent misses of the same key
wait for one computation instead of each running their own (single flight). Keys are only
processes that exist (the route resolves the process first) and the entries are bounded.
"""

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

Stats = dict[str, Any]


class StatisticsCache:
    def __init__(self, ttl: float, max_entries: int = 256) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, tuple[float, Stats]] = OrderedDict()
        self._locks: dict[tuple, asyncio.Lock] = {}

    def _fresh(self, key: tuple) -> Stats | None:
        held = self._entries.get(key)
        if held is None or held[0] < time.monotonic():
            return None
        return held[1]

    async def get(self, key: tuple, compute: Callable[[], Awaitable[Stats]]) -> Stats:
        if self.ttl <= 0:
            return await compute()
        kept = self._fresh(key)
        if kept is not None:
            return kept
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            kept = self._fresh(key)  # another request may have filled it meanwhile
            if kept is None:
                kept = await compute()
                self._entries[key] = (time.monotonic() + self.ttl, kept)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    old, _ = self._entries.popitem(last=False)
                    self._locks.pop(old, None)
        return kept

    def forget(self, process_id: str) -> None:
        """Drop a process's entries (after a change this process made)."""
        for key in [k for k in self._entries if k[0] == process_id]:
            del self._entries[key]
