"""Issuing tokens: RS256 access tokens from the keyring's signer and opaque refresh tokens
(stored only as SHA-256 digests, grouped in families), and revoking them."""

import hmac
import uuid
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway import cutoffs
from gateway.accounts import opaque
from gateway.accounts.lifetimes import password_change_claims
from gateway.accounts.schemas import TokenPair
from gateway.accounts.users import actor_of, now
from gateway.config import GatewaySettings
from gateway.models import RefreshToken, UserAccount
from kit import audit
from kit.tokens import Principal, TokenSigner


def voter_key(settings: GatewaySettings, email: str) -> str:
    """A keyed pseudonym of the e-mail: the same person gets the same key even after
    deleting the account and registering again, so a vote is never counted twice."""
    mac = hmac.new(settings.pseudonym_secret.encode(), email.strip().lower().encode(), "sha256")
    return mac.hexdigest()[:40]


def access_token_for(
    signer: TokenSigner, settings: GatewaySettings, user: UserAccount, amr: list[str]
) -> str:
    token, _claims = signer.sign(
        user.id,
        user.role,
        user.organization,
        amr=amr,
        email_verified=user.email_verified,
        voter_key=voter_key(settings, user.email),
        name=user.display_name,
        **password_change_claims(user),
    )
    return token


async def new_refresh_token(
    session: AsyncSession,
    settings: GatewaySettings,
    user_id: str,
    family_id: str,
    not_after: datetime | None = None,
) -> str:
    """``not_after``: the session's absolute end (accounts/lifetimes.py)."""
    token = opaque.new_token()
    expires_at = now() + timedelta(days=settings.refresh_token_ttl_days)
    session.add(
        RefreshToken(
            token_hash=opaque.digest(token),
            family_id=family_id,
            user_id=user_id,
            expires_at=min(expires_at, not_after) if not_after else expires_at,
        )
    )
    await session.flush()
    return token


async def start_session(
    session: AsyncSession,
    settings: GatewaySettings,
    signer: TokenSigner,
    user: UserAccount,
    amr: list[str],
) -> TokenPair:
    family_id = uuid.uuid4().hex
    refresh = await new_refresh_token(session, settings, user.id, family_id)
    await audit.record(
        session,
        actor_of(user),
        "session.started",
        "session",
        family_id,
        after={"user_id": user.id, "amr": amr},
    )
    return TokenPair(
        access_token=access_token_for(signer, settings, user, amr),
        refresh_token=refresh,
        expires_in=signer.ttl_seconds,
    )


async def revoke_family(
    session: AsyncSession, family_id: str, *, actor: Principal | None, reason: str
) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now())
    )
    await audit.record(session, actor, "session.revoked", "session", family_id, reason=reason)


async def revoke_all(
    session: AsyncSession, user_id: str, *, actor: Principal | None, reason: str
) -> None:
    """End every session of a person (deactivation, password change, MFA reset): refresh
    tokens are revoked, access tokens already issued are cut off (gateway/cutoffs.py)."""
    await cutoffs.record(session, user_id)
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now())
    )
    await audit.record(session, actor, "session.revoked_all", "user", user_id, reason=reason)
