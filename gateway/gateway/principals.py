"""What every access token the gateway accepts must pass, beyond its signature and expiry.

Through the proxy (``gateway/proxy.py``) and on the gateway's own routes alike, a token is
refused when its subject has a session cutoff after it was issued (``gateway/cutoffs.py``:
deactivation, new role, password change, MFA reset, deletion, revoked client). On the
gateway's own routes, which can create admins and API clients, the account itself is read
too: a deactivated or deleted account, or a revoked client, is refused even on a replica
that has not polled the cutoff yet. A token opened with a temporary password
(``pwd_change`` claim, or the account still marked so) reaches only the password change:
403 ``password_change_required`` everywhere else. The own routes get this through kit's
``principal_guard`` hook, so no route of ``/api/v1/auth`` can forget it.
"""

from typing import Any

from fastapi import Request

from gateway.accounts.lifetimes import PASSWORD_CHANGE_CLAIM
from gateway.models import ApiClient, UserAccount
from kit.errors import Forbidden, Unauthorized
from kit.tokens import Principal


class AccountUnavailable(Unauthorized):
    code = "account_unavailable"
    message = "Tu sesión ya no es válida; inicia sesión de nuevo."


# What a person holding a temporary password may do: replace it, and read the own profile
# (which says ``must_change_password``, so a client knows what to show).
PASSWORD_CHANGE_ONLY = frozenset({("POST", "/api/v1/auth/me/password"), ("GET", "/api/v1/auth/me")})


class PasswordChangeRequired(Forbidden):
    code = "password_change_required"
    message = "Cambia tu contraseña temporal para continuar."


def check_token(state: Any, principal: Principal, method: str, path: str) -> None:
    """The checks that need no database (every request, proxied ones included)."""
    state.access_cutoffs.check(principal)
    if principal.claims.get(PASSWORD_CHANGE_CLAIM) is True:
        _password_change_only(method, path)


def _password_change_only(method: str, path: str) -> None:
    if (method, path.rstrip("/")) not in PASSWORD_CHANGE_ONLY:
        raise PasswordChangeRequired()


async def guard_own_route(request: Request, principal: Principal) -> None:
    """``app.state.principal_guard``: the token checks plus the account as stored now."""
    state = request.app.state
    check_token(state, principal, request.method, request.url.path)
    must_change = False
    async with state.db.transaction(read_only=True) as session:
        if principal.is_client:
            client = await session.get(ApiClient, principal.sub)
            usable = client is not None and client.revoked_at is None
        else:
            user = await session.get(UserAccount, principal.sub)
            usable = user is not None and user.is_active
            must_change = usable and user.must_change_password
    if not usable:
        raise AccountUnavailable()
    if must_change:
        _password_change_only(request.method, request.url.path)
