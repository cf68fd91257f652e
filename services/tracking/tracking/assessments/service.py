"""Self-assessment (set by the Committee), IRM assessments and indicators."""

import uuid
from datetime import UTC, datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.tracking import IRM_RECORDED, STATUS_CHANGED, IrmAssessmentRecorded, StatusChanged
from kit import audit
from kit.tokens import Principal
from tracking.assessments.errors import CommitmentInactive, InactiveNeedsReason
from tracking.assessments.models import Indicator, IrmAssessment, SelfAssessment
from tracking.assessments.schemas import IrmAssessmentWrite, SelfAssessmentWrite
from tracking.commitments import versions
from tracking.commitments.models import TrackedCommitment
from tracking.webhooks.service import publish_to_webhooks


async def self_assessment(
    session: AsyncSession, commitment: TrackedCommitment
) -> SelfAssessment | None:
    return await session.get(SelfAssessment, (commitment.plan_code, commitment.number))


async def ensure_active(session: AsyncSession, commitment: TrackedCommitment | None) -> None:
    """An inactive commitment stays visible but takes no more updates (409)."""
    if commitment is None:
        return
    current = await self_assessment(session, commitment)
    if current is not None and current.status == "inactive":
        raise CommitmentInactive(
            details={
                "inactive_reason": current.inactive_reason,
                "inactive_since": str(current.inactive_since),
            }
        )


def check_inactive_rule(data: SelfAssessmentWrite) -> None:
    """Inactive is a status with a reason and a date (DOMAIN.md); the API and the demo
    loader apply this same rule."""
    if data.status == "inactive" and not (data.inactive_reason and data.inactive_since):
        raise InactiveNeedsReason()


async def set_self_assessment(
    session: AsyncSession,
    actor: Principal | None,
    plan_code: str,
    number: int,
    data: SelfAssessmentWrite,
) -> SelfAssessment:
    check_inactive_rule(data)
    row = await session.get(SelfAssessment, (plan_code, number))
    before = row.model_dump() if row else None
    row = row or SelfAssessment(plan_code=plan_code, number=number, status=data.status)
    values = data.model_dump()
    if data.status != "inactive":
        values.update(inactive_reason=None, inactive_since=None)
    row.sqlmodel_update(
        values | {"set_by": actor.sub if actor else None, "set_at": datetime.now(UTC)}
    )
    session.add(row)
    await session.flush()
    await versions.bump(session, plan_code)
    await audit.record(
        session,
        actor,
        "self_assessment.set",
        "self_assessment",
        f"{plan_code}:{number}",
        before=before,
        after=row.model_dump(),
    )
    if before is None or before["status"] != row.status:
        await publish_to_webhooks(
            session,
            STATUS_CHANGED,
            StatusChanged(
                plan_code=plan_code,
                commitment_number=number,
                status=row.status,
                inactive_reason=row.inactive_reason,
                inactive_since=row.inactive_since,
            ),
        )
    return row


async def record_irm(
    session: AsyncSession,
    actor: Principal | None,
    plan_code: str,
    number: int,
    data: IrmAssessmentWrite,
    assessment_id: str | None = None,
) -> IrmAssessment:
    row = IrmAssessment(
        id=assessment_id or uuid.uuid4().hex,
        plan_code=plan_code,
        number=number,
        recorded_by=actor.sub if actor else None,
        **data.model_dump(),
    )
    session.add(row)
    await session.flush()
    await versions.bump(session, plan_code)
    await audit.record(
        session, actor, "irm_assessment.recorded", "irm_assessment", row.id, after=row.model_dump()
    )
    await publish_to_webhooks(
        session,
        IRM_RECORDED,
        IrmAssessmentRecorded(plan_code=plan_code, commitment_number=number, **data.model_dump()),
    )
    return row


async def irm_assessments(
    session: AsyncSession, plan_code: str, number: int | None = None
) -> list[IrmAssessment]:
    query = select(IrmAssessment).where(IrmAssessment.plan_code == plan_code)
    if number is not None:
        query = query.where(IrmAssessment.number == number)
    query = query.order_by(
        IrmAssessment.number, IrmAssessment.report_type, IrmAssessment.recorded_at, IrmAssessment.id
    )
    return list(await session.exec(query))


def latest_by_type(rows: list[IrmAssessment]) -> dict[str, IrmAssessment]:
    """The latest of each report type: by assessment date, then by recording time."""
    latest: dict[str, IrmAssessment] = {}
    for row in rows:
        held = latest.get(row.report_type)
        key = (row.assessed_on.isoformat() if row.assessed_on else "", row.recorded_at)
        if held is None or key >= (
            held.assessed_on.isoformat() if held.assessed_on else "",
            held.recorded_at,
        ):
            latest[row.report_type] = row
    return latest


async def indicators(session: AsyncSession, plan_code: str, number: int) -> list[Indicator]:
    query = select(Indicator).where(Indicator.plan_code == plan_code, Indicator.number == number)
    return list(await session.exec(query.order_by(Indicator.key, Indicator.id)))
