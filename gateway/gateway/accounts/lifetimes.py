"""How long what an account holds stays good: temporary passwords and whole sessions.

A temporary password (staff creation) works for ``GATEWAY_TEMPORARY_PASSWORD_TTL_HOURS``
after it was issued, and only to change it: the access tokens it opens carry
``pwd_change: true`` and get 403 ``password_change_required`` everywhere but
``POST /api/v1/auth/me/password`` and ``GET /api/v1/auth/me`` (gateway/principals.py).
A session (a refresh-token family) slides ``GATEWAY_REFRESH_TOKEN_TTL_DAYS`` with each use
but ends ``GATEWAY_SESSION_MAX_DAYS`` after its login whatever happens.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.accounts.users import now
from gateway.config import GatewaySettings
from gateway.models import RefreshToken, UserAccount
from kit.errors import Forbidden, Unauthorized

PASSWORD_CHANGE_CLAIM = "pwd_change"  # noqa: S105 (a claim name)


class TemporaryPasswordExpired(Forbidden):
    code = "temporary_password_expired"
    message = "Tu contraseña temporal expiró. Pide a la administración que te envíe una nueva."


class SessionExpired(Unauthorized):
    code = "session_expired"
    message = "Tu sesión llegó a su duración máxima; inicia sesión de nuevo."


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=now().tzinfo)  # SQLite gives naive UTC


def refuse_expired_temporary(settings: GatewaySettings, user: UserAccount) -> None:
    """At login: a temporary password older than its lifetime opens nothing."""
    issued = user.temporary_password_issued_at
    if not user.must_change_password or issued is None:
        return
    if _aware(issued) + timedelta(hours=settings.temporary_password_ttl_hours) <= now():
        raise TemporaryPasswordExpired()


def password_change_claims(user: UserAccount) -> dict[str, bool]:
    """Extra access-token claims: only set while the password must be changed."""
    return {PASSWORD_CHANGE_CLAIM: True} if user.must_change_password else {}


async def session_deadline(
    session: AsyncSession, settings: GatewaySettings, family_id: str
) -> datetime:
    """When the session of ``family_id`` ends for good; refuses one already past it."""
    started = await session.scalar(
        select(func.min(RefreshToken.created_at)).where(RefreshToken.family_id == family_id)
    )
    deadline = _aware(started or now()) + timedelta(days=settings.session_max_days)
    if deadline <= now():
        raise SessionExpired()
    return deadline
