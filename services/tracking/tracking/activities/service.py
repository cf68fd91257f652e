"""Handlers of the roadmaps events: versions, key actions, activities, working groups."""

from datetime import UTC, datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.roadmaps import (
    Activity as PublishedActivity,
)
from contracts.roadmaps import (
    Member,
    MemberAdded,
    MemberChanged,
    MemberRemoved,
    RoadmapAmended,
    RoadmapPublished,
)
from kit import audit
from kit.db import insert_ignore
from kit.inbox import Event
from tracking.activities.models import (
    Activity,
    ActivityReschedule,
    KeyAction,
    RoadmapVersion,
    TrackedRoadmap,
    WorkingGroupMember,
)
from tracking.commitments import versions
from tracking.commitments.models import TrackedCommitment


def utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment


async def _keep_version(session: AsyncSession, event: Event, data: RoadmapPublished) -> None:
    await insert_ignore(
        session,
        RoadmapVersion.__table__,
        {
            "roadmap_id": data.roadmap_id,
            "version": data.version,
            "commitment_id": data.commitment_id,
            "topic": event.topic,
            "justification": (
                data.amendment.justification if isinstance(data, RoadmapAmended) else None
            ),
            "payload": event.payload,
            "event_id": event.id,
            "received_at": datetime.now(UTC),
        },
        ["roadmap_id", "version"],
    )


async def _ensure_commitment(session: AsyncSession, event: Event, data: RoadmapPublished) -> None:
    """A roadmap may overtake its commitment's event: keep a placeholder the commitment
    event then completes (no ``source_occurred_at``, so it never looks newer)."""
    if await session.get(TrackedCommitment, data.commitment_id) is not None:
        return
    session.add(
        TrackedCommitment(
            commitment_id=data.commitment_id,
            plan_code=data.plan_code,
            number=data.commitment_number,
            slug=str(data.commitment_number),
            title=data.commitment_title,
            source_event_id=event.id,
        )
    )


async def _reason(session: AsyncSession, act: PublishedActivity, data: RoadmapPublished) -> str:
    """The activity's own reason, unless an earlier change already gave it (a reason left
    in the editor from a previous amendment is not reused); else the amendment's."""
    own = (act.reschedule_reason or "").strip()
    if own:
        given = await session.exec(
            select(ActivityReschedule.reason).where(
                ActivityReschedule.activity_id == act.activity_id
            )
        )
        if own not in set(given):
            return own
    return data.amendment.justification if data.amendment else ""


async def _record_reschedule(
    session: AsyncSession,
    event: Event,
    data: RoadmapPublished,
    item: Activity,
    act: PublishedActivity,
) -> None:
    """A version that moves the dates of an activity tracking already had: keep the change;
    the original dates stay those of the first version."""
    if (item.start_date, item.end_date) == (act.start_date, act.end_date):
        return
    await insert_ignore(
        session,
        ActivityReschedule.__table__,
        {
            "activity_id": act.activity_id,
            "roadmap_version": data.version,
            "commitment_id": data.commitment_id,
            "previous_start_date": item.start_date,
            "previous_end_date": item.end_date,
            "start_date": act.start_date,
            "end_date": act.end_date,
            "reason": await _reason(session, act, data),
            "changed_at": utc(data.published_at) or utc(event.occurred_at),
            "event_id": event.id,
        },
        ["activity_id", "roadmap_version"],
    )


async def _earlier_dates(session: AsyncSession, event: Event, data: RoadmapPublished) -> None:
    """An older version arriving after a newer one (history only): where it had an activity
    before the version its original dates came from, those older dates are the original
    ones, and the newer version's dates a change it made."""
    acts = [act for ka in data.key_actions for act in ka.activities]
    for act in acts:
        item = await session.get(Activity, act.activity_id)
        if item is None or item.original_version is None or item.original_version <= data.version:
            continue
        later = (item.original_start_date, item.original_end_date)
        if later != (act.start_date, act.end_date):
            await insert_ignore(
                session,
                ActivityReschedule.__table__,
                {
                    "activity_id": act.activity_id,
                    "roadmap_version": item.original_version,
                    "commitment_id": data.commitment_id,
                    "previous_start_date": act.start_date,
                    "previous_end_date": act.end_date,
                    "start_date": later[0],
                    "end_date": later[1],
                    **await _change_of_version(session, data, item.original_version, item),
                    "event_id": event.id,
                },
                ["activity_id", "roadmap_version"],
            )
        item.sqlmodel_update(
            {
                "original_start_date": act.start_date,
                "original_end_date": act.end_date,
                "original_version": data.version,
            }
        )
        session.add(item)


async def _change_of_version(
    session: AsyncSession, data: RoadmapPublished, version: int, item: Activity
) -> dict:
    """The reason and date of the change a kept version made to ``item``'s dates."""
    row = await session.get(RoadmapVersion, (data.roadmap_id, version))
    if row is None:
        return {"reason": "", "changed_at": None}
    # the version kept is the payload as published: an amendment's carries ``amendment``
    kind = RoadmapAmended if "amendment" in row.payload else RoadmapPublished
    later = kind.model_validate(row.payload)
    own = next(
        (
            a.reschedule_reason
            for ka in later.key_actions
            for a in ka.activities
            if a.activity_id == item.activity_id and a.reschedule_reason
        ),
        "",
    )
    return {"reason": own or row.justification or "", "changed_at": utc(later.published_at)}


async def _apply_structure(session: AsyncSession, event: Event, data: RoadmapPublished) -> None:
    """Upsert key actions and activities; those the version drops stay, marked not current.
    An activity that keeps its id keeps its status and its original dates; a change of its
    dates is recorded (``ActivityReschedule``)."""
    key_actions = {
        k.key_action_id: k
        for k in await session.exec(
            select(KeyAction).where(KeyAction.commitment_id == data.commitment_id)
        )
    }
    activities = {
        a.activity_id: a
        for a in await session.exec(
            select(Activity).where(Activity.commitment_id == data.commitment_id)
        )
    }
    for row in (*key_actions.values(), *activities.values()):
        row.current = False
        session.add(row)
    for ka in data.key_actions:
        row = key_actions.get(ka.key_action_id) or KeyAction(
            key_action_id=ka.key_action_id, commitment_id=data.commitment_id, title=ka.title
        )
        row.sqlmodel_update(
            {
                "order": ka.order,
                "title": ka.title,
                "weight": ka.weight,
                "responsible_institution": ka.responsible_institution or "",
            }
        )
        row.current = True
        session.add(row)
        for act in ka.activities:
            item = activities.get(act.activity_id)
            if item is None:
                item = Activity(
                    activity_id=act.activity_id,
                    key_action_id=ka.key_action_id,
                    commitment_id=data.commitment_id,
                    title=act.title,
                    original_start_date=act.start_date,
                    original_end_date=act.end_date,
                    original_version=data.version,
                )
            else:
                await _record_reschedule(session, event, data, item, act)
            values = act.model_dump(exclude={"activity_id", "reschedule_reason"})
            values.update(
                key_action_id=ka.key_action_id,
                indicator=act.indicator or "",
                means_of_verification=act.means_of_verification or "",
                current=True,
            )
            item.sqlmodel_update(values)
            session.add(item)


async def _apply_members(
    session: AsyncSession, commitment_id: str, members: list[Member], occurred_at: datetime | None
) -> None:
    """The roadmap's member list is the group as of that version."""
    existing = {
        m.account_id: m
        for m in await session.exec(
            select(WorkingGroupMember).where(WorkingGroupMember.commitment_id == commitment_id)
        )
    }
    listed = {m.account_id for m in members}
    for account_id, row in existing.items():
        if account_id not in listed and row.active and not _newer(row, occurred_at):
            row.active = False
            session.add(row)
    for member in members:
        await _set_member(session, commitment_id, member, True, occurred_at)


def _newer(row: WorkingGroupMember, occurred_at: datetime | None) -> bool:
    seen = utc(row.source_occurred_at)
    return bool(seen and occurred_at and seen > occurred_at)


async def _set_member(
    session: AsyncSession,
    commitment_id: str,
    member: Member,
    active: bool,
    occurred_at: datetime | None,
) -> None:
    row = await session.get(WorkingGroupMember, (commitment_id, member.account_id))
    if row is not None and _newer(row, occurred_at):
        return  # an older event arriving late
    row = row or WorkingGroupMember(
        commitment_id=commitment_id, account_id=member.account_id, sector=member.sector
    )
    row.sqlmodel_update(
        {
            "name": member.name,
            "sector": member.sector,
            "group_role": member.group_role or "",
            "organization": member.organization or "",
            "active": active,
            "source_occurred_at": occurred_at,
            "updated_at": datetime.now(UTC),
        }
    )
    session.add(row)


def _roadmap_values(data: RoadmapPublished) -> dict:
    return {
        "roadmap_id": data.roadmap_id,
        "plan_code": data.plan_code,
        "version": data.version,
        "published_at": utc(data.published_at),
        "responsible_public_servant": _person(data.responsible_public_servant),
        "responsible_cso_person": _person(data.responsible_cso_person),
        "final_result": data.final_result or "",
        "expected_products": data.expected_products,
        "indicators": data.indicators,
        "means_of_verification": data.means_of_verification,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "updated_at": datetime.now(UTC),
    }


def _person(person) -> dict | None:
    # Public pages show names and organisations, never account ids.
    if person is None:
        return None
    return {"name": person.name, "organization": person.organization or ""}


async def record_roadmap(session: AsyncSession, event: Event, data: RoadmapPublished) -> None:
    """``roadmaps.roadmap.published.v1`` / ``.amended.v1`` (a :class:`RoadmapAmended`): keep
    the version; apply it when it is newer than the one in force (an older version arriving
    late is history only)."""
    await _keep_version(session, event, data)
    await _ensure_commitment(session, event, data)
    roadmap = await session.get(TrackedRoadmap, data.commitment_id)
    if roadmap is not None and roadmap.version >= data.version:
        await _earlier_dates(session, event, data)
        return
    before = roadmap.model_dump() if roadmap else None
    roadmap = roadmap or TrackedRoadmap(
        commitment_id=data.commitment_id,
        roadmap_id=data.roadmap_id,
        plan_code=data.plan_code,
        version=data.version,
    )
    roadmap.sqlmodel_update(_roadmap_values(data))
    session.add(roadmap)
    await _apply_structure(session, event, data)
    await _apply_members(session, data.commitment_id, data.members, utc(event.occurred_at))
    await session.flush()
    await versions.bump(session, data.plan_code)
    action = "roadmap.amended" if isinstance(data, RoadmapAmended) else "roadmap.received"
    await audit.record(
        session,
        None,
        action,
        "tracked_roadmap",
        data.commitment_id,
        before=before,
        after=roadmap.model_dump(),
        reason=f"evento {event.id} de {event.source}",
    )


async def record_member_added(session: AsyncSession, event: Event, data: MemberAdded) -> None:
    await _member_changed(session, event, data, active=True)


async def record_member_removed(session: AsyncSession, event: Event, data: MemberRemoved) -> None:
    await _member_changed(session, event, data, active=False)


async def _member_changed(
    session: AsyncSession, event: Event, data: MemberChanged, *, active: bool
) -> None:
    await _set_member(session, data.commitment_id, data.member, active, utc(event.occurred_at))
    await session.flush()
    await versions.bump(session, data.plan_code)
    await audit.record(
        session,
        None,
        "working_group.member_added" if active else "working_group.member_removed",
        "working_group_member",
        f"{data.commitment_id}:{data.member.account_id}",
        after=data.member,
        reason=f"evento {event.id} de {event.source}",
    )


async def active_member(
    session: AsyncSession, commitment_id: str, account_id: str
) -> WorkingGroupMember | None:
    row = await session.get(WorkingGroupMember, (commitment_id, account_id))
    return row if row is not None and row.active else None
