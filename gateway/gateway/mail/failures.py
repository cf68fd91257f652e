"""Messages that failed for good: listed for admins and queued again on request."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.mail.messages import MAIL_DESTINATION
from gateway.mail.schemas import MailFailureRead
from kit import audit
from kit.errors import NotFound
from kit.pagination import Keyset
from kit.tokens import Principal


def _view(row: Any) -> MailFailureRead:
    payload = row.payload or {}
    return MailFailureRead(
        id=row.id,
        to=str(payload.get("to", "")),
        subject=str(payload.get("subject", "")),
        kind=str(payload.get("kind", "")),
        attempts=row.attempts,
        last_error=row.last_error,
        queued_at=row.occurred_at,
        failed_at=row.failed_at,
    )


async def list_failures(
    session: AsyncSession, *, limit: int, cursor: str | None
) -> tuple[list[MailFailureRead], str | None]:
    """Failed messages, oldest queued first (``seq`` order, stable across pages)."""
    table = session.info["kit"].outbox
    query = select(table).where(
        table.c.destination == MAIL_DESTINATION, table.c.failed_at.is_not(None)
    )
    keyset = Keyset(table.c.seq, descending=False)
    query = keyset.apply(query, cursor=cursor, limit=limit)
    rows, next_cursor = keyset.page((await session.execute(query)).all(), limit)
    return [_view(r) for r in rows], next_cursor


async def retry_failure(
    session: AsyncSession, actor: Principal, failure_id: str
) -> MailFailureRead:
    """Queue a failed message again, with a fresh budget of attempts (admin)."""
    table = session.info["kit"].outbox
    row = (
        await session.execute(
            select(table).where(
                table.c.id == failure_id,
                table.c.destination == MAIL_DESTINATION,
                table.c.failed_at.is_not(None),
            )
        )
    ).first()
    if row is None:
        raise NotFound("No hay un mensaje fallido con ese identificador.", code="mail_not_found")
    before = _view(row)
    now = datetime.now(UTC)
    await session.execute(
        update(table)
        .where(table.c.id == failure_id)
        .values(failed_at=None, attempts=0, available_at=now, claimed_until=None)
    )
    session.info["outbox_dirty"] = True  # wake the relay at commit
    after = before.model_copy(update={"failed_at": None, "attempts": 0})
    # No address in the append-only audit log: the id, the kind and why it had failed.
    await audit.record(
        session,
        actor,
        "mail.retried",
        "mail",
        failure_id,
        after={"kind": before.kind, "last_error": before.last_error},
    )
    return after
