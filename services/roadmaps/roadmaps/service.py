"""Business rules of the roadmaps service; knows nothing of HTTP."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.outbox import emit
from kit.pagination import decode_cursor, encode_cursor
from kit.tokens import Principal
from roadmaps.errors import CommitmentAlreadyPublished, CommitmentNotFound, CommitmentNumberTaken
from roadmaps.events import COMMITMENT_PUBLISHED, commitment_payload
from roadmaps.models import Commitment
from roadmaps.schemas import CommitmentCreate

STAFF_ROLES = frozenset({"government", "cso", "inai", "committee", "admin"})


async def list_commitments(
    session: AsyncSession,
    viewer: Principal | None,
    *,
    plan_code: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Commitment], str | None]:
    query = select(Commitment)
    if viewer is None or viewer.role not in STAFF_ROLES:
        query = query.where(Commitment.status == "published")
    if plan_code:
        query = query.where(Commitment.plan_code == plan_code)
    after = decode_cursor(cursor)
    if after:
        plan, number = str(after[0]), int(after[1])
        query = query.where(
            (Commitment.plan_code > plan)
            | ((Commitment.plan_code == plan) & (Commitment.number > number))
        )
    query = query.order_by(Commitment.plan_code, Commitment.number).limit(limit + 1)
    rows = list((await session.execute(query)).scalars())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].plan_code, rows[-1].number])
    return rows, next_cursor


async def get_commitment(
    session: AsyncSession, commitment_id: str, viewer: Principal | None
) -> Commitment:
    commitment = await session.get(Commitment, commitment_id)
    visible = commitment is not None and (
        commitment.status == "published" or (viewer is not None and viewer.role in STAFF_ROLES)
    )
    if not visible:
        raise CommitmentNotFound()
    return commitment


async def create_commitment(
    session: AsyncSession, actor: Principal, data: CommitmentCreate
) -> Commitment:
    taken = await session.execute(
        select(Commitment.id).where(
            Commitment.plan_code == data.plan_code, Commitment.number == data.number
        )
    )
    if taken.first() is not None:
        raise CommitmentNumberTaken(details={"plan_code": data.plan_code, "number": data.number})
    commitment = Commitment(**data.model_dump())
    session.add(commitment)
    await session.flush()
    await audit.record(
        session,
        actor,
        "commitment.created",
        "commitment",
        commitment.id,
        after=commitment.model_dump(),
    )
    return commitment


async def publish_commitment(
    session: AsyncSession, actor: Principal | None, commitment_id: str
) -> Commitment:
    commitment = await session.get(Commitment, commitment_id)
    if commitment is None:
        raise CommitmentNotFound()
    if commitment.status == "published":
        raise CommitmentAlreadyPublished()
    before = commitment.model_dump()
    now = datetime.now(UTC)
    commitment.status = "published"
    commitment.published_at = now
    commitment.updated_at = now
    session.add(commitment)
    await session.flush()
    await audit.record(
        session,
        actor,
        "commitment.published",
        "commitment",
        commitment.id,
        before=before,
        after=commitment.model_dump(),
    )
    await emit(session, COMMITMENT_PUBLISHED, commitment_payload(commitment))
    return commitment
