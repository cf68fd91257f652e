"""Enrolment in TOTP two-step verification.

Committee members and admins must have it. When one of them logs in without it, the login
answers ``mfa_setup_required`` with a short-lived setup token (its digest is stored on the
account). That token, or a normal access token for anyone who opts in, authorises
``/mfa/setup`` (a pending secret) and ``/mfa/confirm`` (the first code). Confirming consumes
the setup token and, when enrolment started from a login, opens the session: the password
was checked at login and the code just now.
"""

from datetime import timedelta

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.accounts import opaque, totp
from gateway.accounts.errors import (
    AccountDisabled,
    InvalidSetupToken,
    MfaAlreadyEnabled,
    MfaSetupNotStarted,
    NotAPerson,
    TotpCodeRejected,
)
from gateway.accounts.issuance import start_session
from gateway.accounts.schemas import MfaConfirmed, MfaSetupRead
from gateway.accounts.users import actor_of, get_user, now, public_view
from gateway.config import GatewaySettings
from gateway.models import UserAccount
from kit import audit
from kit.errors import Unauthorized
from kit.ratelimit import RateLimiter
from kit.tokens import Principal, TokenSigner

SETUP_TOKEN_TTL = timedelta(minutes=10)
CONFIRM_LIMIT = "5/10 minutes"


async def issue_setup_token(session: AsyncSession, user: UserAccount) -> str:
    token = opaque.new_token()
    user.mfa_setup_token_hash = opaque.digest(token)
    user.mfa_setup_expires_at = now() + SETUP_TOKEN_TTL
    session.add(user)
    await session.flush()
    await audit.record(
        session,
        actor_of(user),
        "user.mfa_setup_token_issued",
        "user",
        user.id,
        after={"expires_at": user.mfa_setup_expires_at},
    )
    return token


async def claim_totp_step(session: AsyncSession, user: UserAccount, step: int) -> bool:
    """Accept ``step`` once: a conditional update, so two concurrent logins with the same
    code cannot both pass."""
    result = await session.execute(
        update(UserAccount)
        .where(UserAccount.id == user.id, UserAccount.mfa_last_step < step)
        .values(mfa_last_step=step)
    )
    return result.rowcount == 1


async def _enrolling_user(
    session: AsyncSession, principal: Principal | None, setup_token: str | None
) -> tuple[UserAccount, bool]:
    """The account being enrolled, and whether a setup token (not a session) vouched."""
    if setup_token:
        wanted = opaque.digest(setup_token)
        result = await session.execute(
            select(UserAccount).where(UserAccount.mfa_setup_token_hash == wanted)
        )
        user = result.scalars().first()
        expires = user.mfa_setup_expires_at if user else None
        if user is None or expires is None or expires <= now() or not user.is_active:
            raise InvalidSetupToken()
        return user, True
    if principal is None:
        raise Unauthorized()
    if principal.is_client:
        raise NotAPerson()
    user = await get_user(session, principal.sub)
    if not user.is_active:
        raise AccountDisabled()
    return user, False


async def begin_setup(
    session: AsyncSession,
    settings: GatewaySettings,
    principal: Principal | None,
    setup_token: str | None,
) -> MfaSetupRead:
    """A new pending secret (replacing any earlier one) to load into an authenticator app."""
    user, _ = await _enrolling_user(session, principal, setup_token)
    if user.mfa_enabled:
        raise MfaAlreadyEnabled()
    secret = totp.new_secret()
    user.mfa_pending_secret = totp.seal(secret, settings.pseudonym_secret)
    user.updated_at = now()
    session.add(user)
    await session.flush()
    await audit.record(
        session, principal or actor_of(user), "user.mfa_setup_started", "user", user.id
    )
    return MfaSetupRead(
        secret=secret,
        otpauth_uri=totp.provisioning_uri(secret, user.email, settings.totp_issuer),
    )


async def confirm(
    session: AsyncSession,
    settings: GatewaySettings,
    signer: TokenSigner,
    limiter: RateLimiter,
    principal: Principal | None,
    setup_token: str | None,
    code: str,
) -> MfaConfirmed:
    """Enable MFA once the first code from the pending secret checks out."""
    user, via_setup_token = await _enrolling_user(session, principal, setup_token)
    if user.mfa_enabled:
        raise MfaAlreadyEnabled()
    if not user.mfa_pending_secret:
        raise MfaSetupNotStarted()
    await limiter.check(CONFIRM_LIMIT, "mfa-confirm", user.id)
    pending = totp.unseal(user.mfa_pending_secret, settings.pseudonym_secret) or ""
    step = totp.matching_step(pending, code, after_step=user.mfa_last_step)
    if step is None:
        raise TotpCodeRejected()
    before = public_view(user)
    user.mfa_secret, user.mfa_pending_secret = user.mfa_pending_secret, None
    user.mfa_enabled_at = user.updated_at = now()
    user.mfa_last_step = step  # the confirming code cannot be replayed at login
    user.mfa_setup_token_hash = user.mfa_setup_expires_at = None
    session.add(user)
    await session.flush()
    await audit.record(
        session,
        principal or actor_of(user),
        "user.mfa_enabled",
        "user",
        user.id,
        before=before,
        after=public_view(user),
    )
    if not via_setup_token:
        return MfaConfirmed()
    tokens = await start_session(session, settings, signer, user, ["pwd", "otp"])
    return MfaConfirmed(tokens=tokens)


async def reset(session: AsyncSession, user: UserAccount) -> None:
    """Forget the enrolled secret (a lost device); the caller records the audit entry."""
    user.mfa_secret = user.mfa_pending_secret = None
    user.mfa_enabled_at = user.mfa_setup_token_hash = user.mfa_setup_expires_at = None
    session.add(user)
    await session.flush()
