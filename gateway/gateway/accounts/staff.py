"""Staff accounts (government, CSO, transparency institute, Committee, admins).

Admins create them with a one-time temporary password; the person changes it after the
first login. Organizations and sectors are plain data, so an actor can be renamed or
replaced without touching code.
"""

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.accounts import mfa, passwords
from gateway.accounts.errors import CannotChangeOwnAccount
from gateway.accounts.issuance import revoke_all
from gateway.accounts.schemas import StaffCreate, StaffUpdate
from gateway.accounts.users import create_account, get_user, now, public_view
from gateway.mail import messages as mail
from gateway.models import UserAccount
from kit import audit
from kit.pagination import Keyset
from kit.tokens import Principal
from reference.roles import SECTOR_ROLES

NULLABLE_FIELDS = frozenset({"organization", "sector"})


def default_sector(role: str, sector: str | None) -> str | None:
    return sector or (role if role in SECTOR_ROLES else None)


async def create_staff(
    session: AsyncSession, actor: Principal, data: StaffCreate
) -> tuple[UserAccount, str]:
    """The new account and its temporary password (returned once, and mailed)."""
    temporary = passwords.temporary_password()
    user = await create_account(
        session,
        actor,
        email=data.email,
        password=temporary,
        display_name=data.display_name,
        role=data.role,
        action="user.staff_created",
        organization=data.organization,
        sector=default_sector(data.role, data.sector),
        must_change_password=True,
        temporary_password_issued_at=now(),
    )
    await mail.queue(
        session, mail.staff_welcome_message(user.email, user.display_name, user.role, temporary)
    )
    return user, temporary


async def list_staff(
    session: AsyncSession, *, role: str | None, limit: int, cursor: str | None
) -> tuple[list[UserAccount], str | None]:
    """Staff accounts (everyone but citizens), ordered by e-mail."""
    query = select(UserAccount).where(UserAccount.role != "citizen")
    if role:
        query = query.where(UserAccount.role == role)
    keyset = Keyset(UserAccount.email, descending=False)  # e-mails are unique
    query = keyset.apply(query, cursor=cursor, limit=limit)
    return keyset.page((await session.execute(query)).scalars().all(), limit)


async def update_staff(
    session: AsyncSession, actor: Principal, user_id: str, data: StaffUpdate
) -> UserAccount:
    """Change role, organization or name, deactivate/reactivate, or reset MFA."""
    user = await get_user(session, user_id)
    changes = {
        name: value
        for name, value in data.model_dump(exclude_unset=True, exclude={"reset_mfa"}).items()
        if value is not None or name in NULLABLE_FIELDS
    }
    if user.id == actor.sub and any(
        name in changes and changes[name] != getattr(user, name) for name in ("role", "is_active")
    ):
        raise CannotChangeOwnAccount()  # nobody grants or restores their own access
    before = public_view(user)
    for name, value in changes.items():
        setattr(user, name, value)
    if "role" in changes and "sector" not in changes:
        user.sector = default_sector(user.role, None) or user.sector
    user.updated_at = now()
    session.add(user)
    await session.flush()
    if data.reset_mfa:
        await mfa.reset(session, user)
    await audit.record(
        session,
        actor,
        "user.staff_updated",
        "user",
        user.id,
        before=before,
        after=public_view(user),
        reason="mfa_reset" if data.reset_mfa else None,
    )
    if changes.get("is_active") is False or "role" in changes or data.reset_mfa:
        # A new role or a lost device must not live on in an existing session.
        await revoke_all(session, user.id, actor=actor, reason="staff_updated")
    return user


async def create_admin(
    session: AsyncSession,
    *,
    email: str,
    display_name: str,
    password: str,
    organization: str | None,
) -> UserAccount:
    """The operator's first admin (CLI). The operator typed the address, so it counts as
    verified; two-step verification is set up at the first login."""
    return await create_account(
        session,
        None,
        email=email,
        password=password,
        display_name=display_name,
        role="admin",
        action="user.admin_created",
        reason="cli create-admin",
        organization=organization,
        email_verified_at=now(),
    )
