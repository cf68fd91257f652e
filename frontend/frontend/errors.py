"""Error pages in the visitor's language, never a traceback."""

import logging

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response

from frontend.gateway import ApiError, GatewayUnavailable
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.security import CsrfRejected

log = logging.getLogger(__name__)


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    context = {"title": title, "message": message}
    return page(request, "error.html", context, status_code=status)


def csrf_page(request: Request) -> HTMLResponse:
    return error_page(
        request,
        403,
        _("El formulario caducó"),
        _(
            "Por seguridad no enviamos el formulario. Regresa, recarga la página e inténtalo de nuevo."  # noqa: E501
        ),
    )


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, exc: CsrfRejected) -> HTMLResponse:
        return csrf_page(request)

    @app.exception_handler(GatewayUnavailable)
    async def unavailable(request: Request, exc: GatewayUnavailable) -> HTMLResponse:
        log.warning("gateway unavailable", extra={"reason": str(exc)})
        return error_page(
            request,
            503,
            _("Por el momento no podemos mostrar la información"),
            _(
                "No logramos comunicarnos con el servicio de datos de Cocrea. Vuelve a intentarlo en unos minutos."  # noqa: E501
            ),
        )

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        if exc.code == "password_change_required":
            return see_other("/cuenta/contrasena")  # a temporary password opens nothing else
        if exc.status == 404:
            return error_page(request, 404, _("No encontramos esta página"), exc.message)
        if exc.status in (401, 403):
            return error_page(request, exc.status, _("No tienes acceso a esta página"), exc.message)
        return error_page(request, exc.status, _("No pudimos completar la operación"), exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> HTMLResponse:
        if exc.status_code == 404:
            message = _("La dirección no existe o cambió. Vuelve a la portada.")
            return error_page(request, 404, _("No encontramos esta página"), message)
        return error_page(request, exc.status_code, _("Algo salió mal"), str(exc.detail))
