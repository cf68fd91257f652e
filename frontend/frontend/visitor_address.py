"""The visitor's address, vouched for to the gateway on every call the website makes.

The website calls the gateway from its own server, so without this every visitor would
share the website's address and the gateway's per-address limits (failed logins,
registrations, code attempts) would be limits for the whole site: strangers could lock
everybody out. The address is taken from the connection, past the proxies of
``FRONTEND_TRUSTED_PROXIES`` (the TLS proxy), and sent as ``X-Cocrea-Client-Address`` signed
with ``FRONTEND_CLIENT_ADDRESS_SECRET`` (the gateway's ``GATEWAY_CLIENT_ADDRESS_SECRET``):
the gateway believes it only with a valid, fresh signature (:mod:`kit.forwarding`).
"""

from contextvars import ContextVar
from typing import Any

import httpx

from frontend.config import FrontendSettings
from kit.forwarding import CLIENT_ADDRESS_HEADER, client_address, networks, sign

visitor_address: ContextVar[str | None] = ContextVar("visitor_address", default=None)


class VisitorAddressMiddleware:
    """Resolves the visitor's address once per request (pure ASGI, so the context
    variable reaches the handler and every gateway call it makes)."""

    def __init__(self, app: Any, settings: FrontendSettings) -> None:
        self.app = app
        self.trusted = networks(settings.trusted_proxies)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            peer, port = scope.get("client") or ("", 0)
            forwarded = ",".join(
                v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"
            )
            address = client_address(peer, forwarded, self.trusted)
            scope["client"] = (address, port)
            visitor_address.set(address or None)
        await self.app(scope, receive, send)


def signing_hook(secret: str | None) -> list[Any]:
    """The httpx request hooks of the gateway client: none without a secret (dev)."""
    if not secret:
        return []

    async def vouch(request: httpx.Request) -> None:
        address = visitor_address.get()
        if address:
            request.headers[CLIENT_ADDRESS_HEADER] = sign(secret, address)

    return [vouch]
