"""Dependency aliases of the accounts routes."""

from typing import Annotated

from fastapi import Depends, Request

from gateway.accounts.errors import NotAPerson
from gateway.accounts.mail import FileMailer
from gateway.config import GatewaySettings
from kit.auth import CurrentPrincipal, require_roles
from kit.db import Database
from kit.ratelimit import RateLimiter
from kit.tokens import Principal, TokenSigner


def _settings(request: Request) -> GatewaySettings:
    return request.app.state.settings


def _database(request: Request) -> Database:
    return request.app.state.db


def _limiter(request: Request) -> RateLimiter:
    return request.app.state.limiter


def _signer(request: Request) -> TokenSigner:
    return request.app.state.keyring.signer


def mailer(request: Request) -> FileMailer:
    """The app's mailer, attached to its database on first use (sends after commit)."""
    state = request.app.state
    current = getattr(state, "mailer", None)
    if current is None:
        current = FileMailer(state.settings.mail_dir)
        current.attach(state.db)
        state.mailer = current
    return current


def _client_ip(request: Request) -> str:
    # Behind the ingress, uvicorn's --proxy-headers puts the real address here.
    return request.client.host if request.client else "unknown"


async def _person(principal: CurrentPrincipal) -> Principal:
    if principal.is_client:
        raise NotAPerson()
    return principal


SettingsDep = Annotated[GatewaySettings, Depends(_settings)]
DatabaseDep = Annotated[Database, Depends(_database)]
LimiterDep = Annotated[RateLimiter, Depends(_limiter)]
SignerDep = Annotated[TokenSigner, Depends(_signer)]
MailerDep = Annotated[FileMailer, Depends(mailer)]
ClientIp = Annotated[str, Depends(_client_ip)]
CurrentPerson = Annotated[Principal, Depends(_person)]
Admin = Annotated[Principal, require_roles("admin")]
