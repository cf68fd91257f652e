"""A commitment may continue one of an earlier plan; the link is read both ways."""

from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from roadmaps.commitments.errors import InvalidContinuity
from roadmaps.commitments.models import Commitment


async def check(
    session: AsyncSession, plan_code: str, own_id: str | None, continues_id: str | None
) -> None:
    """The commitment continued must exist, be someone else and belong to another plan."""
    if continues_id is None:
        return
    earlier = await session.get(Commitment, continues_id)
    if earlier is None or earlier.id == own_id or earlier.plan_code == plan_code:
        raise InvalidContinuity(details={"continues_commitment_id": continues_id})


def _brief(c: Commitment) -> dict[str, Any]:
    return {"id": c.id, "plan_code": c.plan_code, "number": c.number, "title": c.title}


async def links(session: AsyncSession, commitment: Commitment, *, drafts: bool) -> dict:
    """What this commitment continues and which later commitments continue it."""
    earlier = (
        await session.get(Commitment, commitment.continues_commitment_id)
        if commitment.continues_commitment_id
        else None
    )
    query = select(Commitment).where(Commitment.continues_commitment_id == commitment.id)
    later = [
        c
        for c in await session.exec(query.order_by(Commitment.plan_code, Commitment.number))
        if drafts or c.status == "published"
    ]
    shown = earlier is not None and (drafts or earlier.status == "published")
    return {
        "commitment_id": commitment.id,
        "continues": _brief(earlier) if shown else None,
        "continued_by": [_brief(c) for c in later],
    }
