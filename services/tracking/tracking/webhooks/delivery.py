"""Webhook deliveries go to the address that was checked (no DNS rebinding).

Checking that a name resolves to public addresses and then letting the HTTP client resolve
it again when connecting leaves a gap: a name whose answer changes between the two lookups
(public at the check, ``127.0.0.1`` or ``10.x`` at the connection) reaches internal
services. So each delivery resolves the host once (:func:`targets.pin`), requires every
answer to be public, and connects to that pinned address: the URL's host is replaced by
the address while the ``Host`` header, TLS SNI and certificate verification keep the
original name (httpcore's ``sni_hostname`` extension). Redirects are not followed, and
every delivery has its own connection, so no connection made for one name serves another.
"""

import ssl
from collections.abc import Awaitable, Callable
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

import httpx

from tracking.webhooks import targets
from tracking.webhooks.service import FRAGMENT

Poster = Callable[[str, bytes, dict[str, str], float], Awaitable[httpx.Response | str | None]]


@lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def pinned_url(url: str, address: str) -> tuple[str, str]:
    """``url`` with its host replaced by ``address``, and the ``Host`` header to send."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port is not None else ""
    literal = f"[{address}]" if ":" in address else address
    shown = f"[{host}]" if ":" in host else host
    return urlunsplit(parts._replace(netloc=literal + port)), shown + port


def webhook_poster(
    *, allow_private: bool, transport: httpx.AsyncBaseTransport | None = None
) -> Poster:
    """For ``OutboxRelay.destination_post``: delivers webhook destinations pinned to the
    checked address (None for the services' own destinations, which are configuration).
    ``transport`` replaces the network in tests."""

    async def post(
        destination: str, body: bytes, headers: dict[str, str], seconds: float
    ) -> httpx.Response | str | None:
        if FRAGMENT not in destination:
            return None
        url = destination.split(FRAGMENT, 1)[0]
        address, refused = await targets.pin(url, allow_private=allow_private)
        if address is None:
            return f"webhook target refused: {refused}"
        target, host_header = pinned_url(url, address)
        extensions = {"sni_hostname": urlsplit(url).hostname} if url.startswith("https:") else {}
        client = httpx.AsyncClient(
            transport=transport
            or httpx.AsyncHTTPTransport(
                verify=_tls(), limits=httpx.Limits(max_keepalive_connections=0), retries=0
            ),
            follow_redirects=False,
            trust_env=False,
        )
        try:
            return await client.post(
                target,
                content=body,
                headers={**headers, "host": host_header},
                timeout=seconds,
                extensions=extensions,
            )
        finally:
            if transport is None:  # an injected transport belongs to whoever passed it
                await client.aclose()

    return post
