"""Business rules of the commitments; knows nothing of HTTP."""

from typing import Any

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.concurrency import compare_and_swap, stale
from kit.outbox import emit
from kit.pagination import Keyset
from kit.tokens import Principal
from reference.roles import STAFF
from roadmaps.commitments import continuity
from roadmaps.commitments.errors import (
    CommitmentAlreadyPublished,
    CommitmentNotFound,
    CommitmentNumberTaken,
    InvalidPlanScope,
)
from roadmaps.commitments.events import (
    COMMITMENT_PUBLISHED,
    commitment_payload,
    theme_origin_destinations,
)
from roadmaps.commitments.models import Commitment
from roadmaps.commitments.schemas import CommitmentCreate, CommitmentRead, CommitmentUpdate
from roadmaps.db import utcnow
from roadmaps.groups.service import ensure_group

# A plan's commitments in order (a number is unique within its plan).
BY_PLAN_AND_NUMBER = Keyset(Commitment.plan_code, Commitment.number, descending=False)


def sees_draft_commitments(viewer: Principal | None) -> bool:
    """The platform's staff (everybody but citizens) see commitments not yet published;
    everybody else, the published ones."""
    return viewer is not None and viewer.role in STAFF


async def list_commitments(
    session: AsyncSession,
    viewer: Principal | None,
    *,
    plan_code: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Commitment], str | None]:
    query = select(Commitment)
    if not sees_draft_commitments(viewer):
        query = query.where(Commitment.status == "published")
    if plan_code:
        query = query.where(Commitment.plan_code == plan_code)
    query = BY_PLAN_AND_NUMBER.apply(query, cursor=cursor, limit=limit)
    return BY_PLAN_AND_NUMBER.page((await session.execute(query)).scalars().all(), limit)


async def get_commitment(
    session: AsyncSession, commitment_id: str, viewer: Principal | None
) -> Commitment:
    commitment = await session.get(Commitment, commitment_id)
    visible = commitment is not None and (
        commitment.status == "published" or sees_draft_commitments(viewer)
    )
    if not visible:
        raise CommitmentNotFound()
    return commitment


async def _check_number_free(session: AsyncSession, plan_code: str, number: int) -> None:
    taken = await session.execute(
        select(Commitment.id).where(Commitment.plan_code == plan_code, Commitment.number == number)
    )
    if taken.first() is not None:
        raise CommitmentNumberTaken(details={"plan_code": plan_code, "number": number})


async def create_commitment(
    session: AsyncSession, actor: Principal | None, data: CommitmentCreate, **source: Any
) -> Commitment:
    """A draft commitment and its (empty) working group. ``source`` carries the
    traceability fields of a commitment that comes from a consultation theme."""
    await _check_number_free(session, data.plan_code, data.number)
    await continuity.check(session, data.plan_code, None, data.continues_commitment_id)
    commitment = Commitment(**data.model_dump(), **source)
    session.add(commitment)
    await session.flush()
    await ensure_group(session, commitment.id)
    await audit.record(
        session,
        actor,
        "commitment.created",
        "commitment",
        commitment.id,
        after=commitment.model_dump(),
    )
    return commitment


async def _reload(session: AsyncSession, commitment_id: str) -> Commitment:
    query = (
        select(Commitment)
        .where(Commitment.id == commitment_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalar_one()


def _changes(commitment: Commitment, data: CommitmentUpdate) -> dict[str, Any]:
    """The fields a PATCH sets (null clears only ``state_code``), checked as a whole."""
    sent = data.model_dump(exclude_unset=True)
    changes = {k: v for k, v in sent.items() if v is not None or k == "state_code"}
    if changes.get("plan_level") == "federal":
        changes.setdefault("state_code", None)
    level = changes.get("plan_level", commitment.plan_level)
    state = changes.get("state_code", commitment.state_code)
    if (level == "state") != (state is not None):
        raise InvalidPlanScope(details={"plan_level": level, "state_code": state})
    return changes | {"updated_at": utcnow()}


async def update_commitment(
    session: AsyncSession,
    actor: Principal,
    commitment: Commitment,
    expected: int,
    data: CommitmentUpdate,
) -> Commitment:
    """Change a draft commitment if nobody saved it since version ``expected``."""
    if commitment.status == "published":
        raise CommitmentAlreadyPublished("El compromiso ya está publicado; ya no se edita.")
    before = commitment.model_dump()
    changes = _changes(commitment, data)
    if "continues_commitment_id" in changes:
        await continuity.check(
            session, commitment.plan_code, commitment.id, changes["continues_commitment_id"]
        )
    if changes.get("number") not in (None, commitment.number):
        await _check_number_free(session, commitment.plan_code, changes["number"])
    if not await compare_and_swap(session, Commitment, commitment.id, expected, changes):
        current = await _reload(session, commitment.id)
        raise stale(current.version, CommitmentRead.model_validate(current).model_dump(mode="json"))
    updated = await _reload(session, commitment.id)
    await audit.record(
        session,
        actor,
        "commitment.updated",
        "commitment",
        commitment.id,
        before=before,
        after=updated.model_dump(),
    )
    return updated


async def publish_commitment(
    session: AsyncSession, actor: Principal | None, commitment_id: str
) -> Commitment:
    commitment = await session.get(Commitment, commitment_id)
    if commitment is None:
        raise CommitmentNotFound()
    before = commitment.model_dump()
    now = utcnow()
    # Conditional on the status in one statement: two concurrent publishes announce once.
    result = await session.execute(
        update(Commitment.__table__)
        .where(Commitment.id == commitment_id, Commitment.status == "draft")
        .values(
            status="published", published_at=now, updated_at=now, version=Commitment.version + 1
        )
    )
    if result.rowcount != 1:
        raise CommitmentAlreadyPublished()
    commitment = await _reload(session, commitment_id)
    await audit.record(
        session,
        actor,
        "commitment.published",
        "commitment",
        commitment.id,
        before=before,
        after=commitment.model_dump(),
    )
    await emit(
        session,
        COMMITMENT_PUBLISHED,
        commitment_payload(commitment),
        extra_destinations=theme_origin_destinations(session, commitment),
    )
    return commitment
