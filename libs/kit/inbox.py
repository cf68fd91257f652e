"""Idempotent event consumer: ``POST /internal/events``.

The event id goes into ``inbox_event`` with ``ON CONFLICT DO NOTHING`` in the same
transaction as the handler's work: a redelivered event finds its id and changes nothing;
a handler that fails rolls back the inbox row too, and the relay delivers again later.
"""

from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import signing
from kit.db import Database, insert_ignore
from kit.errors import Unauthorized, Unprocessable


class Event(BaseModel):
    id: str
    topic: str
    source: str
    occurred_at: datetime | None = None
    payload: dict[str, Any]


Handler = Callable[[AsyncSession, Event], Awaitable[None]]


async def consume(db: Database, event: Event, handlers: Mapping[str, Handler]) -> str:
    async with db.transaction() as session:
        fresh = await insert_ignore(
            session,
            session.info["kit"].inbox,
            {
                "event_id": event.id,
                "topic": event.topic,
                "source": event.source,
                "received_at": datetime.now(UTC),
            },
            ["event_id"],
        )
        if not fresh:
            return "duplicate"
        handler = handlers.get(event.topic)
        if handler is None:
            return "ignored"
        await handler(session, event)
        return "processed"


def inbox_router(handlers: Mapping[str, Handler]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.post("/internal/events")
    async def receive_event(request: Request) -> dict[str, str]:
        """Receive one event from another service's outbox relay."""
        body = await request.body()
        secret = request.app.state.settings.internal_secret
        if not signing.verify(secret, body, request.headers.get(signing.SIGNATURE_HEADER)):
            raise Unauthorized("Firma de evento inválida.", code="invalid_signature")
        try:
            event = Event.model_validate_json(body)
        except ValidationError as exc:
            raise Unprocessable("Evento mal formado.", details=exc.errors()) from None
        status = await consume(request.app.state.db, event, handlers)
        return {"status": status}

    return router
