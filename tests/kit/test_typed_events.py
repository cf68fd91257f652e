"""Typed event payloads in the kit: ``emit`` takes a pydantic model (stored as JSON, by
alias); the inbox parses a :class:`kit.inbox.Consumer`'s payload into its model, refuses one
that does not fit with a 422 in the one error shape and records nothing, and still runs the
plain dict handlers; ``handlers_of`` reads an app's handlers back."""

import json
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import MetaData, select

from kit.db import Database
from kit.errors import Unprocessable, install_error_handlers
from kit.event_signing import EventSigner, EventVerifier, new_private_key, public_key_of
from kit.inbox import Consumer, Event, handlers_of, inbox_router, payload_model
from kit.outbox import EventRoutes, emit
from kit.tables import install_kit_tables

metadata = MetaData()
kit_tables = install_kit_tables(metadata)
KEY = new_private_key()
TOPIC = "roadmaps.thing.done.v1"  # a topic of a known producer (kit.event_signing)


class ThingDone(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    thing_id: str = Field(min_length=1)
    held_on: date
    kind: str = Field(alias="type")


class TheirError(Unprocessable):
    code = "invalid_thing_event"
    message = "La cosa llegó incompleta."


@pytest.fixture
async def db(databases):
    database = Database(
        await databases.new("kit"),
        info={"kit": kit_tables, "event_routes": EventRoutes({"t": "http://t"}, {"t": ("",)})},
    )
    async with database.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield database
    await database.dispose()


def app_with(db: Database, handlers: dict[str, Any]) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.state.db = db
    app.state.event_verifier = EventVerifier({"roadmaps": [public_key_of(KEY)]})
    app.include_router(inbox_router(handlers))
    return app


async def deliver(app: FastAPI, payload: dict[str, Any], topic: str = TOPIC) -> httpx.Response:
    body = json.dumps(
        {"id": uuid.uuid4().hex, "topic": topic, "source": "roadmaps", "payload": payload}
    ).encode()
    headers = {
        "content-type": "application/json",
        "X-Cocrea-Event-Signature": EventSigner(KEY).header(body),
    }
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.post("/internal/events", content=body, headers=headers)


async def inbox_rows(db: Database) -> list:
    async with db.transaction(read_only=True) as session:
        return list(await session.execute(select(kit_tables.inbox)))


async def test_emit_stores_a_model_as_json_by_alias(db):
    async with db.transaction() as session:
        await emit(session, TOPIC, ThingDone(thing_id="t1", held_on=date(2020, 2, 3), kind="x"))
    async with db.transaction(read_only=True) as session:
        [row] = list(await session.execute(select(kit_tables.outbox)))
    assert row.payload == {"thing_id": "t1", "held_on": "2020-02-03", "type": "x"}


async def test_emit_still_takes_a_dict(db):
    async with db.transaction() as session:
        await emit(session, TOPIC, {"n": 1})
    async with db.transaction(read_only=True) as session:
        [row] = list(await session.execute(select(kit_tables.outbox)))
    assert row.payload == {"n": 1}


@pytest.mark.parametrize("form", ["consumer", "pair"])
async def test_a_consumer_gets_its_payload_parsed_into_the_model(db, form):
    received: list[tuple[str, ThingDone]] = []

    async def on_thing(session, event: Event, data: ThingDone) -> None:
        received.append((event.topic, data))

    handler = Consumer(ThingDone, on_thing) if form == "consumer" else (ThingDone, on_thing)
    app = app_with(db, {TOPIC: handler})

    answer = await deliver(app, {"thing_id": "t1", "held_on": "2020-02-03", "type": "x"})

    assert answer.status_code == 200 and answer.json() == {"status": "processed"}
    assert received == [(TOPIC, ThingDone(thing_id="t1", held_on=date(2020, 2, 3), kind="x"))]
    assert len(await inbox_rows(db)) == 1


async def test_a_payload_off_its_contract_is_refused_and_nothing_is_recorded(db):
    called = []

    async def on_thing(session, event, data) -> None:
        called.append(data)

    app = app_with(db, {TOPIC: Consumer(ThingDone, on_thing)})

    answer = await deliver(app, {"thing_id": "t1", "held_on": "not a date", "type": "x", "n": 1})

    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "invalid_event_payload"
    assert error["message"] == "El contenido del evento no cumple el contrato de su tema."
    assert {(tuple(e["loc"]), e["type"]) for e in error["details"]} == {
        (("held_on",), "date_from_datetime_parsing"),
        (("n",), "extra_forbidden"),
    }
    assert called == [] and await inbox_rows(db) == []

    fixed = await deliver(app, {"thing_id": "t1", "held_on": "2020-02-03", "type": "x"})
    assert fixed.json() == {"status": "processed"} and len(called) == 1


async def test_a_consumer_may_name_its_own_refusal(db):
    async def on_thing(session, event, data) -> None:
        raise AssertionError("not reached")

    app = app_with(db, {TOPIC: Consumer(ThingDone, on_thing, invalid=TheirError)})

    answer = await deliver(app, {"thing_id": ""})

    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_thing_event"
    assert answer.json()["error"]["message"] == "La cosa llegó incompleta."
    assert await inbox_rows(db) == []


async def test_a_plain_dict_handler_still_works_beside_consumers(db):
    seen: list[dict] = []

    async def plain(session, event: Event) -> None:
        seen.append(event.payload)

    app = app_with(db, {TOPIC: plain, "roadmaps.other.v1": (ThingDone, plain)})

    answer = await deliver(app, {"anything": ["goes"]})

    assert answer.json() == {"status": "processed"}
    assert seen == [{"anything": ["goes"]}]


def test_handlers_of_reads_what_an_app_consumes_and_the_models():
    async def plain(session, event) -> None: ...

    async def typed(session, event, data) -> None: ...

    app = FastAPI()
    app.include_router(inbox_router({TOPIC: plain, "roadmaps.other.v1": (ThingDone, typed)}))

    handlers = handlers_of(app)

    assert set(handlers) == {TOPIC, "roadmaps.other.v1"}
    assert payload_model(handlers[TOPIC]) is None
    assert payload_model(handlers["roadmaps.other.v1"]) is ThingDone
    assert handlers_of(FastAPI()) == {}


class Apps(httpx.AsyncBaseTransport):
    """The consumer as deployed now (``app``), swapped in place as a rolling deploy would."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await httpx.ASGITransport(app=self.app).handle_async_request(request)


async def test_a_payload_an_older_consumer_refuses_waits_in_the_outbox_until_it_is_redeployed(db):
    """Rolling deploys: a producer already sending a new field reaches a consumer whose
    contract does not know it yet; the 422 is one more failed attempt (retried with backoff),
    never a delivery given up, and the event goes through once the consumer is redeployed."""
    from kit.outbox import OutboxRelay

    class ThingDoneV2(ThingDone):  # the producer's newer contract: one field more
        colour: str = "blue"

    seen: list[BaseModel] = []

    async def on_thing(session, event, data) -> None:
        seen.append(data)

    apps = Apps(app_with(db, {TOPIC: Consumer(ThingDone, on_thing)}))  # the older consumer
    async with httpx.AsyncClient(transport=apps) as http:
        relay = OutboxRelay(
            db, source="roadmaps", signer=EventSigner(KEY), http=http, backoff_cap=0.0
        )
        async with db.transaction() as session:
            new = ThingDoneV2(thing_id="t1", held_on=date(2020, 2, 3), kind="x", colour="red")
            await emit(session, TOPIC, new)

        assert await relay.run_once() == 0
        async with db.transaction(read_only=True) as session:
            [row] = list(await session.execute(select(kit_tables.outbox)))
        assert row.delivered_at is None and row.failed_at is None  # pending, not given up
        assert row.attempts == 1 and row.last_error.startswith("HTTP 422")
        assert "extra_forbidden" in row.last_error and seen == []

        apps.app = app_with(db, {TOPIC: Consumer(ThingDoneV2, on_thing)})  # redeployed
        assert await relay.drain() == 1
    async with db.transaction(read_only=True) as session:
        [row] = list(await session.execute(select(kit_tables.outbox)))
    assert row.delivered_at is not None and row.attempts == 2
    assert [s.colour for s in seen] == ["red"]
