"""Who is signed in: the gateway's tokens, kept in HttpOnly cookies, refreshed quietly.

The website never verifies a token's signature (the gateway and the services do): it only
reads the claims to greet the person and to decide which links to show, and it refreshes
the access token shortly before it expires, with the refresh token, on the next request.
"""

import base64
import json
import logging
import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.security import queue_cookie
from reference.roles import STAFF

log = logging.getLogger(__name__)
ACCESS_COOKIE = "cocrea_access"
REFRESH_COOKIE = "cocrea_refresh"
REFRESH_MAX_AGE = 30 * 24 * 3600
REFRESH_MARGIN_SECONDS = 30


@dataclass(frozen=True)
class Visitor:
    """The person behind a request (``token is None`` when nobody is signed in)."""

    token: str | None = None
    account_id: str = ""
    name: str = ""
    role: str = ""
    email_verified: bool = False

    @property
    def signed_in(self) -> bool:
        return self.token is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF


ANONYMOUS = Visitor()


def claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified (display only)."""
    try:
        payload = token.split(".")[1]
        padded = payload + "=" * (-len(payload) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded))
    except (IndexError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def visitor_from(token: str) -> Visitor:
    data = claims(token)
    return Visitor(
        token=token,
        account_id=str(data.get("sub") or ""),
        name=str(data.get("name") or ""),
        role=str(data.get("role") or ""),
        email_verified=bool(data.get("email_verified")),
    )


def store_tokens(request: Request, pair: dict[str, Any]) -> Visitor:
    """Keep a token pair from ``/auth/login``, ``/auth/refresh`` or MFA confirmation."""
    access = str(pair["access_token"])
    queue_cookie(request, ACCESS_COOKIE, access, max_age=int(pair.get("expires_in") or 600))
    queue_cookie(request, REFRESH_COOKIE, str(pair["refresh_token"]), max_age=REFRESH_MAX_AGE)
    visitor = visitor_from(access)
    request.state.visitor = visitor
    return visitor


def forget_tokens(request: Request) -> None:
    queue_cookie(request, ACCESS_COOKIE, None)
    queue_cookie(request, REFRESH_COOKIE, None)
    request.state.visitor = ANONYMOUS


def _expired(token: str) -> bool:
    expires = claims(token).get("exp")
    return not isinstance(expires, int | float) or expires - REFRESH_MARGIN_SECONDS < time.time()


async def _refresh(request: Request, gateway: GatewayClient, refresh: str) -> Visitor:
    try:
        pair = await gateway.call("POST", "/api/v1/auth/refresh", json={"refresh_token": refresh})
    except ApiError:
        forget_tokens(request)
        return ANONYMOUS
    except GatewayUnavailable:
        log.warning("token refresh failed: gateway unavailable")
        return ANONYMOUS
    return store_tokens(request, pair)


async def current_visitor(request: Request) -> Visitor:
    """The signed-in person, refreshing the access token when it is about to expire."""
    known = getattr(request.state, "visitor", None)
    if known is not None:
        return known
    access = request.cookies.get(ACCESS_COOKIE)
    refresh = request.cookies.get(REFRESH_COOKIE)
    if access and not _expired(access):
        visitor = visitor_from(access)
    elif refresh:
        visitor = await _refresh(request, request.app.state.gateway, refresh)
    else:
        visitor = ANONYMOUS
    request.state.visitor = visitor
    return visitor


VisitorDep = Annotated[Visitor, Depends(current_visitor)]
