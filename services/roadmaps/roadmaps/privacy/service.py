"""What roadmaps holds about a person: the export, and the erasure on account deletion.

On ``auth.account.deleted.v1``, the person's name in working groups, sign-offs, roadmap
versions (their content and authorship), review sessions, meetings, the outbox and the audit
log becomes a neutral label (``kit.erasure``). Superseded versions stay public, as the
domain requires, with the label where the name was.
"""

from typing import Any

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.auth import AccountDeleted
from kit import audit
from kit.erasure import erase_person, export_document
from kit.inbox import Event
from kit.tokens import Principal
from roadmaps.db import import_models
from roadmaps.groups.models import WorkingGroupMember
from roadmaps.roadmap.models import RoadmapSignOff, RoadmapVersion


async def export(session: AsyncSession, actor: Principal) -> dict[str, Any]:
    me = actor.sub
    return await export_document(
        session,
        me,
        {
            "working_groups": select(WorkingGroupMember).where(WorkingGroupMember.account_id == me),
            "sign_offs": select(RoadmapSignOff).where(RoadmapSignOff.account_id == me),
            "roadmap_versions_authored": select(RoadmapVersion).where(
                RoadmapVersion.author_sub == me
            ),
        },
    )


async def account_deleted(session: AsyncSession, event: Event, data: AccountDeleted) -> None:
    account_id = data.account_id
    names: set[str] = set()
    for column, owner in (
        (WorkingGroupMember.name, WorkingGroupMember.account_id),
        (RoadmapSignOff.name, RoadmapSignOff.account_id),
        (RoadmapVersion.author_name, RoadmapVersion.author_sub),
    ):
        found = await session.execute(select(column).where(owner == account_id))
        names.update(n for n in found.scalars() if n)
    tables = import_models().sorted_tables  # every table that may hold the name
    await erase_person(session, tables, account_id=account_id, names=names)
    await audit.record(session, None, "account.anonymised", "account", account_id)
