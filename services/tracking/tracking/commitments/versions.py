"""Per-plan change counters: bumped in the transaction of every public change.

A revalidation (``If-None-Match``) then costs one primary-key read, and the computed
dashboard is cached per plan version. ``ALL_PLANS`` counts changes to any plan (open data).
"""

import time
from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.db import insert_ignore
from tracking.commitments.models import PlanState, PublicDataChange

ALL_PLANS = "*"


def _upsert(session: AsyncSession):
    if session.bind.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


async def bump(session: AsyncSession, plan_code: str) -> None:
    """One more change to ``plan_code`` (and to the whole catalogue)."""
    insert = _upsert(session)
    table = PlanState.__table__
    now = datetime.now(UTC)
    for code in sorted({plan_code, ALL_PLANS}):
        stmt = insert(table).values(plan_code=code, version=1, changed_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=["plan_code"],
            set_={"version": table.c.version + 1, "changed_at": now},
        )
        await session.execute(stmt)
    day = {"plan_code": plan_code, "changed_on": now.date()}
    await insert_ignore(session, PublicDataChange.__table__, day, ["plan_code", "changed_on"])
    # After commit, this process's memo forgets these plans (read-your-writes here).
    session.info.setdefault("bumped_plans", set()).update({plan_code, ALL_PLANS})


async def current(session: AsyncSession, plan_code: str) -> int:
    table = PlanState.__table__
    result = await session.execute(select(table.c.version).where(table.c.plan_code == plan_code))
    return int(result.scalar_one_or_none() or 0)


class VersionMemo:
    """Plan versions remembered for ``ttl`` seconds, so a revalidation usually costs no
    database round trip. Changes made by this process are forgotten at commit; a change
    made by another replica shows within ``ttl`` (well under the pages' ``max-age``)."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._seen: dict[str, tuple[int, float]] = {}

    async def get(self, session: AsyncSession, plan_code: str) -> int:
        held = self._seen.get(plan_code)
        now = time.monotonic()
        if held is not None and now - held[1] < self.ttl:
            return held[0]
        version = await current(session, plan_code)
        if len(self._seen) > 10_000:  # unknown plan codes must not grow it without bound
            self._seen.clear()
        self._seen[plan_code] = (version, now)
        return version

    def after_commit(self, session: AsyncSession) -> None:
        for code in session.info.pop("bumped_plans", ()):
            self._seen.pop(code, None)
