"""What every access token the gateway accepts must pass, beyond its signature and expiry.

Through the proxy (``gateway/proxy.py``) and on the gateway's own routes alike, a token is
refused when its subject has a session cutoff after it was issued (``gateway/cutoffs.py``:
deactivation, new role, password change, MFA reset, deletion, revoked client). On the
gateway's own routes, which can create admins and API clients, the account itself is read
too: a deactivated or deleted account, or a revoked client, is refused even on a replica
that has not polled the cutoff yet. The own routes get this through kit's
``principal_guard`` hook, so no route of ``/api/v1/auth`` can forget it.
"""

from typing import Any

from fastapi import Request

from gateway.models import ApiClient, UserAccount
from kit.errors import Unauthorized
from kit.tokens import Principal


class AccountUnavailable(Unauthorized):
    code = "account_unavailable"
    message = "Tu sesión ya no es válida; inicia sesión de nuevo."


def check_token(state: Any, principal: Principal) -> None:
    """The checks that need no database: cutoffs (every request, proxied ones included)."""
    state.access_cutoffs.check(principal)


async def guard_own_route(request: Request, principal: Principal) -> None:
    """``app.state.principal_guard``: the token checks plus the account as stored now."""
    state = request.app.state
    check_token(state, principal)
    async with state.db.transaction(read_only=True) as session:
        if principal.is_client:
            client = await session.get(ApiClient, principal.sub)
            usable = client is not None and client.revoked_at is None
        else:
            user = await session.get(UserAccount, principal.sub)
            usable = user is not None and user.is_active
    if not usable:
        raise AccountUnavailable()
