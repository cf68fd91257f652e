"""Reads and appends of the roadmap tables that the service and the workflow share."""

from typing import Any

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.tokens import Principal
from roadmaps.groups.models import WorkingGroupMember
from roadmaps.groups.roles import RESPONSIBLE_SECTORS
from roadmaps.groups.service import list_members
from roadmaps.roadmap.models import (
    ReviewSession,
    Roadmap,
    RoadmapPublication,
    RoadmapSignOff,
    RoadmapVersion,
)


async def find_roadmap(session: AsyncSession, commitment_id: str) -> Roadmap | None:
    """The roadmap as committed now (never a stale copy from this session's identity map)."""
    query = (
        select(Roadmap)
        .where(Roadmap.commitment_id == commitment_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def get_version(session: AsyncSession, roadmap_id: str, number: int) -> RoadmapVersion | None:
    return await session.get(RoadmapVersion, (roadmap_id, number))


async def members_of(session: AsyncSession, commitment_id: str) -> dict[str, WorkingGroupMember]:
    return {m.account_id: m for m in await list_members(session, commitment_id)}


async def append_version(
    session: AsyncSession,
    roadmap_id: str,
    number: int,
    content: dict[str, Any],
    actor: Principal,
    *,
    message: str,
    author_name: str | None,
    statuses: tuple[str, str] = ("draft", "draft"),
    justification: str | None = None,
) -> RoadmapVersion:
    """Store version ``number`` and log it (``statuses``: the workflow before and after)."""
    row = RoadmapVersion(
        roadmap_id=roadmap_id,
        version=number,
        content=content,
        message=message,
        kind="amendment" if justification else "edit",
        justification=justification,
        author_sub=actor.sub,
        author_role=actor.role,
        author_name=author_name,
    )
    session.add(row)
    await session.flush()
    action = "created" if number == 1 else "amended" if justification else "saved"
    before = {"version": number - 1, "status": statuses[0]} if number > 1 else None
    await audit.record(
        session,
        actor,
        f"roadmap.{action}",
        "roadmap",
        roadmap_id,
        before=before,
        after={"version": number, "status": statuses[1], "message": message} | content,
        reason=justification,
    )
    return row


async def publications(session: AsyncSession, roadmap_id: str) -> dict[int, RoadmapPublication]:
    rows = await session.execute(
        select(RoadmapPublication)
        .where(RoadmapPublication.roadmap_id == roadmap_id)
        .order_by(RoadmapPublication.version)
    )
    return {p.version: p for p in rows.scalars()}


async def sign_offs(session: AsyncSession, roadmap_id: str, number: int) -> list[RoadmapSignOff]:
    rows = await session.execute(
        select(RoadmapSignOff)
        .where(RoadmapSignOff.roadmap_id == roadmap_id, RoadmapSignOff.version == number)
        .order_by(RoadmapSignOff.role)
    )
    return list(rows.scalars())


def both_sides(review: ReviewSession) -> bool:
    sectors = {attendee["sector"] for attendee in review.attendees}
    return RESPONSIBLE_SECTORS <= sectors


async def review_sessions(session: AsyncSession, roadmap_id: str) -> list[ReviewSession]:
    rows = await session.execute(
        select(ReviewSession)
        .where(ReviewSession.roadmap_id == roadmap_id)
        .order_by(ReviewSession.held_on, ReviewSession.created_at)
    )
    return list(rows.scalars())


async def sessions_held(session: AsyncSession, roadmap_id: str) -> int:
    """Review sessions that count for agreement: both government and CSO attended."""
    return sum(1 for review in await review_sessions(session, roadmap_id) if both_sides(review))
