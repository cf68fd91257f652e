"""Progress updates: submitted by government members of the working group, public only after
one validation by a CSO member of that group and one by the Committee.

Races are decided by the database: a validation locks its update's row before it reads the
validations already given (so two at the same moment see each other and the update is
published once), and one pending update per activity is a partial unique index.

The reporter claims at most ``completo``: ``verificado`` is the outcome of verification, a
``completo`` report validated by both sides with links or evidence to back it.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.tracking import UPDATE_PUBLISHED, UpdatePublished
from kit import audit
from kit.pagination import Keyset
from kit.tokens import Principal
from reference.roles import COMMITTEE
from reference.statuses import DONE
from tracking.activities.models import Activity, KeyAction
from tracking.activities.service import active_member
from tracking.assessments.service import ensure_active
from tracking.commitments import versions
from tracking.commitments.models import TrackedCommitment
from tracking.notifications.service import notify_followers
from tracking.updates.errors import (
    ActivityNotFound,
    AlreadyValidated,
    NotAValidator,
    NotCsoMember,
    NotGovernmentMember,
    SameValidator,
    SelfValidation,
    UpdateAlreadyPending,
    UpdateNotFound,
    UpdateNotPending,
    UpdateNotRejected,
)
from tracking.updates.models import ProgressUpdate, UpdateEvidence
from tracking.updates.schemas import Resubmission, UpdateCreate, Validation
from tracking.webhooks.service import publish_to_webhooks


async def get_update(session: AsyncSession, update_id: str) -> ProgressUpdate:
    update = await session.get(ProgressUpdate, update_id)
    if update is None:
        raise UpdateNotFound()
    return update


async def evidence_of(session: AsyncSession, update_ids: list[str]) -> list[UpdateEvidence]:
    if not update_ids:
        return []
    query = select(UpdateEvidence).where(UpdateEvidence.update_id.in_(update_ids))
    return list(await session.exec(query.order_by(UpdateEvidence.created_at, UpdateEvidence.id)))


async def _require_government_member(
    session: AsyncSession, actor: Principal, commitment_id: str
) -> None:
    member = await active_member(session, commitment_id, actor.sub)
    if member is None or member.sector != "government":
        raise NotGovernmentMember()


async def _current_activity(session: AsyncSession, commitment_id: str, activity_id: str):
    activity = await session.get(Activity, activity_id)
    if activity is None or activity.commitment_id != commitment_id or not activity.current:
        raise ActivityNotFound()
    return activity


async def _refuse_second_pending(session: AsyncSession, activity_id: str) -> None:
    query = select(ProgressUpdate.id).where(
        ProgressUpdate.activity_id == activity_id, ProgressUpdate.state == "pending"
    )
    if (await session.exec(query)).first() is not None:
        raise UpdateAlreadyPending()


async def _insert_pending(session: AsyncSession, update: ProgressUpdate) -> None:
    """Insert under a savepoint: a second pending update of the activity, committed by a
    concurrent request after our check, breaks the partial unique index; that is the 409."""
    try:
        async with session.begin_nested():
            session.add(update)
            await session.flush()
    except IntegrityError:
        raise UpdateAlreadyPending() from None


async def submit_update(
    session: AsyncSession, actor: Principal, commitment: TrackedCommitment, data: UpdateCreate
) -> ProgressUpdate:
    await _require_government_member(session, actor, commitment.commitment_id)
    await ensure_active(session, commitment)
    await _current_activity(session, commitment.commitment_id, data.activity_id)
    await _refuse_second_pending(session, data.activity_id)
    update = ProgressUpdate(
        id=uuid.uuid4().hex,
        commitment_id=commitment.commitment_id,
        plan_code=commitment.plan_code,
        activity_id=data.activity_id,
        author_sub=actor.sub,
        author_name=str(actor.claims.get("name") or ""),
        new_status=data.new_status,
        narrative=data.narrative,
        links=[str(u) for u in data.links],
    )
    await _insert_pending(session, update)
    await audit.record(
        session, actor, "update.submitted", "progress_update", update.id, after=update.model_dump()
    )
    return update


async def resubmit(
    session: AsyncSession, actor: Principal, previous: ProgressUpdate, data: Resubmission
) -> ProgressUpdate:
    """A rejected update comes back as a new revision; the rejected one stays on record."""
    await _require_government_member(session, actor, previous.commitment_id)
    commitment = await session.get(TrackedCommitment, previous.commitment_id)
    await ensure_active(session, commitment)
    if previous.state != "rejected":
        raise UpdateNotRejected()
    await _current_activity(session, previous.commitment_id, previous.activity_id)
    await _refuse_second_pending(session, previous.activity_id)
    update = ProgressUpdate(
        id=uuid.uuid4().hex,
        commitment_id=previous.commitment_id,
        plan_code=previous.plan_code,
        activity_id=previous.activity_id,
        revision=previous.revision + 1,
        resubmission_of=previous.id,
        author_sub=actor.sub,
        author_name=str(actor.claims.get("name") or ""),
        new_status=data.new_status or previous.new_status,
        narrative=data.narrative,
        links=[str(u) for u in data.links] if data.links is not None else list(previous.links),
    )
    await _insert_pending(session, update)
    if data.keep_evidence:
        for item in await evidence_of(session, [previous.id]):
            copy = item.model_dump(exclude={"id", "update_id"})
            session.add(UpdateEvidence(id=uuid.uuid4().hex, update_id=update.id, **copy))
    await session.flush()
    await audit.record(
        session,
        actor,
        "update.resubmitted",
        "progress_update",
        update.id,
        after=update.model_dump(),
        reason=f"revisión de {previous.id}",
    )
    return update


async def _side(session: AsyncSession, actor: Principal, update: ProgressUpdate) -> str:
    """Which validation this person gives: the Committee's, or the CSO side's."""
    if actor.is_client:
        raise NotAValidator()
    if actor.role in COMMITTEE:
        return "committee"
    if actor.role != "cso":
        raise NotAValidator()
    member = await active_member(session, update.commitment_id, actor.sub)
    if member is None or member.sector != "cso":
        raise NotCsoMember()
    return "cso"


def _check_validator(actor: Principal, update: ProgressUpdate, side: str) -> None:
    if actor.sub == update.author_sub:
        raise SelfValidation()
    if update.state != "pending":
        raise UpdateNotPending()
    if getattr(update, f"{side}_validated_at") is not None:
        raise AlreadyValidated()
    other = "committee" if side == "cso" else "cso"
    if getattr(update, f"{other}_validated_by") == actor.sub:
        raise SameValidator()


async def validate(
    session: AsyncSession, actor: Principal, update: ProgressUpdate, data: Validation
) -> ProgressUpdate:
    # Lock the row (PostgreSQL; SQLite's write transaction already serialises writers) and
    # read the validations as committed: a concurrent validation cannot be missed.
    await session.refresh(update, with_for_update=True)
    side = await _side(session, actor, update)
    _check_validator(actor, update, side)
    commitment = await session.get(TrackedCommitment, update.commitment_id)
    await ensure_active(session, commitment)
    before = update.model_dump()
    now = datetime.now(UTC)
    if data.decision == "reject":
        update.sqlmodel_update(
            {
                "state": "rejected",
                "rejected_by": actor.sub,
                "rejected_at": now,
                "rejected_side": side,
                "rejection_reason": data.reason,
            }
        )
        action = f"update.rejected_by_{side}"
    else:
        update.sqlmodel_update({f"{side}_validated_by": actor.sub, f"{side}_validated_at": now})
        action = f"update.validated_by_{side}"
    session.add(update)
    await audit.record(
        session,
        actor,
        action,
        "progress_update",
        update.id,
        before=before,
        after=update.model_dump(),
        reason=data.reason,
    )
    if update.cso_validated_at and update.committee_validated_at:
        await _publish(session, update, commitment, now)
    await session.flush()
    return update


async def _publish(
    session: AsyncSession, update: ProgressUpdate, commitment: TrackedCommitment, now: datetime
) -> None:
    """Fully validated: public, and only now the activity takes the new status."""
    update.state = "published"
    update.published_at = now
    session.add(update)
    activity = await session.get(Activity, update.activity_id)
    before = {"status": activity.status}
    activity.status = await _reached_status(session, update)
    activity.status_changed_at = now
    session.add(activity)
    await session.flush()
    await audit.record(
        session,
        None,
        "activity.status_changed",
        "activity",
        activity.activity_id,
        before=before,
        after={"status": activity.status},
        reason=f"actualización {update.id} validada",
    )
    await versions.bump(session, update.plan_code)
    await notify_followers(session, commitment, activity.title)
    await publish_to_webhooks(
        session,
        UPDATE_PUBLISHED,
        UpdatePublished(
            update_id=update.id,
            commitment_id=commitment.commitment_id,
            plan_code=commitment.plan_code,
            commitment_number=commitment.number,
            activity_id=activity.activity_id,
            activity_title=activity.title,
            new_status=activity.status,
            narrative=update.narrative,
            links=list(update.links),
            published_at=now,
        ),
    )


async def _reached_status(session: AsyncSession, update: ProgressUpdate) -> str:
    """A validated ``completo`` backed by links or evidence is ``verificado``; a legacy
    ``verificado`` claim without either is only ``completo``."""
    if update.new_status not in DONE:
        return update.new_status
    backed = bool(update.links) or bool(await evidence_of(session, [update.id]))
    return "verificado" if backed else "completo"


async def list_updates(
    session: AsyncSession, commitment_id: str, state: str | None
) -> list[ProgressUpdate]:
    query = select(ProgressUpdate).where(ProgressUpdate.commitment_id == commitment_id)
    if state:
        query = query.where(ProgressUpdate.state == state)
    query = query.order_by(ProgressUpdate.submitted_at.desc(), ProgressUpdate.id)
    return list(await session.exec(query.limit(500)))


async def published_updates(session: AsyncSession, commitment_id: str) -> list[ProgressUpdate]:
    query = (
        select(ProgressUpdate)
        .where(ProgressUpdate.commitment_id == commitment_id, ProgressUpdate.state == "published")
        .order_by(ProgressUpdate.published_at.desc(), ProgressUpdate.id)
    )
    return list(await session.exec(query))


async def can_see_unpublished(
    session: AsyncSession, actor: Principal | None, commitment_id: str
) -> bool:
    if actor is None or actor.is_client:
        return False
    if actor.role in COMMITTEE:
        return True
    return await active_member(session, commitment_id, actor.sub) is not None


# The Committee's queue: oldest submission first. The submission time is read as a plain
# timezone-aware DateTime: sqlmodel's UTCDateTime reports no Python type, so the Keyset
# could not read a cursor's time back (same SQL, same stored values).
QUEUE_ORDER = Keyset(
    type_coerce(ProgressUpdate.submitted_at, DateTime(timezone=True)).label("submitted_at"),
    ProgressUpdate.id,
    descending=False,
)


async def committee_queue(
    session: AsyncSession, plan_code: str | None, limit: int, cursor: str | None
) -> tuple[list[Any], str | None]:
    """Pending updates the Committee has not validated yet, oldest first, across
    commitments; each row ``(update, commitment, activity, key action)``, the last three
    for the queue's labels (``None`` when tracking no longer has them)."""
    query = (
        select(ProgressUpdate, TrackedCommitment, Activity, KeyAction)
        .join(
            TrackedCommitment,
            TrackedCommitment.commitment_id == ProgressUpdate.commitment_id,
            isouter=True,
        )
        .join(Activity, Activity.activity_id == ProgressUpdate.activity_id, isouter=True)
        .join(KeyAction, KeyAction.key_action_id == Activity.key_action_id, isouter=True)
        .where(
            ProgressUpdate.state == "pending",
            ProgressUpdate.committee_validated_at.is_(None),  # type: ignore[union-attr]
        )
    )
    if plan_code:
        query = query.where(ProgressUpdate.plan_code == plan_code)
    rows = list((await session.exec(QUEUE_ORDER.apply(query, cursor=cursor, limit=limit))).all())
    # The order is the update's (the first of each row); the labels come along.
    updates, next_cursor = QUEUE_ORDER.page([row[0] for row in rows], limit)
    return rows[: len(updates)], next_cursor
