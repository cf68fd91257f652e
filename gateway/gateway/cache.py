"""A micro-cache of public answers in the gateway.

A GET without credentials whose answer the service marked ``Cache-Control: public,
max-age=N`` is kept for at most ``GATEWAY_PUBLIC_CACHE_SECONDS`` (default 1 s), so a burst
of readers of the same dashboard costs the service one request per second, and a
revalidation (``If-None-Match`` equal to the kept ETag) is answered 304 here. Only small
bodies are kept, the number of entries is bounded, and 0 seconds turns it off.
"""

import re
import time
from collections import OrderedDict
from dataclasses import dataclass

_MAX_AGE = re.compile(r"max-age=(\d+)")


@dataclass(frozen=True)
class Kept:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes | None
    expires: float


class PublicCache:
    def __init__(self, seconds: float, max_entries: int = 2000) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: OrderedDict[str, Kept] = OrderedDict()

    @staticmethod
    def key_for(scope: dict, headers: dict[bytes, bytes]) -> str | None:
        """The cache key of a request, or None when it must not be served from the cache."""
        if scope["method"] != "GET" or b"authorization" in headers or b"cookie" in headers:
            return None
        query = scope.get("query_string", b"").decode("latin-1")
        return f"{scope['path']}?{query}"

    def get(self, key: str) -> Kept | None:
        kept = self._entries.get(key)
        if kept is None:
            return None
        if kept.expires < time.monotonic():
            del self._entries[key]
            return None
        return kept

    def put(self, key: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if self.seconds <= 0 or status != 200:
            return
        values = {k.lower(): v for k, v in headers}
        control = values.get(b"cache-control", b"").decode("latin-1").lower()
        match = _MAX_AGE.search(control)
        if "public" not in control or "no-store" in control or not match:
            return
        ttl = min(self.seconds, int(match.group(1)))
        if ttl <= 0:
            return
        self._entries[key] = Kept(
            status, headers, body, values.get(b"etag"), time.monotonic() + ttl
        )
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


def etag_matches(if_none_match: bytes | None, etag: bytes | None) -> bool:
    if not if_none_match or not etag:
        return False
    wanted = {t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")}
    return etag.removeprefix(b"W/") in wanted or b"*" in wanted
