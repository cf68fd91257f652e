"""Revalidation for every JSON read: an ``ETag`` from the answer's bytes, and 304 on a match.

Routes that know their data's version set their own ``ETag`` (the dashboard, a roadmap
for ``If-Match``) and pass through untouched. Every other successful ``GET`` answering
JSON gets a weak ETag computed from its body, so a client holding the same answer (the
website's revalidating cache, an agency's HTTP cache) receives ``304 Not Modified`` without
the body and without parsing it again. The answer is still computed: this saves the bytes
and the client's work, not the service's.

Answers larger than :data:`MAX_BODY` (open-data files, evidence downloads) and streamed
ones are sent as they come, without an ETag.
"""

import hashlib
from typing import Any

MAX_BODY = 1024 * 1024
_ETAG, _INM = b"etag", b"if-none-match"
_JSON = (b"application/json", b"application/problem+json")
# Headers a 304 keeps (RFC 9110 §15.4.5); the body and its length go.
_KEPT_ON_304 = frozenset({b"cache-control", b"content-location", b"date", b"etag", b"expires",
                          b"vary", b"x-request-id"})  # fmt: skip


def body_etag(body: bytes) -> bytes:
    return b'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def if_none_match(header: bytes | None, etag: bytes) -> bool:
    """Whether an ``If-None-Match`` value names ``etag`` (weak comparison, or ``*``)."""
    if not header:
        return False
    wanted = etag.removeprefix(b"W/")
    return any(
        tag.strip() == b"*" or tag.strip().removeprefix(b"W/") == wanted
        for tag in header.split(b",")
    )


class BodyETagMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        asked = None
        for key, value in scope["headers"]:
            if key == _INM:
                asked = value
                break
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def wrapped(message: dict[str, Any]) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                if message["status"] != 200 or not _json_without_etag(message["headers"]):
                    passing = True
                    await send(message)
                    return
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if message.get("more_body", False) and size <= MAX_BODY:
                chunks.append(chunk)
                return
            if size > MAX_BODY:  # too large to keep: what is held goes out, then the rest
                passing = True
                await send(start)
                held = b"".join(chunks)
                if held:
                    await send({"type": "http.response.body", "body": held, "more_body": True})
                await send(message)
                return
            chunks.append(chunk)
            await _finish(send, start, b"".join(chunks), asked)

        await self.app(scope, receive, wrapped)


def _json_without_etag(headers: list[tuple[bytes, bytes]]) -> bool:
    is_json = False
    for key, value in headers:
        key = key.lower()
        if key == _ETAG:
            return False
        if key == b"content-type" and value.split(b";", 1)[0].strip().lower() in _JSON:
            is_json = True
    return is_json


async def _finish(send: Any, start: dict[str, Any], body: bytes, asked: bytes | None) -> None:
    etag = body_etag(body)
    if if_none_match(asked, etag):
        kept = [(k, v) for k, v in start["headers"] if k.lower() in _KEPT_ON_304]
        headers = [*kept, (_ETAG, etag)]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({**start, "headers": [*start["headers"], (_ETAG, etag)]})
    await send({"type": "http.response.body", "body": body})
