"""The roadmaps' open-data rows: the working groups of published commitments with their
public members (name, organisation, sector and role; never an account or an e-mail) and
the meetings with their attendance counts (never who attended)."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.datapackage import join, newest
from roadmaps.commitments.models import Commitment
from roadmaps.groups.models import WorkingGroup, WorkingGroupMember
from roadmaps.meetings.models import Meeting, headcount

PUBLISHED = Commitment.status == "published"


async def _newest(session: AsyncSession, *columns: Any) -> datetime | None:
    found = [(await session.execute(select(func.max(c)))).scalar() for c in columns]
    return newest(*found)


async def groups_rows(session: AsyncSession, _settings: Any = None) -> list[dict[str, Any]]:
    counts = dict(
        (
            await session.execute(
                select(WorkingGroupMember.commitment_id, func.count()).group_by(
                    WorkingGroupMember.commitment_id
                )
            )
        ).all()
    )
    rows = await session.execute(
        select(WorkingGroup, Commitment)
        .join(Commitment, Commitment.id == WorkingGroup.commitment_id)
        .where(PUBLISHED)
        .order_by(Commitment.plan_code, Commitment.number)
    )
    return [
        {
            "commitment_id": c.id,
            "plan_code": c.plan_code,
            "commitment_number": c.number,
            "commitment_title": c.title,
            "rules_of_operation": g.rules_of_operation,
            "members": int(counts.get(c.id, 0)),
            "updated_at": g.updated_at,
        }
        for g, c in rows.all()
    ]


async def groups_modified(session: AsyncSession) -> datetime | None:
    return await _newest(session, WorkingGroup.updated_at, WorkingGroupMember.added_at)


async def members_rows(session: AsyncSession, _settings: Any = None) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(WorkingGroupMember, Commitment)
        .join(Commitment, Commitment.id == WorkingGroupMember.commitment_id)
        .where(PUBLISHED)
        .order_by(
            Commitment.plan_code,
            Commitment.number,
            WorkingGroupMember.sector,
            WorkingGroupMember.name,
            WorkingGroupMember.account_id,
        )
    )
    out, seen = [], {}
    for m, c in rows.all():
        seen[c.id] = seen.get(c.id, 0) + 1
        out.append(
            {
                "commitment_id": c.id,
                "plan_code": c.plan_code,
                "commitment_number": c.number,
                "position": seen[c.id],
                "name": m.name,
                "organization": m.organization,
                "sector": m.sector,
                "group_role": m.group_role,
                "added_at": m.added_at,
            }
        )
    return out


async def meetings_rows(session: AsyncSession, _settings: Any = None) -> list[dict[str, Any]]:
    meetings = (
        await session.execute(select(Meeting).order_by(Meeting.held_on, Meeting.id))
    ).scalars()
    out = []
    for m in meetings:
        totals = {k: sum(a[k] for a in m.attendance) for k in ("women", "men", "other")}
        out.append(
            {
                "id": m.id,
                "plan_code": m.plan_code,
                "kind": m.kind,
                "commitment_id": m.commitment_id,
                "held_on": m.held_on,
                "attendees_women": totals["women"],
                "attendees_men": totals["men"],
                "attendees_other": totals["other"],
                "attendees_total": sum(headcount(a) for a in m.attendance),
                "minutes": m.minutes,
                "minutes_url": m.minutes_url,
                "agreements": join(m.agreements),
                "created_at": m.created_at,
            }
        )
    return out


async def meetings_modified(session: AsyncSession) -> datetime | None:
    return await _newest(session, Meeting.created_at)


async def attendance_rows(session: AsyncSession, _settings: Any = None) -> list[dict[str, Any]]:
    meetings = (
        await session.execute(select(Meeting).order_by(Meeting.held_on, Meeting.id))
    ).scalars()
    return [
        {
            "meeting_id": m.id,
            "sector": a["sector"],
            "women": a["women"],
            "men": a["men"],
            "other": a["other"],
            "total": headcount(a),
        }
        for m in meetings
        for a in sorted(m.attendance, key=lambda a: a["sector"])
    ]
