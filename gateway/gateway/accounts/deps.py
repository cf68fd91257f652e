"""Dependency aliases of the accounts routes."""

from typing import Annotated

from fastapi import Depends, Request

from gateway.accounts.errors import NotAPerson
from gateway.config import GatewaySettings
from gateway.mail.transports import MailTransport
from kit.auth import CurrentPrincipal, require_roles
from kit.db import Database
from kit.outbox import OutboxRelay
from kit.ratelimit import RateLimiter
from kit.tokens import Principal, TokenSigner
from reference.roles import COMMITTEE


def _settings(request: Request) -> GatewaySettings:
    return request.app.state.settings


def _database(request: Request) -> Database:
    return request.app.state.db


def _limiter(request: Request) -> RateLimiter:
    return request.app.state.limiter


def _signer(request: Request) -> TokenSigner:
    return request.app.state.keyring.signer


def _mail_transport(request: Request) -> MailTransport:
    return request.app.state.mail_transport


def _mail_relay(request: Request) -> OutboxRelay:
    return request.app.state.mail_relay


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
MailTransportDep = Annotated[MailTransport, Depends(_mail_transport)]
MailRelayDep = Annotated[OutboxRelay, Depends(_mail_relay)]
ClientIp = Annotated[str, Depends(_client_ip)]
CurrentPerson = Annotated[Principal, Depends(_person)]
Admin = Annotated[Principal, require_roles("admin")]
# The Committee builds working groups from the staff directory (it reads, never changes it).
StaffReader = Annotated[Principal, require_roles(COMMITTEE)]
