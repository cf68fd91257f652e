"""Idempotent event consumer: ``POST /internal/events``.

The event id goes into ``inbox_event`` with ``ON CONFLICT DO NOTHING`` in the same
transaction as the handler's work: a redelivered event finds its id and changes nothing;
a handler that fails rolls back the inbox row too, and the relay delivers again later.

Before that, a delivery must prove its producer (:mod:`kit.event_signing`): signed by one
of the public keys of the ``source`` it claims, within the time bound (else 401), and for
a topic that source produces (else 403). A pod broken into can forge nothing in another
producer's name, nor a topic another producer owns.
"""

import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.db import Database, insert_ignore
from kit.errors import Forbidden, Unauthorized, Unprocessable
from kit.event_signing import EVENT_SIGNATURE_HEADER, EventVerifier, producer_of


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


def _claimed_source(body: bytes) -> str | None:
    try:
        document = json.loads(body)
    except ValueError:
        return None
    source = document.get("source") if isinstance(document, dict) else None
    return source if isinstance(source, str) else None


def _verifier(request: Request) -> EventVerifier:
    state = request.app.state
    if getattr(state, "event_verifier", None) is None:
        state.event_verifier = state.settings.event_verifier()
    return state.event_verifier


def authenticated_event(request: Request, body: bytes) -> Event:
    """The event of a delivery its claimed producer signed, for a topic it owns."""
    verifier = _verifier(request)
    source = _claimed_source(body)
    if source is None or not verifier.knows(source):
        raise Unauthorized("Origen de evento desconocido.", code="unknown_event_source")
    if not verifier.verify(source, body, request.headers.get(EVENT_SIGNATURE_HEADER)):
        raise Unauthorized("Firma de evento inválida.", code="invalid_signature")
    try:
        event = Event.model_validate_json(body)
    except ValidationError as exc:
        raise Unprocessable("Evento mal formado.", details=exc.errors()) from None
    if producer_of(event.topic) != source:
        raise Forbidden(
            "Este origen no publica ese tema.",
            code="topic_not_allowed",
            details={"source": source, "topic": event.topic},
        )
    return event


def inbox_router(handlers: Mapping[str, Handler]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.post("/internal/events")
    async def receive_event(request: Request) -> dict[str, str]:
        """Receive one event from another process's outbox relay."""
        event = authenticated_event(request, await request.body())
        status = await consume(request.app.state.db, event, handlers)
        return {"status": status}

    return router
