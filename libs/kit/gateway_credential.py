"""The gateway's credential: services answer only requests the gateway forwarded.

A valid user token is not enough to call a service: any pod of the cluster could present
one and skip the gateway's session cutoffs, rate limits and route table. The gateway adds
``X-Cocrea-Gateway: t=<unix seconds>,v1=<hex HMAC-SHA256>`` to every proxied request, over
``"<t>.<METHOD>.<path>?<query>"`` with the secret it shares with *that* service only
(``GATEWAY_SERVICE_SECRETS``, ``<SERVICE>_GATEWAY_SECRET``): a credential for one service
is worthless at another, and it goes stale after :data:`TOLERANCE_SECONDS`.

:class:`GatewayCredentialMiddleware` (pure ASGI, outermost but for metrics and request ids)
refuses every other request with 401, except ``/healthz``, ``/metrics`` (its own token),
``/openapi.json`` (public: the gateway merges it) and ``/internal/`` (event deliveries carry
their own signature, kit.event_signing).
"""

import hashlib
import hmac
import time
from typing import Any

from kit.errors import Unauthorized, send_error
from kit.signing import parse_header

CREDENTIAL_HEADER = "X-Cocrea-Gateway"
_HEADER_KEY = CREDENTIAL_HEADER.lower().encode()
TOLERANCE_SECONDS = 60
OPEN_PATHS = ("/healthz", "/metrics", "/openapi.json")
OPEN_PREFIXES = ("/internal/",)


def _mac(secret: str, timestamp: int, method: str, target: str) -> str:
    message = f"{timestamp}.{method.upper()}.{target}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _target(path: str, query: bytes | str) -> str:
    query = query.decode("latin-1") if isinstance(query, bytes) else query
    return f"{path}?{query}" if query else path


def credential(
    secret: str, method: str, path: str, query: bytes | str = b"", timestamp: int | None = None
) -> str:
    """The header value for one request to one service (``path`` as the service sees it)."""
    ts = int(time.time()) if timestamp is None else timestamp
    return f"t={ts},v1={_mac(secret, ts, method, _target(path, query))}"


def valid(secret: str, method: str, path: str, query: bytes | str, header: str | None) -> bool:
    parsed = parse_header(header)
    if parsed is None:
        return False
    ts, given = parsed
    if abs(time.time() - ts) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(_mac(secret, ts, method, _target(path, query)), given)


class GatewayCredentialMiddleware:
    def __init__(self, app: Any, *, secret: str) -> None:
        self.app = app
        self.secret = secret

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or _open(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        header = None
        for key, value in scope["headers"]:
            if key == _HEADER_KEY:
                header = value.decode("latin-1")
                break
        if not valid(
            self.secret, scope["method"], scope["path"], scope.get("query_string", b""), header
        ):
            await send_error(
                send,
                Unauthorized(
                    "Este servicio solo atiende solicitudes que llegan por el gateway.",
                    code="gateway_credential_required",
                ),
            )
            return
        await self.app(scope, receive, send)


def _open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)
