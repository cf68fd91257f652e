"""Idempotent event consumer: ``POST /internal/events``.

The event id goes into ``inbox_event`` with ``ON CONFLICT DO NOTHING`` in the same
transaction as the handler's work: a redelivered event finds its id and changes nothing;
a handler that fails rolls back the inbox row too, and the relay delivers again later.

Before that, a delivery must prove its producer (:mod:`kit.event_signing`): signed by one
of the public keys of the ``source`` it claims, within the time bound (else 401), and for
a topic that source produces (else 403). A pod broken into can forge nothing in another
producer's name, nor a topic another producer owns.

A handler is a plain ``fn(session, event)`` reading ``event.payload`` (a dict), or a
:class:`Consumer` (also written ``(model, fn)``): the payload is parsed into ``model`` (the
topic's contract) and ``fn(session, event, data)`` gets the model; a payload that does not
fit is refused with a 422 (the kit's error shape, ``details``: pydantic's errors) and
nothing is recorded, so the relay keeps the event, says why and retries it (a consumer not
yet redeployed with a newer contract gets it once it is). Cocrea's processes register only
Consumers of the topic's own model in ``contracts`` (``tests/events/test_contracts.py``).
"""

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, FastAPI, Request
from fastapi.routing import APIRoute
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


M = TypeVar("M", bound=BaseModel)
EVENTS_PATH = "/internal/events"


class InvalidEventPayload(Unprocessable):
    code = "invalid_event_payload"
    message = "El contenido del evento no cumple el contrato de su tema."


@dataclass(frozen=True)
class Consumer(Generic[M]):
    """A handler whose payload is parsed into ``model`` first: ``fn(session, event, data)``.

    ``invalid`` makes the refusal of a payload that does not fit (called with
    ``details=<pydantic's errors>``); :class:`InvalidEventPayload` by default."""

    model: type[M]
    fn: Callable[[AsyncSession, Event, M], Awaitable[None]]
    invalid: Callable[..., Exception] = InvalidEventPayload

    def parse(self, event: Event) -> M:
        try:
            return self.model.model_validate(event.payload)
        except ValidationError as exc:
            raise self.invalid(details=exc.errors(include_url=False)) from None

    async def __call__(self, session: AsyncSession, event: Event) -> None:
        await self.fn(session, event, self.parse(event))


PlainHandler = Callable[[AsyncSession, Event], Awaitable[None]]
Handler = PlainHandler | Consumer[Any] | tuple[type[BaseModel], Callable[..., Awaitable[None]]]


def as_consumer(handler: Handler) -> PlainHandler | Consumer[Any]:
    """A ``(model, fn)`` pair as its :class:`Consumer`; other handlers as they are."""
    if isinstance(handler, tuple):
        model, fn = handler
        return Consumer(model, fn)
    return handler


def payload_model(handler: Handler) -> type[BaseModel] | None:
    """The model a handler parses its payload into (None: a plain dict handler)."""
    handler = as_consumer(handler)
    return handler.model if isinstance(handler, Consumer) else None


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
        # A Consumer refuses a payload that does not fit before any work; raising rolls
        # the inbox row back with the rest, so a corrected redelivery is still processed.
        await as_consumer(handler)(session, event)
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
    handlers = {topic: as_consumer(handler) for topic, handler in handlers.items()}

    @router.post(EVENTS_PATH)
    async def receive_event(request: Request) -> dict[str, str]:
        """Receive one event from another process's outbox relay."""
        event = authenticated_event(request, await request.body())
        status = await consume(request.app.state.db, event, handlers)
        return {"status": status}

    receive_event.event_handlers = handlers  # type: ignore[attr-defined]  # handlers_of
    return router


def handlers_of(app: FastAPI) -> Mapping[str, Handler]:
    """The handlers an app's ``POST /internal/events`` dispatches to, by topic (empty when
    it has no inbox): what a process consumes, read from the app itself."""
    routes = list(app.router.routes)
    while routes:
        route = routes.pop(0)
        included = getattr(route, "original_router", None)  # an included router (0.143+)
        if included is not None:
            routes.extend(included.routes)
        elif isinstance(route, APIRoute) and route.path == EVENTS_PATH:
            return getattr(route.endpoint, "event_handlers", {})
    return {}
