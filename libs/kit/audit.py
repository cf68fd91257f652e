"""Append-only audit log: who did what, when, with the state before and after.

Every state change goes through :func:`record`, inside the same transaction as the change
itself, so the log and the data can never disagree.
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.logging import request_id_var
from kit.tables import KitTables
from kit.tokens import Principal


def _tables(session: AsyncSession) -> KitTables:
    return session.info["kit"]


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "model_dump"):
        return _jsonable(value.model_dump(mode="json"))
    return str(value)


async def record(
    session: AsyncSession,
    actor: Principal | None,
    action: str,
    entity_type: str,
    entity_id: str,
    *,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
) -> None:
    await session.execute(
        insert(_tables(session).audit).values(
            occurred_at=datetime.now(UTC),
            actor_sub=actor.sub if actor else None,
            actor_role=actor.role if actor else "system",
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            before=_jsonable(before),
            after=_jsonable(after),
            reason=reason,
            request_id=request_id_var.get(),
        )
    )


async def history(session: AsyncSession, entity_type: str, entity_id: str) -> list[dict[str, Any]]:
    table = _tables(session).audit
    rows = await session.execute(
        select(table)
        .where(table.c.entity_type == entity_type, table.c.entity_id == str(entity_id))
        .order_by(table.c.id)
    )
    return [dict(r._mapping) for r in rows]
