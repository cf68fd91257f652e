"""Login, refresh-token rotation with reuse detection, logout and password change.

Each login starts a refresh-token family, each refresh adds a row to it. Presenting a
token that was already rotated means two parties hold the family (a stolen copy), so the
whole family is revoked.
"""

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.accounts import opaque, passwords, totp
from gateway.accounts.errors import (
    AccountDisabled,
    EmailNotVerified,
    InvalidCredentials,
    InvalidRefreshToken,
    InvalidTotp,
    MfaRequired,
    MfaSetupRequired,
    RefreshTokenReused,
    WrongCurrentPassword,
)
from gateway.accounts.issuance import (
    access_token_for,
    new_refresh_token,
    revoke_all,
    revoke_family,
    start_session,
)
from gateway.accounts.lifetimes import refuse_expired_temporary, session_deadline
from gateway.accounts.mfa import SETUP_TOKEN_TTL, claim_totp_step, issue_setup_token
from gateway.accounts.schemas import LoginRequest, TokenPair
from gateway.accounts.throttle import Counter, failures_of, forget, reserved
from gateway.accounts.transactions import run_in_transaction
from gateway.accounts.users import (
    MFA_REQUIRED_ROLES,
    actor_of,
    find_by_email,
    get_user,
    normalize_email,
    now,
)
from gateway.config import GatewaySettings
from gateway.models import RefreshToken, UserAccount
from kit import audit
from kit.db import Database
from kit.ratelimit import RateLimiter
from kit.tokens import Principal, TokenSigner


def _counters(settings: GatewaySettings, ip: str, email: str) -> list[Counter]:
    """Per address, and per account *with* address in tiers of growing delay: a stranger
    elsewhere never spends the counters the owner's own attempts use."""
    return [
        (settings.login_limit_per_ip, "login-ip", ip),
        *(
            (rule, "login-account-ip", f"{ip} {email}")
            for rule in settings.login_limits_per_account_address
        ),
    ]


LOGIN_FAILURES = failures_of(InvalidCredentials, InvalidTotp)


async def login(
    db: Database,
    settings: GatewaySettings,
    signer: TokenSigner,
    limiter: RateLimiter,
    ip: str,
    data: LoginRequest,
) -> TokenPair:
    """Password (+ TOTP) login. The password is checked outside any write transaction
    (argon2 is slow, and SQLite would hold its write lock meanwhile); the session is then
    opened in a transaction that also commits an MFA setup token when one is required.
    The attempt's places on the throttles are reserved first and kept only when it fails."""
    email = normalize_email(data.email)
    counters = _counters(settings, ip, email)
    async with reserved(limiter, counters, LOGIN_FAILURES):
        async with db.transaction(read_only=True) as session:
            user = await find_by_email(session, email)
        password_hash = user.password_hash if user else None
        # Verified even for an unknown address (against a dummy hash): the same time.
        valid = await passwords.verify_password(password_hash, data.password)
        if user is None or not valid:
            raise InvalidCredentials()
        pair = await run_in_transaction(
            db, _open_session, settings, signer, user.id, password_hash, data
        )
    await forget(limiter, counters[1:])
    return pair


async def _open_session(
    session: AsyncSession,
    settings: GatewaySettings,
    signer: TokenSigner,
    user_id: str,
    checked_hash: str | None,
    data: LoginRequest,
) -> TokenPair:
    user = await session.get(UserAccount, user_id)
    if user is None or user.password_hash != checked_hash:
        raise InvalidCredentials()  # deleted or re-keyed since the check: start over
    if not user.is_active:
        raise AccountDisabled()
    refuse_expired_temporary(settings, user)
    if user.role == "citizen" and settings.email_verification_required and not user.email_verified:
        raise EmailNotVerified()
    amr = ["pwd"]
    if user.mfa_enabled:
        await _check_totp(session, settings, user, data.totp)
        amr.append("otp")
    elif user.role in MFA_REQUIRED_ROLES:
        token = await issue_setup_token(session, user)
        expires_in = int(SETUP_TOKEN_TTL.total_seconds())
        raise MfaSetupRequired(details={"setup_token": token, "expires_in": expires_in})
    if passwords.needs_rehash(user.password_hash or ""):
        user.password_hash = await passwords.hash_password(data.password)
    user.last_login_at = now()
    session.add(user)
    return await start_session(session, settings, signer, user, amr)


async def _check_totp(
    session: AsyncSession, settings: GatewaySettings, user: UserAccount, code: str | None
) -> None:
    if not code:
        raise MfaRequired()
    secret = totp.unseal(user.mfa_secret, settings.pseudonym_secret) or ""
    step = totp.matching_step(secret, code, after_step=user.mfa_last_step)
    if step is None or not await claim_totp_step(session, user, step):
        raise InvalidTotp()  # counted by the login's reservation
    if not totp.is_sealed(user.mfa_secret):  # stored in clear by an earlier version
        user.mfa_secret = totp.seal(secret, settings.pseudonym_secret)


async def refresh(
    session: AsyncSession, settings: GatewaySettings, signer: TokenSigner, token: str
) -> TokenPair:
    """Rotate a refresh token. Run with ``run_in_transaction`` so that a detected reuse
    commits the revocation of the family before answering 401."""
    row = await _find_refresh(session, token)
    if row is None or row.revoked_at is not None or row.expires_at <= now():
        raise InvalidRefreshToken()
    deadline = await session_deadline(session, settings, row.family_id)
    claimed = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.id == row.id,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
        )
        .values(used_at=now())
    )
    if claimed.rowcount != 1:
        await revoke_family(session, row.family_id, actor=None, reason="refresh_token_reused")
        raise RefreshTokenReused()
    user = await session.get(UserAccount, row.user_id)
    if user is None or not user.is_active:
        raise InvalidRefreshToken()
    new_token = await new_refresh_token(session, settings, user.id, row.family_id, deadline)
    await audit.record(session, actor_of(user), "session.refreshed", "session", row.family_id)
    amr = ["pwd", "otp"] if user.mfa_enabled else ["pwd"]
    return TokenPair(
        access_token=access_token_for(signer, settings, user, amr),
        refresh_token=new_token,
        expires_in=signer.ttl_seconds,
    )


async def _find_refresh(session: AsyncSession, token: str) -> RefreshToken | None:
    result = await session.execute(
        select(RefreshToken).where(RefreshToken.token_hash == opaque.digest(token))
    )
    return result.scalars().first()


async def logout(session: AsyncSession, token: str) -> None:
    """Revoke the token's family; unknown or already revoked tokens change nothing."""
    row = await _find_refresh(session, token)
    if row is None or row.revoked_at is not None:
        return
    user = await session.get(UserAccount, row.user_id)
    await revoke_family(
        session, row.family_id, actor=actor_of(user) if user else None, reason="logout"
    )


def password_check(settings: GatewaySettings, user_id: str) -> list[Counter]:
    """The throttle of a signed-in person's password re-checks (change, deletion): a
    stolen access token must not become an oracle for the password."""
    return [(settings.password_check_limit_per_account, "password-check", user_id)]


async def change_password(
    session: AsyncSession,
    settings: GatewaySettings,
    limiter: RateLimiter,
    principal: Principal,
    current: str,
    new: str,
) -> None:
    """Replace the password and end every session (the person logs in again)."""
    user = await get_user(session, principal.sub)
    if not user.is_active:
        raise AccountDisabled()
    counters = password_check(settings, user.id)
    async with reserved(limiter, counters, failures_of(WrongCurrentPassword)):
        if not await passwords.verify_password(user.password_hash, current):
            raise WrongCurrentPassword()
    passwords.check_strength(new, email=user.email, name=user.display_name)
    user.password_hash = await passwords.hash_password(new)
    user.must_change_password = False
    user.temporary_password_issued_at = None
    user.updated_at = now()
    session.add(user)
    await session.flush()
    await audit.record(session, principal, "user.password_changed", "user", user.id)
    await revoke_all(session, user.id, actor=principal, reason="password_changed")
