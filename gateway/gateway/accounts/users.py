"""Account lookups and creation shared by registration, staff management and the CLI."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.accounts import passwords
from gateway.accounts.errors import EmailTaken, UserNotFound
from gateway.accounts.schemas import UserRead
from gateway.models import UserAccount
from kit import audit
from kit.errors import Unauthorized
from kit.tokens import Principal
from reference.roles import COMMITTEE

# The Committee and the administrators always sign in with two-step verification.
MFA_REQUIRED_ROLES = COMMITTEE


def normalize_email(email: str) -> str:
    return email.strip().lower()


def now() -> datetime:
    return datetime.now(UTC)


def public_view(user: UserAccount) -> dict[str, Any]:
    """What the audit log keeps of an account: the profile, never a hash or a secret."""
    return UserRead.model_validate(user).model_dump(mode="json")


def actor_of(user: UserAccount) -> Principal:
    return Principal(sub=user.id, role=user.role, org=user.organization)


async def find_by_email(session: AsyncSession, email: str) -> UserAccount | None:
    result = await session.execute(
        select(UserAccount).where(UserAccount.email == normalize_email(email))
    )
    return result.scalars().first()


async def get_user(session: AsyncSession, user_id: str) -> UserAccount:
    user = await session.get(UserAccount, user_id)
    if user is None:
        raise UserNotFound()
    return user


async def profile(session: AsyncSession, principal: Principal) -> UserAccount:
    """The caller's own account; a deactivated or deleted one no longer has a session."""
    user = await session.get(UserAccount, principal.sub)
    if user is None or not user.is_active:
        raise Unauthorized(
            "Tu sesión ya no es válida; inicia sesión de nuevo.", code="account_unavailable"
        )
    return user


async def create_account(
    session: AsyncSession,
    actor: Principal | None,
    *,
    email: str,
    password: str,
    display_name: str,
    role: str,
    action: str,
    reason: str | None = None,
    self_service: bool = False,
    **fields: Any,
) -> UserAccount:
    """Check the password, insert the account and record it in the audit log.

    ``self_service``: the new person is the actor (registration); otherwise ``actor``, and
    ``None`` means the system (the CLI).
    """
    email = normalize_email(email)
    passwords.check_strength(password, email=email, name=display_name)
    # Hash before the first query: on SQLite that query takes the write lock, which must
    # not be held through argon2. It also makes a taken address cost the same time.
    password_hash = await passwords.hash_password(password)
    if await find_by_email(session, email) is not None:
        raise EmailTaken(details={"field": "email"})
    user = UserAccount(
        email=email, display_name=display_name, role=role, password_hash=password_hash, **fields
    )
    await _insert(session, user)
    who = actor_of(user) if self_service else actor
    await audit.record(
        session, who, action, "user", user.id, after=public_view(user), reason=reason
    )
    return user


async def _insert(session: AsyncSession, user: UserAccount) -> None:
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        # Two registrations raced past the existence check; the unique index decided.
        raise EmailTaken(details={"field": "email"}) from None
