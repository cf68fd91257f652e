"""Read and save the Committee's narrative: every save is one compare-and-swap.

A save names the version it started from (``If-Match``); the database applies it only if
that is still the current version. Version 0 means "nothing written yet": the first save
is an insert, and two first saves racing hit the primary key, so one of them gets a 412.
"""

import re
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.errors import PreconditionFailed, PreconditionRequired
from kit.tokens import Principal
from tracking.commitments import versions
from tracking.documents.models import PlanNarrative, PlanNarrativeVersion
from tracking.documents.schemas import NarrativeContent, NarrativeRead

_STRONG_ETAG = re.compile(r'^"(\d{1,9})"$')


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None) -> int:
    """The version ``If-Match`` names: 428 when missing, -1 (never current) when malformed."""
    value = (if_match or "").strip()
    if not value or value == "*":
        raise PreconditionRequired(
            details={"header": "If-Match", "hint": "Envía la ETag que recibiste al leer."}
        )
    match = _STRONG_ETAG.match(value)
    return int(match.group(1)) if match else -1


def read_of(plan_code: str, row: PlanNarrative | None) -> NarrativeRead:
    if row is None:
        return NarrativeRead(plan_code=plan_code, version=0, content=NarrativeContent())
    return NarrativeRead(
        plan_code=plan_code,
        version=row.version,
        content=NarrativeContent.model_validate(row.content),
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


async def current(session: AsyncSession, plan_code: str) -> NarrativeRead:
    return read_of(plan_code, await session.get(PlanNarrative, plan_code))


async def _stale(session: AsyncSession, plan_code: str) -> PreconditionFailed:
    now = await current(session, plan_code)
    return PreconditionFailed(
        details={
            "current_version": now.version,
            "etag": etag(now.version),
            "current": now.content.model_dump(mode="json"),
        },
        headers={"ETag": etag(now.version)},
    )


async def _swap(
    session: AsyncSession, plan_code: str, expected: int, values: dict, new: int
) -> bool:
    if expected == 0:
        try:
            async with session.begin_nested():
                session.add(PlanNarrative(plan_code=plan_code, version=new, **values))
                await session.flush()
        except IntegrityError:
            return False
        return True
    table = PlanNarrative.__table__
    result = await session.execute(
        update(table)
        .where(table.c.plan_code == plan_code, table.c.version == expected)
        .values(version=new, **values)
    )
    return result.rowcount == 1


async def save(
    session: AsyncSession,
    actor: Principal | None,
    plan_code: str,
    expected: int,
    content: NarrativeContent,
) -> NarrativeRead:
    """Save ``content`` as the next version if ``expected`` is still current (else 412)."""
    before = await current(session, plan_code)
    if expected != before.version:
        raise await _stale(session, plan_code)
    new = expected + 1
    body = content.model_dump(mode="json")
    sub = actor.sub if actor else None
    values = {"content": body, "updated_by": sub, "updated_at": datetime.now(UTC)}
    if not await _swap(session, plan_code, expected, values, new):
        raise await _stale(session, plan_code)
    session.add(
        PlanNarrativeVersion(plan_code=plan_code, version=new, content=body, author_sub=sub)
    )
    await versions.bump(session, plan_code)
    await audit.record(
        session,
        actor,
        "plan_narrative.saved",
        "plan_narrative",
        plan_code,
        before=before.content.model_dump(mode="json") if before.version else None,
        after=body,
    )
    session.expire_all()
    return await current(session, plan_code)


async def version_of(session: AsyncSession, plan_code: str, version: int) -> NarrativeRead | None:
    row = await session.get(PlanNarrativeVersion, (plan_code, version))
    if row is None:
        return None
    return NarrativeRead(
        plan_code=plan_code,
        version=row.version,
        content=NarrativeContent.model_validate(row.content),
        updated_by=row.author_sub,
        updated_at=row.created_at,
    )
