"""The one error shape: ``{"error": {"code", "message", "details"}}``.

Business code raises :class:`AppError` subclasses; one set of handlers renders them, the
request-validation errors, unknown routes and unexpected failures in the same shape.
Messages are Spanish because citizens read them; codes are stable English snake_case.
"""

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("kit.errors")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    """Every 4xx/5xx answer of the platform."""

    error: ErrorBody


RETRY_AFTER_UNAVAILABLE = 10  # seconds, on every 503 answer


class AppError(Exception):
    status_code = 400
    code = "bad_request"
    message = "La solicitud no es válida."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.details = details
        if self.status_code == 503:  # unavailable: say when to come back
            headers = {"Retry-After": str(RETRY_AFTER_UNAVAILABLE), **(headers or {})}
        self.headers = headers
        super().__init__(self.message)


class Unauthorized(AppError):
    status_code = 401
    code = "not_authenticated"
    message = "Necesitas iniciar sesión."

    def __init__(self, message: str | None = None, **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(message, **kw)


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"
    message = "No tienes permiso para realizar esta acción."


class NotFound(AppError):
    status_code = 404
    code = "not_found"
    message = "No encontramos lo que buscas."


class Conflict(AppError):
    status_code = 409
    code = "conflict"
    message = "La acción entra en conflicto con el estado actual."


class PreconditionFailed(AppError):
    status_code = 412
    code = "precondition_failed"
    message = "Alguien guardó cambios antes que tú; revisa la versión actual."


class PayloadTooLarge(AppError):
    status_code = 413
    code = "payload_too_large"
    message = "El contenido enviado es demasiado grande."


class Unprocessable(AppError):
    status_code = 422
    code = "validation_error"
    message = "Los datos enviados no son válidos."


class PreconditionRequired(AppError):
    status_code = 428
    code = "precondition_required"
    message = "Falta el encabezado If-Match con la versión que editas."


class RateLimited(AppError):
    status_code = 429
    code = "rate_limited"
    message = "Demasiados intentos. Espera un momento y vuelve a intentarlo."

    def __init__(self, retry_after: int, message: str | None = None, **kw: Any) -> None:
        retry_after = max(1, int(retry_after))
        kw["headers"] = {"Retry-After": str(retry_after)}
        kw.setdefault("details", {"retry_after": retry_after})
        super().__init__(message, **kw)


class BadGateway(AppError):
    status_code = 502
    code = "bad_gateway"
    message = "El servicio respondió de forma inesperada. Intenta de nuevo."


class ServiceUnavailable(AppError):
    status_code = 503
    code = "service_unavailable"
    message = "El servicio no está disponible en este momento. Intenta más tarde."


class GatewayTimeout(AppError):
    status_code = 504
    code = "gateway_timeout"
    message = "El servicio tardó demasiado en responder. Intenta de nuevo."


_STATUS_CODES = {
    400: ("bad_request", "La solicitud no es válida."),
    401: ("not_authenticated", "Necesitas iniciar sesión."),
    403: ("forbidden", "No tienes permiso para realizar esta acción."),
    404: ("not_found", "No encontramos lo que buscas."),
    405: ("method_not_allowed", "Ese método no está permitido aquí."),
    413: ("payload_too_large", "El contenido enviado es demasiado grande."),
    415: ("unsupported_media_type", "El tipo de contenido no es aceptado."),
}


def error_json(
    status_code: int, code: str, message: str, details: Any = None, headers=None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details}}
    return JSONResponse(body, status_code=status_code, headers=headers)


def _clean_validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        out.append(
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
                "type": err.get("type"),
                "message": err.get("msg"),
            }
        )
    return out


async def _app_error(_: Request, exc: AppError) -> JSONResponse:
    return error_json(exc.status_code, exc.code, exc.message, exc.details, exc.headers)


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    details = _clean_validation_errors(exc)
    return error_json(422, "validation_error", "Los datos enviados no son válidos.", details)


async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    code, message = _STATUS_CODES.get(exc.status_code, ("http_error", "La solicitud falló."))
    return error_json(exc.status_code, code, message, None, getattr(exc, "headers", None))


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_json(500, "internal_error", "Ocurrió un error inesperado. Intenta más tarde.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


# For ``responses=`` in route decorators, so OpenAPI documents the error shape.
def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorResponse} for c in codes}


async def send_error(send: Any, exc: AppError) -> None:
    """Answer ``exc`` in the one error shape from plain ASGI code (no framework around it)."""
    body = json.dumps(
        {"error": {"code": exc.code, "message": exc.message, "details": exc.details}},
        ensure_ascii=False,
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in (exc.headers or {}).items()]
    await send({"type": "http.response.start", "status": exc.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
