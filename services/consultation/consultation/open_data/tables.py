"""The consultation's open-data rows: public topics with their published answers, the
published themes, and the participation statistics exactly as the statistics domain
publishes them (small cells suppressed). Never an author, an account or a person key."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.processes.models import Process
from consultation.responses.models import Response
from consultation.statistics import service as statistics
from consultation.statistics.models import Participation
from consultation.systematization.models import Theme, ThemeTopic
from consultation.topics.models import Topic
from consultation.votes.models import Vote
from kit.datapackage import join, newest

PUBLIC_TOPICS = ("published", "merged")  # hidden and withdrawn topics are not published
NO_KEY = "sin_dato"  # the cell of people who did not say (null in the statistics API)


async def _plans(session: AsyncSession) -> dict[str, str]:
    return dict((await session.execute(select(Process.id, Process.plan_code))).all())


async def _newest(session: AsyncSession, *columns: Any) -> datetime | None:
    found = [(await session.execute(select(func.max(c)))).scalar() for c in columns]
    return newest(*found)


async def topics_rows(session: AsyncSession, _settings: Any = None) -> list[dict[str, Any]]:
    plans = await _plans(session)
    topics = (
        await session.execute(
            select(Topic)
            .where(Topic.status.in_(PUBLIC_TOPICS))
            .order_by(Topic.process_id, Topic.created_at, Topic.id)
        )
    ).scalars()
    themes = dict(
        (
            await session.execute(
                select(ThemeTopic.topic_id, ThemeTopic.theme_id)
                .join(Theme, Theme.id == ThemeTopic.theme_id)
                .where(Theme.status != "draft")
            )
        ).all()
    )
    answers = {
        a.subject_id: a
        for a in (
            await session.execute(
                select(Response).where(
                    Response.subject_type == "topic", Response.status == "published"
                )
            )
        ).scalars()
    }
    out = []
    for t in topics:
        answer = answers.get(t.id)
        out.append(
            {
                "id": t.id,
                "process_id": t.process_id,
                "plan_code": plans.get(t.process_id),
                "title": t.title,
                "problem": t.problem,
                "affected": t.affected,
                "solution": t.solution,
                "area": t.area,
                "sdg_tags": join(t.sdg_tags),
                "state_code": t.state_code,
                "channel": t.channel,
                "status": t.status,
                "merged_into_id": t.merged_into_id,
                "votes_count": t.votes_count,
                "theme_id": themes.get(t.id),
                "answer_state": answer.state if answer else None,
                "answer_justification": answer.justification if answer else None,
                "answer_published_at": answer.published_at if answer else None,
                "created_at": t.created_at,
                "updated_at": t.updated_at,
            }
        )
    return out


async def topics_modified(session: AsyncSession) -> datetime | None:
    return await _newest(session, Topic.updated_at, Response.updated_at, Theme.updated_at)


async def themes_rows(session: AsyncSession, _settings: Any = None) -> list[dict[str, Any]]:
    plans = await _plans(session)
    counts = dict(
        (
            await session.execute(
                select(ThemeTopic.theme_id, func.count()).group_by(ThemeTopic.theme_id)
            )
        ).all()
    )
    themes = (
        await session.execute(
            select(Theme)
            .where(Theme.status != "draft")
            .order_by(Theme.process_id, Theme.published_at, Theme.id)
        )
    ).scalars()
    return [
        {
            "id": t.id,
            "process_id": t.process_id,
            "plan_code": plans.get(t.process_id),
            "title": t.title,
            "description": t.description,
            "areas": join(t.areas),
            "status": t.status,
            "commitment_id": t.commitment_id,
            "topics": int(counts.get(t.id, 0)),
            "published_at": t.published_at,
            "promoted_at": t.promoted_at,
        }
        for t in themes
    ]


async def themes_modified(session: AsyncSession) -> datetime | None:
    return await _newest(session, Theme.updated_at, ThemeTopic.added_at)


async def statistics_rows(session: AsyncSession, settings: Any) -> list[dict[str, Any]]:
    """The published figures of every process, one row per cell: a suppressed cell has no
    count, as on the statistics page; nothing finer than what that page shows."""
    out = []
    processes = (await session.execute(select(Process).order_by(Process.starts_on))).scalars()
    for process in list(processes):
        stats = await statistics.compute(session, process.id, settings.min_published_cell)
        cells = [("totals", key, cell) for key, cell in stats["totals"].items()]
        cells += [(name, c["key"], c) for name, table in stats["tables"].items() for c in table]
        for table, key, cell in cells:
            out.append(
                {
                    "process_id": process.id,
                    "plan_code": process.plan_code,
                    "table": table,
                    "key": key or NO_KEY,
                    "label": key if table == "totals" else cell["label"],
                    "count": cell["count"],
                    "suppressed": cell["suppressed"],
                }
            )
    return out


async def statistics_modified(session: AsyncSession) -> datetime | None:
    return await _newest(session, Participation.recorded_at, Vote.created_at, Topic.updated_at)
