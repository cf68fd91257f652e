"""FastAPI dependencies that turn a bearer token into a :class:`Principal`.

Every service re-verifies the caller's token itself; no header set by the gateway is
trusted, because the gateway could not have signed it. An app may also set
``app.state.principal_guard`` (``async (request, principal) -> None``, raising an
``AppError``): every authenticated route then passes through it, so a route cannot forget
it (the gateway applies session cutoffs and ``is_active`` there).
"""

from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kit.errors import Forbidden, Unauthorized
from kit.tokens import Principal, TokenVerifier


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; None when there is no
    header. Any other scheme, or an empty token, is refused with ``invalid_token``. The one
    parser for code that reads headers before FastAPI does (the gateway's proxy, the
    consultation's vote hot path); routes get the same rule through :data:`_bearer`."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("El encabezado Authorization no es válido.", code="invalid_token")
    return token.strip()


_bearer = HTTPBearer(auto_error=False, description="Token de acceso emitido por el gateway")


async def optional_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    if credentials is None:
        return None
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.verify(credentials.credentials)
    guard = getattr(request.app.state, "principal_guard", None)
    if guard is not None:
        await guard(request, principal)
    request.state.principal = principal
    return principal


async def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthorized()
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def role_set(*roles: str | Iterable[str]) -> frozenset[str]:
    """The roles named, singly or as named sets (``role_set(WORKING_GROUP, "citizen")``),
    with ``admin``, who passes every role check."""
    allowed: set[str] = {"admin"}
    for role in roles:
        allowed.update((role,) if isinstance(role, str) else role)
    return frozenset(allowed)


def require_roles(*roles: str | Iterable[str]):
    """A dependency that lets through only people holding one of ``roles`` (``admin``
    always passes). An agency API client is never one of them, whatever its scopes: a
    scope grants a named route, never a person's role (see :func:`require_role_or_scope`)."""
    allowed = role_set(*roles)

    async def _check(principal: CurrentPrincipal) -> Principal:
        if principal.is_client or principal.role not in allowed:
            raise Forbidden()
        return principal

    return Depends(_check)


def require_role_or_scope(*roles: str | Iterable[str], scope: str):
    """For the few routes the gateway's route table also opens to agency API clients: the
    people of ``roles`` (and ``admin``), or an API client holding ``scope``. Use it on
    exactly those routes, never as a role alias shared by others."""
    allowed = role_set(*roles)

    async def _check(principal: CurrentPrincipal) -> Principal:
        if principal.is_client:
            if scope in principal.scopes:
                return principal
            raise Forbidden(
                "Tu cliente de API no tiene el alcance necesario.", code="insufficient_scope"
            )
        if principal.role not in allowed:
            raise Forbidden()
        return principal

    return Depends(_check)
