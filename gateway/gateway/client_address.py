"""The caller's real address, put where every limit reads it (``scope["client"]``).

Two sources are believed, nothing else: the website's signed header
(``X-Cocrea-Client-Address``, :mod:`kit.forwarding`) and ``X-Forwarded-For`` written by a
proxy of ``GATEWAY_TRUSTED_PROXIES``. uvicorn's own proxy-header handling is off
(infra/serve.py), so this is the one place that decides. The signed header is removed
here: no service behind the gateway ever sees one it could replay.
"""

import logging
from typing import Any

from gateway.config import GatewaySettings
from kit.forwarding import CLIENT_ADDRESS_HEADER, client_address, is_trusted, networks, verify

log = logging.getLogger("gateway.client_address")
_SIGNED = CLIENT_ADDRESS_HEADER.lower().encode()


class ClientAddressMiddleware:
    def __init__(self, app: Any, settings: GatewaySettings) -> None:
        self.app = app
        self.secret = settings.client_address_secret
        self.trusted = networks(settings.trusted_proxies)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            self._resolve(scope)
        await self.app(scope, receive, send)

    def _resolve(self, scope: dict[str, Any]) -> None:
        signed: str | None = None
        forwarded: list[str] = []
        proto: str | None = None
        kept = []
        for name, value in scope["headers"]:
            if name == _SIGNED:
                signed = value.decode("latin-1")
                continue
            if name == b"x-forwarded-for":
                forwarded.append(value.decode("latin-1"))
            elif name == b"x-forwarded-proto":
                proto = value.decode("latin-1").split(",")[0].strip().lower()
            kept.append((name, value))
        peer, port = scope.get("client") or ("", 0)
        address = verify(self.secret, signed) if signed is not None else None
        if signed is not None:
            scope["headers"] = kept
            if address is None:
                log.warning("client address header with a bad or stale signature from %s", peer)
        if address is None:
            address = client_address(peer, ",".join(forwarded), self.trusted)
        if address != peer:
            scope["client"] = (address, port)
        if proto in ("http", "https") and is_trusted(peer, self.trusted):
            scope["scheme"] = proto  # a trusted proxy terminated TLS
