"""API clients of other agencies and the OAuth 2.0 ``client_credentials`` grant.

The secret is shown once and stored as an argon2id hash. Tokens carry ``role="client"``,
the client's organization and the granted scopes (``scope="a b"``), which services check.
"""

import secrets

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway import cutoffs
from gateway.accounts import passwords
from gateway.accounts.errors import (
    ClientNotFound,
    InvalidClient,
    InvalidScope,
    UnsupportedGrantType,
)
from gateway.accounts.schemas import ClientCreate, ClientCreated, ClientRead, ClientTokenRead
from gateway.accounts.throttle import Counter, failures_of, reserved
from gateway.accounts.users import now
from gateway.models import ApiClient
from kit import audit
from kit.db import Database
from kit.pagination import Keyset
from kit.ratelimit import RateLimiter
from kit.tokens import Principal, TokenSigner

CLIENT_ROLE = "client"


def _view(client: ApiClient) -> dict:
    return ClientRead.model_validate(client).model_dump(mode="json")


async def create_client(
    session: AsyncSession, actor: Principal, data: ClientCreate
) -> ClientCreated:
    secret = secrets.token_urlsafe(32)
    client = ApiClient(
        id=f"cli_{secrets.token_hex(8)}",
        name=data.name,
        organization=data.organization,
        scopes=sorted(set(data.scopes)),
        secret_hash=await passwords.hash_password(secret),
        created_by=actor.sub,
    )
    session.add(client)
    await session.flush()
    await audit.record(
        session, actor, "api_client.created", "api_client", client.id, after=_view(client)
    )
    return ClientCreated.model_validate({**_view(client), "client_secret": secret})


async def list_clients(
    session: AsyncSession, *, limit: int, cursor: str | None
) -> tuple[list[ApiClient], str | None]:
    keyset = Keyset(ApiClient.id, descending=False)
    query = keyset.apply(select(ApiClient), cursor=cursor, limit=limit)
    return keyset.page((await session.execute(query)).scalars().all(), limit)


async def revoke_client(session: AsyncSession, actor: Principal, client_id: str) -> None:
    """Revoke a client: it gets no new tokens, and the ones it holds stop working."""
    client = await session.get(ApiClient, client_id)
    if client is None:
        raise ClientNotFound()
    if client.revoked_at is not None:
        return
    before = _view(client)
    client.revoked_at = now()
    session.add(client)
    await session.flush()
    await cutoffs.record(session, client.id)
    await audit.record(
        session,
        actor,
        "api_client.revoked",
        "api_client",
        client.id,
        before=before,
        after=_view(client),
    )


async def client_credentials(
    db: Database,
    signer: TokenSigner,
    limiter: RateLimiter,
    *,
    failures: Counter,
    grant_type: str,
    client_id: str | None,
    client_secret: str | None,
    scope: str | None,
) -> ClientTokenRead:
    """Exchange a client's id and secret for an access token with the requested scopes
    (all of the client's scopes when none are requested). ``failures`` counts wrong
    secrets (per caller address). Nothing is written, so the (slow) secret check holds no
    write transaction."""
    if grant_type != "client_credentials":
        raise UnsupportedGrantType(details={"grant_type": grant_type or None})
    async with reserved(limiter, [failures], failures_of(InvalidClient)):
        async with db.transaction(read_only=True) as session:
            client = await session.get(ApiClient, client_id) if client_id else None
        valid = await passwords.verify_password(
            client.secret_hash if client else None, client_secret or ""
        )
        if client is None or not valid or client.revoked_at is not None:
            raise InvalidClient()
    requested = set((scope or "").split()) or set(client.scopes)
    if not requested <= set(client.scopes):
        raise InvalidScope(details={"not_granted": sorted(requested - set(client.scopes))})
    granted = " ".join(sorted(requested))
    token, _claims = signer.sign(
        client.id, CLIENT_ROLE, client.organization, scope=granted, client_name=client.name
    )
    return ClientTokenRead(access_token=token, expires_in=signer.ttl_seconds, scope=granted)
