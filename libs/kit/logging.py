"""Structured JSON logs with the request id the gateway creates.

The id travels in ``X-Request-ID``; every log line written while a request is handled
carries it, so one citizen's request can be followed through gateway and services.
"""

import json
import logging
import sys
import time
import uuid
from contextvars import ContextVar
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
service_var: ContextVar[str | None] = ContextVar("service", default=None)
REQUEST_ID_HEADER = "x-request-id"
_SERVICE = {"name": "cocrea"}
access_log = logging.getLogger("kit.access")


class JsonFormatter(logging.Formatter):
    RESERVED = set(vars(logging.makeLogRecord({})))

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "service": service_var.get() or _SERVICE["name"],
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        for key, value in vars(record).items():
            if key not in self.RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(service: str, level: str = "INFO") -> None:
    _SERVICE["name"] = service
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = name != "uvicorn.access"


def _valid_request_id(value: str | None) -> bool:
    return bool(value) and len(value) <= 64 and value.replace("-", "").isalnum()


class RequestIdMiddleware:
    """Pure ASGI middleware: sets the request id and writes one access line per request.

    ``trust_incoming`` is True in services (the id comes from the gateway) and False in the
    gateway, which always creates a fresh id.
    """

    def __init__(
        self, app: Any, *, service: str, trust_incoming: bool = True, access: bool = True
    ) -> None:
        self.app = app
        self.service = service
        self.trust_incoming = trust_incoming
        self.access = access

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        if self.trust_incoming:
            for key, value in scope["headers"]:
                if key == b"x-request-id":
                    incoming = value.decode("latin-1")
                    break
        request_id = incoming if _valid_request_id(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        service_token = service_var.set(self.service)
        started = time.perf_counter()
        status = {"code": 500}

        async def _send(message: dict) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = [h for h in message.get("headers", []) if h[0] != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            if self.access:
                access_log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status["code"],
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            request_id_var.reset(token)
            service_var.reset(service_token)
