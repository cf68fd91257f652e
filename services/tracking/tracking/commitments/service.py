"""The tracked commitments: recorded from roadmaps' events, listed and read; knows nothing
of HTTP."""

from datetime import UTC, datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.roadmaps import ROADMAP_AMENDED, CommitmentPublished
from kit import audit
from kit.inbox import Event
from kit.pagination import Keyset
from tracking.activities.models import RoadmapVersion
from tracking.commitments import versions
from tracking.commitments.errors import CommitmentNotFound, RoadmapVersionNotFound
from tracking.commitments.models import TrackedCommitment

# A plan's commitments in number order.
PLAN_ORDER = Keyset(TrackedCommitment.number, TrackedCommitment.commitment_id, descending=False)


async def list_plan_commitments(
    session: AsyncSession, plan_code: str, *, limit: int, cursor: str | None
) -> tuple[list[TrackedCommitment], str | None]:
    """A plan's commitments in number order."""
    query = select(TrackedCommitment).where(TrackedCommitment.plan_code == plan_code)
    rows = await session.exec(PLAN_ORDER.apply(query, cursor=cursor, limit=limit))
    return PLAN_ORDER.page(rows, limit)


async def get_commitment(session: AsyncSession, commitment_id: str) -> TrackedCommitment:
    commitment = await session.get(TrackedCommitment, commitment_id)
    if commitment is None:
        raise CommitmentNotFound()
    return commitment


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment


def _is_stale(tracked: TrackedCommitment | None, occurred_at: datetime | None) -> bool:
    if tracked is None or tracked.source_occurred_at is None or occurred_at is None:
        return False
    return occurred_at < tracked.source_occurred_at


# The columns of the public copy taken from the event as they come (``source_theme_id``
# stays with roadmaps and the consultation).
_COPIED = (
    "plan_code",
    "number",
    "slug",
    "title",
    "lead_institutions",
    "cso_coresponsible",
    "areas",
    "supporting_institutions",
    "cso_accompanying",
    "demo",
)


async def record_published_commitment(
    session: AsyncSession, event: Event, data: CommitmentPublished
) -> None:
    """Handler of ``roadmaps.commitment.published.v1``: insert or update the copy.

    The kit inbox already drops a redelivered event; this also ignores an older event that
    arrives after a newer one for the same commitment (several relay replicas may reorder).
    """
    occurred_at = _utc(event.occurred_at)
    tracked = await session.get(TrackedCommitment, data.commitment_id)
    if _is_stale(tracked, occurred_at):
        return
    before = tracked.model_dump() if tracked is not None else None
    tracked = tracked or TrackedCommitment(commitment_id=data.commitment_id)
    values = data.model_dump(include=set(_COPIED))
    values.update(
        problem=data.problem,
        summary=data.summary,
        published_at=_utc(data.published_at),
        source_event_id=event.id,
        source_occurred_at=occurred_at,
        updated_at=datetime.now(UTC),
    )
    for name, value in values.items():
        setattr(tracked, name, value)
    session.add(tracked)
    await session.flush()
    await versions.bump(session, tracked.plan_code)
    action = "commitment.received" if before is None else "commitment.updated"
    await audit.record(
        session,
        None,
        action,
        "tracked_commitment",
        tracked.commitment_id,
        before=before,
        after=tracked.model_dump(),
        reason=f"evento {event.id} de {event.source}",
    )


async def roadmap_version(session: AsyncSession, commitment_id: str, version: int) -> dict:
    row = (
        await session.exec(
            select(RoadmapVersion).where(
                RoadmapVersion.commitment_id == commitment_id, RoadmapVersion.version == version
            )
        )
    ).first()
    if row is None:
        raise RoadmapVersionNotFound()
    return {
        "version": row.version,
        "kind": "amended" if row.topic == ROADMAP_AMENDED else "published",
        "justification": row.justification,
        "received_at": row.received_at.isoformat(),
        "content": row.payload,
    }
