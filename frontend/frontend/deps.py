"""Dependencies of the page handlers, written once."""

from typing import Annotated

from fastapi import Depends, Form, Request

from frontend.config import FrontendSettings
from frontend.gateway import GatewayClient
from frontend.security import CSRF_FIELD, check_csrf


def get_gateway(request: Request) -> GatewayClient:
    return request.app.state.gateway


def get_frontend_settings(request: Request) -> FrontendSettings:
    return request.app.state.settings


def verified_form(
    request: Request, csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = ""
) -> None:
    """Every POST handler depends on this: the form must carry this browser's CSRF token."""
    check_csrf(request, csrf_token)


GatewayDep = Annotated[GatewayClient, Depends(get_gateway)]
SettingsDep = Annotated[FrontendSettings, Depends(get_frontend_settings)]
CsrfChecked = Depends(verified_form)
