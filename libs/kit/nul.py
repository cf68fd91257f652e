"""Refuse NUL bytes in requests, before any handler or database sees them.

PostgreSQL cannot store U+0000 in text: a NUL that reaches it is a 500 (and the failed
statement's parameters reach the log). One ASGI middleware answers 422 ``validation_error``
(details ``{"reason": "nul_character"}``) in the one error shape when the path, the query
string or a JSON / form body carries one. Other bodies (file uploads) are binary and are
checked by the code that reads them.
"""

from typing import Any

from kit.errors import Unprocessable, send_error

RAW, JSON_ESCAPE, PERCENT = b"\x00", b"\\u0000", b"%00"
# The forms a NUL takes in each kind of body checked (JSON escapes are case-insensitive).
CHECKED_BODIES = {
    b"application/json": (RAW, JSON_ESCAPE),
    b"application/x-www-form-urlencoded": (RAW, PERCENT),
}


class NulCharacters(Unprocessable):
    message = "El texto contiene un carácter no permitido (NUL); quítalo e inténtalo de nuevo."

    def __init__(self) -> None:
        super().__init__(details={"reason": "nul_character"})


def _has_nul(data: bytes, forms: tuple[bytes, ...] = (RAW, PERCENT)) -> bool:
    lowered = data.lower()
    return any(form in lowered for form in forms)


class RefuseNulBytes:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope.get("path", "") or _has_nul(scope.get("query_string", b"")):
            await send_error(send, NulCharacters())
            return
        content_type = dict(scope["headers"]).get(b"content-type", b"").lower()
        media_type = content_type.split(b";", 1)[0].strip()
        forms = CHECKED_BODIES.get(media_type)
        if forms is None:
            await self.app(scope, receive, send)
            return
        messages, body = [], b""
        while True:  # these bodies are parsed whole by the framework anyway
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        if _has_nul(body, forms):
            await send_error(send, NulCharacters())
            return

        async def replay() -> dict[str, Any]:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
