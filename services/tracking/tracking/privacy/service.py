"""What tracking holds about a person: the export, and the erasure on account deletion.

``auth.account.deleted.v1``: follows and notifications are deleted; the person's name in
working groups, progress updates, stored roadmaps, the outbox and the audit log becomes a
neutral label (``kit.erasure``); ids and validated history stay, so the tablero still adds up.
"""

from typing import Any

from sqlalchemy import delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.auth import AccountDeleted
from kit import audit
from kit.erasure import erase_person, export_document
from kit.inbox import Event
from kit.tokens import Principal
from tracking.activities.models import WorkingGroupMember
from tracking.db import TrackingModel
from tracking.notifications.models import Follow, Notification
from tracking.updates.models import ProgressUpdate


async def export(session: AsyncSession, actor: Principal) -> dict[str, Any]:
    """Everything this service holds about the person, as JSON."""
    me = actor.sub
    return await export_document(
        session,
        me,
        {
            "following": select(Follow).where(Follow.account_id == me),
            "notifications": select(Notification).where(Notification.account_id == me),
            "working_groups": select(WorkingGroupMember).where(WorkingGroupMember.account_id == me),
            "progress_updates": select(ProgressUpdate).where(ProgressUpdate.author_sub == me),
        },
    )


async def _names(session: AsyncSession, account_id: str) -> set[str]:
    members = select(WorkingGroupMember.name).where(WorkingGroupMember.account_id == account_id)
    authors = select(ProgressUpdate.author_name).where(ProgressUpdate.author_sub == account_id)
    found = set((await session.execute(members)).scalars())
    return found | set((await session.execute(authors)).scalars())


async def account_deleted(session: AsyncSession, event: Event, data: AccountDeleted) -> None:
    account_id = data.account_id
    names = await _names(session, account_id)
    await session.execute(delete(Follow).where(Follow.account_id == account_id))
    await session.execute(delete(Notification).where(Notification.account_id == account_id))
    await erase_person(
        session, TrackingModel.metadata.sorted_tables, account_id=account_id, names=names
    )
    await audit.record(session, None, "account.anonymised", "account", account_id)
