"""What roadmaps holds about a person: the export, and the erasure on account deletion.

``auth.account.deleted.v1``: the person's name in working groups, sign-offs, roadmap
versions (their content and authorship), review sessions, meetings, the outbox and the audit
log becomes a neutral label (``kit.erasure``). Superseded versions stay public, as the
domain requires, with the label where the name was.
"""

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.auth import CurrentPrincipal
from kit.db import SessionDep
from kit.erasure import erase_person, export_document
from kit.errors import error_responses
from kit.inbox import Event
from kit.tokens import Principal
from roadmaps.db import RoadmapsModel
from roadmaps.groups.models import WorkingGroupMember
from roadmaps.roadmap.models import RoadmapSignOff, RoadmapVersion

ACCOUNT_DELETED = "auth.account.deleted.v1"
router = APIRouter(tags=["privacy"])


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


async def account_deleted(session: AsyncSession, event: Event) -> None:
    account_id = str(event.payload["account_id"])
    names: set[str] = set()
    for column, owner in (
        (WorkingGroupMember.name, WorkingGroupMember.account_id),
        (RoadmapSignOff.name, RoadmapSignOff.account_id),
        (RoadmapVersion.author_name, RoadmapVersion.author_sub),
    ):
        found = await session.execute(select(column).where(owner == account_id))
        names.update(n for n in found.scalars() if n)
    await erase_person(
        session, RoadmapsModel.metadata.sorted_tables, account_id=account_id, names=names
    )
    await audit.record(session, None, "account.anonymised", "account", account_id)


@router.get(
    "/me/export",
    response_model=dict[str, Any],
    responses=error_responses(401),
    operation_id="exportMyRoadmapsData",
)
async def export_my_data(session: SessionDep, actor: CurrentPrincipal) -> dict[str, Any]:
    """Todo lo que las hojas de ruta guardan de ti: grupos de trabajo, firmas y versiones
    que escribiste."""
    return await export(session, actor)
