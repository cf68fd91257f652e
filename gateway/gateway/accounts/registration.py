"""Citizen self-registration and e-mail verification by a 6-digit code."""

from datetime import timedelta

from sqlalchemy import update
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.accounts import opaque
from gateway.accounts.errors import (
    InvalidVerificationCode,
    PrivacyNoticeMismatch,
    VerificationCodeExpired,
)
from gateway.accounts.schemas import RegisterRequest
from gateway.accounts.throttle import reserved, successes
from gateway.accounts.users import actor_of, create_account, find_by_email, now, public_view
from gateway.config import GatewaySettings
from gateway.mail import messages as mail
from gateway.models import EmailVerification, UserAccount
from kit import audit
from kit.ratelimit import RateLimiter

CODE_TTL = timedelta(minutes=30)
# Wrong codes per account and half hour, whatever the number of codes mailed meanwhile.
MAX_CODE_ATTEMPTS = 5
RESEND_LIMIT = "3/15 minutes"
REGISTER_THROTTLED = "Se crearon demasiadas cuentas desde tu conexión; intenta más tarde."
RESEND_THROTTLED = "Ya te enviamos varios códigos; espera unos minutos antes de pedir otro."
VERIFY_THROTTLED = "Demasiados intentos desde tu conexión; espera unos minutos."


def _code_digest(settings: GatewaySettings, user_id: str, code: str) -> str:
    return opaque.keyed_digest(settings.internal_secret, "email-code", user_id, code)


async def register(
    session: AsyncSession,
    settings: GatewaySettings,
    limiter: RateLimiter,
    ip: str,
    data: RegisterRequest,
) -> UserAccount:
    """Create a citizen account, record the privacy consent and mail a code. The place on
    the per-address limit is reserved first and given back unless an account was created
    (a mistyped form or a taken address costs nothing)."""
    counters = [(settings.register_limit_per_ip, "register", ip)]
    async with reserved(limiter, counters, successes, REGISTER_THROTTLED):
        return await _register(session, settings, data)


async def _register(
    session: AsyncSession, settings: GatewaySettings, data: RegisterRequest
) -> UserAccount:
    if data.privacy_notice_version != settings.privacy_notice_version:
        raise PrivacyNoticeMismatch(details={"current_version": settings.privacy_notice_version})
    user = await create_account(
        session,
        None,
        self_service=True,
        email=data.email,
        password=data.password,
        display_name=data.display_name,
        role="citizen",
        action="user.registered",
        privacy_notice_version=data.privacy_notice_version,
        privacy_purposes=sorted(set(data.privacy_purposes)),
        privacy_accepted_at=now(),
    )
    await send_code(session, settings, user)
    return user


async def send_code(session: AsyncSession, settings: GatewaySettings, user: UserAccount) -> None:
    """Replace the account's pending code with a fresh one and mail it. The count of wrong
    codes carries over: it starts again only half an hour after its first code (a resend
    must not buy five more guesses); while it is spent no code is mailed at all."""
    code = opaque.new_code()
    pending = await session.get(EmailVerification, user.id)
    if pending is None or pending.created_at <= now() - CODE_TTL:
        pending = pending or EmailVerification(user_id=user.id, code_hash="", expires_at=now())
        pending.attempts = 0
        pending.created_at = now()
    elif pending.attempts >= MAX_CODE_ATTEMPTS:
        return
    pending.code_hash = _code_digest(settings, user.id, code)
    pending.expires_at = now() + CODE_TTL
    session.add(pending)
    await session.flush()
    await audit.record(
        session,
        actor_of(user),
        "user.verification_code_sent",
        "user",
        user.id,
        after={"expires_at": pending.expires_at},
    )
    minutes = int(CODE_TTL.total_seconds() // 60)
    await mail.queue(
        session, mail.verification_message(user.email, user.display_name, code, minutes)
    )


async def verify_email(
    session: AsyncSession, settings: GatewaySettings, email: str, code: str
) -> UserAccount:
    """Mark the address verified. Run it with ``run_in_transaction``: a wrong code is
    counted even though the request fails."""
    user = await find_by_email(session, email)
    pending = await session.get(EmailVerification, user.id) if user else None
    if user is None or pending is None or user.email_verified:
        # The same answer whether or not the address exists.
        raise InvalidVerificationCode()
    if pending.expires_at <= now():
        raise VerificationCodeExpired()
    # Count the attempt before comparing, in one statement: concurrent guesses each take
    # their own attempt (the row lock orders them), and none passes the fifth.
    counted = await session.execute(
        update(EmailVerification)
        .where(
            EmailVerification.user_id == user.id,
            EmailVerification.attempts < MAX_CODE_ATTEMPTS,
        )
        .values(attempts=EmailVerification.attempts + 1)
        .returning(EmailVerification.attempts)
        .execution_options(synchronize_session=False)
    )
    attempts = counted.scalar_one_or_none()
    if attempts is None:
        raise VerificationCodeExpired()
    if not opaque.same(_code_digest(settings, user.id, code), pending.code_hash):
        raise InvalidVerificationCode(
            details={"attempts_left": max(0, MAX_CODE_ATTEMPTS - attempts)}
        )
    before = public_view(user)
    user.email_verified_at = now()
    user.updated_at = user.email_verified_at
    session.add(user)
    await session.delete(pending)
    await session.flush()
    await audit.record(
        session,
        actor_of(user),
        "user.email_verified",
        "user",
        user.id,
        before=before,
        after=public_view(user),
    )
    return user


async def check_verify_rate(settings: GatewaySettings, limiter: RateLimiter, ip: str) -> None:
    """Code attempts per client address, whatever the account (429 when over)."""
    await limiter.check(settings.verify_limit_per_ip, "verify-ip", ip, message=VERIFY_THROTTLED)


async def resend_code(
    session: AsyncSession, settings: GatewaySettings, limiter: RateLimiter, email: str
) -> None:
    """Mail a new code when the address has an unverified account; silent otherwise, so
    the answer never tells whether an address is registered."""
    email = email.strip().lower()
    await limiter.check(RESEND_LIMIT, "verify-resend", email, message=RESEND_THROTTLED)
    user = await find_by_email(session, email)
    if user is not None and user.is_active and not user.email_verified:
        await send_code(session, settings, user)
