"""A person's rights over their data: export everything, delete the account.

Deleting removes the account and its sessions here and tells every service
(``auth.account.deleted.v1``) so they anonymise what they hold; votes stay counted under
the voter pseudonym, so nothing is counted twice if the person registers again.
"""

from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.auth import ACCOUNT_DELETED, AccountDeleted
from gateway import cutoffs
from gateway.accounts.errors import InvalidCredentials
from gateway.accounts.passwords import verify_password
from gateway.accounts.sessions import password_check
from gateway.accounts.throttle import failures_of, reserved
from gateway.accounts.users import public_view
from gateway.config import GatewaySettings
from gateway.models import EmailVerification, GatewayModel, RefreshToken, UserAccount
from kit import audit
from kit.erasure import erase_person
from kit.outbox import emit
from kit.ratelimit import RateLimiter
from kit.tokens import Principal


async def export(session: AsyncSession, user: UserAccount) -> dict[str, Any]:
    sessions = await session.execute(
        select(func.count()).select_from(RefreshToken).where(RefreshToken.user_id == user.id)
    )
    history = await audit.history(session, "user", user.id)
    return {
        "account": public_view(user),
        "privacy": {
            "notice_version": user.privacy_notice_version,
            "purposes": list(user.privacy_purposes),
            "accepted_at": user.privacy_accepted_at,
        },
        "sessions_issued": int(sessions.scalar_one()),
        "account_history": [
            {"action": h["action"], "occurred_at": h["occurred_at"]} for h in history
        ],
        "elsewhere": {
            "consultation": "/api/v1/consultation/me/export",
            "roadmaps": "/api/v1/roadmaps/me/export",
            "tracking": "/api/v1/tracking/me/export",
        },
    }


async def delete_account(
    session: AsyncSession,
    settings: GatewaySettings,
    limiter: RateLimiter,
    user: UserAccount,
    principal: Principal,
    password: str,
) -> None:
    counters = password_check(settings, user.id)
    async with reserved(limiter, counters, failures_of(InvalidCredentials)):
        if not await verify_password(user.password_hash, password):
            raise InvalidCredentials()
    await session.execute(delete(RefreshToken).where(RefreshToken.user_id == user.id))
    await cutoffs.record(session, user.id)
    await session.execute(delete(EmailVerification).where(EmailVerification.user_id == user.id))
    # The audit entry keeps who and when, never the personal data that was erased.
    await audit.record(
        session,
        principal,
        "account.deleted",
        "user",
        user.id,
        before={"role": user.role},
        after=None,
    )
    await session.delete(user)
    await session.flush()
    # Earlier audit entries (registration, verification, profile changes) held the e-mail and
    # the name: they keep who and when under the account id, the rest becomes a label.
    await erase_person(
        session,
        GatewayModel.metadata.sorted_tables,
        account_id=user.id,
        names=[user.display_name],
        emails=[user.email],
    )
    await emit(session, ACCOUNT_DELETED, AccountDeleted(account_id=user.id))
