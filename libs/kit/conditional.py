"""Conditional GETs for public reads: an ETag derived from a data version, 304 on a match,
and the rendered JSON kept in a small in-process LRU keyed by that same version.

The service decides what the version is (tracking: a plan's change counter; roadmaps: a
``kit.freshness`` scope) and how long clients may keep the answer (``max_age``)."""

import hashlib
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from fastapi import Request, Response

from kit.body_etag import if_none_match


class LruMap:
    """A bounded LRU mapping: the least recently used key goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


class JsonCache(LruMap):
    """Bounded LRU of rendered bodies; a new data version simply misses."""


def etag_for(*parts: Any) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=10).hexdigest()
    return f'W/"{digest}"'


def matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    return if_none_match(header.encode("latin-1") if header else None, etag.encode("latin-1"))


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def render(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_plain).encode()


async def conditional_json(
    request: Request,
    *,
    etag: str,
    cache_key: Any,
    build: Callable[[], Awaitable[Any]],
    cache: JsonCache,
    max_age: int,
    private: bool = False,
    media_type: str = "application/json",
) -> Response:
    """304 when the client holds ``etag``; else the cached body, else ``build()``.
    ``cache_key=None`` computes without keeping anything. ``private``: an answer that
    depends on who asks (a shared cache must not keep it)."""
    headers = {
        "ETag": etag,
        "Cache-Control": f"{'private' if private else 'public'}, max-age={max_age}",
    }
    if matches(request, etag):
        return Response(status_code=304, headers=headers)
    body = cache.get(cache_key) if cache_key is not None else None
    if body is None:
        value = await build()
        body = value if isinstance(value, bytes) else render(value)
        if cache_key is not None:
            cache.put(cache_key, body)
    return Response(body, media_type=media_type, headers=headers)
