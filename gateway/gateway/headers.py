"""Headers on the gateway's own answers: tokens and personal data are never stored by a
browser or a shared cache (``Cache-Control: no-store`` unless the route chose otherwise,
as the JWKS does), and over HTTPS the browser is told to stay on HTTPS (HSTS)."""

from typing import Any

HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
NO_STORE = (b"cache-control", b"no-store")
OWN_PREFIX = "/api/v1/auth/"


class OwnRoutesHeaders:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        own = scope.get("path", "").startswith(OWN_PREFIX)
        secure = scope.get("scheme") == "https"

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if own and b"cache-control" not in names:
                    headers.append(NO_STORE)
                if secure:
                    headers.append(HSTS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
