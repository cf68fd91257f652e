"""Transactional outbox and its relay.

:func:`emit` writes an event in the caller's transaction, so it exists if and only if the
change that caused it was committed. The :class:`OutboxRelay` delivers pending rows to
each destination's ``/internal/events`` signed with this process's own key
(:mod:`kit.event_signing`), retrying with exponential
backoff; consumers deduplicate by event id (see :mod:`kit.inbox`), so delivery is
at-least-once and the effect exactly-once. Rows are claimed with a lease (and
``FOR UPDATE SKIP LOCKED`` on PostgreSQL) so several relay replicas never double-send
concurrently.

A destination of the form ``<channel>:<name>`` (``mail:outgoing``) is delivered by the
:class:`Channel` registered under that scheme instead of over HTTP. A channel may refuse a
row for good (:class:`PermanentFailure`) or allow only ``max_attempts``; such a row is
recorded with ``failed_at`` and its last error and waits until someone retries it.
"""

import asyncio
import json
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx
from pydantic import BaseModel
from sqlalchemy import func, insert, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from kit import signing
from kit.db import Database
from kit.event_signing import EVENT_SIGNATURE_HEADER, EventSigner
from kit.logging import request_id_var

log = logging.getLogger("kit.outbox")


class PermanentFailure(Exception):
    """Delivery can never succeed as it stands (e.g. the recipient is refused): record the
    row as failed instead of retrying it."""


class Channel(Protocol):
    """Delivers rows whose destination starts with ``<scheme>:`` (the relay's ``channels``)."""

    max_attempts: int | None  # None: retry for ever

    async def deliver(self, row: Mapping[str, Any]) -> None:
        """Deliver one row; raise :class:`PermanentFailure`, or anything else to retry."""
        ...

    def delivered_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        """What stays of the payload once delivered (drop what need not be kept)."""
        ...


@dataclass(frozen=True)
class _GaveUp:
    error: str


@dataclass(frozen=True)
class EventRoutes:
    """Which destinations receive which topics: data from configuration."""

    destinations: Mapping[str, str] = field(default_factory=dict)  # name -> base URL
    subscriptions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # name -> prefixes

    def for_topic(self, topic: str) -> list[str]:
        return [
            self.destinations[name].rstrip("/") + "/internal/events"
            for name, prefixes in self.subscriptions.items()
            if name in self.destinations and any(topic.startswith(p) for p in prefixes)
        ]


async def emit(
    session: AsyncSession,
    topic: str,
    payload: dict[str, Any] | BaseModel,
    *,
    extra_destinations: list[str] | None = None,
) -> str:
    """Record an event for delivery after commit; returns the event id.

    ``payload`` is a dict, or the pydantic model of the topic's contract: it is stored as
    JSON (``mode="json"``, by alias), as a consumer parses it back."""
    if isinstance(payload, BaseModel):
        payload = payload.model_dump(mode="json", by_alias=True)
    tables = session.info["kit"]
    routes: EventRoutes = session.info.get("event_routes") or EventRoutes()
    event_id = uuid.uuid4().hex
    now = datetime.now(UTC)
    targets = routes.for_topic(topic) + list(extra_destinations or [])
    for destination in targets:
        await session.execute(
            insert(tables.outbox).values(
                id=uuid.uuid4().hex,
                event_id=event_id,
                destination=destination,
                topic=topic,
                payload=payload,
                occurred_at=now,
                available_at=now,
                attempts=0,
                request_id=request_id_var.get(),
                seq=time.time_ns(),
            )
        )
    if targets:
        session.info["outbox_dirty"] = True
    return event_id


def backoff_seconds(attempts: int, cap: float = 300.0) -> float:
    """Exponential backoff with jitter, capped at five minutes by default."""
    base = min(cap, 2.0 ** min(attempts, 16))
    return base * (0.5 + random.random() / 2)


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        *,
        source: str,
        signer: EventSigner,
        http: httpx.AsyncClient,
        batch_size: int = 100,
        poll_interval: float = 1.0,
        lease_seconds: float = 30.0,
        timeout: float = 10.0,
        channels: Mapping[str, Channel] | None = None,
        only: str | None = None,
        exclude: tuple[str, ...] = (),
        backoff_cap: float = 300.0,
    ) -> None:
        """``channels`` deliver ``<scheme>:...`` destinations; ``only`` / ``exclude`` are
        destination prefixes this relay claims / leaves to another relay."""
        self.db = db
        self.source = source
        self.signer = signer
        self.http = http
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.lease = timedelta(seconds=lease_seconds)
        self.timeout = timeout
        self.channels = dict(channels or {})
        self.only = only
        self.exclude = exclude
        self.backoff_cap = backoff_cap
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task | None = None
        # Optional: a per-destination HMAC secret (an agency webhook's own, header
        # X-Cocrea-Signature); None: an internal delivery, signed with ``signer``.
        self.destination_secret: Callable[[str], Awaitable[str | None]] | None = None
        # Optional: a reason not to deliver to a destination now (e.g. a webhook whose host
        # resolves to an internal address); the event stays queued and is retried later.
        self.destination_check: Callable[[str], Awaitable[str | None]] | None = None
        # Optional: sends to some destinations itself, ``(destination, body, headers,
        # timeout)`` -> the response, a refusal text (the event stays queued), or None for the
        # shared client (e.g. webhooks connected to the very address that was checked).
        self.destination_post: (
            Callable[[str, bytes, dict[str, str], float], Awaitable[httpx.Response | str | None]]
            | None
        ) = None
        db.after_commit_hooks.append(self._after_commit)

    def _after_commit(self, session: AsyncSession) -> None:
        # get, not pop: every relay of the process (one per channel) hears of the commit.
        if session.info.get("outbox_dirty", False):
            self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    async def _claim(self) -> list[dict[str, Any]]:
        now = datetime.now(UTC)
        async with self.db.transaction() as session:
            table = session.info["kit"].outbox
            due = (
                select(table)
                .where(
                    table.c.delivered_at.is_(None),
                    table.c.failed_at.is_(None),
                    table.c.available_at <= now,
                    (table.c.claimed_until.is_(None)) | (table.c.claimed_until < now),
                    *self._scope(table),
                )
                .order_by(table.c.seq)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            )
            rows = [dict(r._mapping) for r in await session.execute(due)]
            if rows:
                await session.execute(
                    update(table)
                    .where(table.c.id.in_([r["id"] for r in rows]))
                    .values(claimed_until=now + self.lease)
                )
        return rows

    def _scope(self, table: Any) -> list[Any]:
        """The destination filters of this relay (rows other relays deliver are left)."""
        clauses = [~table.c.destination.startswith(prefix) for prefix in self.exclude]
        if self.only is not None:
            clauses.append(table.c.destination.startswith(self.only))
        return clauses

    def _channel(self, destination: str) -> Channel | None:
        scheme, colon, _rest = destination.partition(":")
        return self.channels.get(scheme) if colon else None

    async def _deliver(self, row: dict[str, Any]) -> str | _GaveUp | None:
        """Deliver one row; returns an error text, a permanent failure, or None."""
        channel = self._channel(row["destination"])
        if channel is None:
            return await self._post(row)
        try:
            await channel.deliver(row)
        except PermanentFailure as exc:
            return _GaveUp(str(exc) or type(exc).__name__)
        except Exception as exc:  # any other failure is worth another attempt
            error = f"{type(exc).__name__}: {exc}"
            if channel.max_attempts is not None and row["attempts"] + 1 >= channel.max_attempts:
                return _GaveUp(f"{error} (after {row['attempts'] + 1} attempts)")
            return error
        return None

    async def _post(self, row: dict[str, Any]) -> str | None:
        """POST one event; returns an error text, or None when it was accepted."""
        if self.destination_check is not None:
            refused = await self.destination_check(row["destination"])
            if refused:
                return refused
        occurred = row["occurred_at"]
        body = json.dumps(
            {
                "id": row["event_id"],
                "topic": row["topic"],
                "source": self.source,
                "occurred_at": occurred.isoformat() if occurred else None,
                "payload": row["payload"],
            },
            ensure_ascii=False,
        ).encode()
        headers = {"content-type": "application/json"}
        secret = None
        if self.destination_secret is not None:
            secret = await self.destination_secret(row["destination"])
        if secret is None:
            headers[EVENT_SIGNATURE_HEADER] = self.signer.header(body)
        else:
            headers[signing.SIGNATURE_HEADER] = signing.sign(secret, body)
        if row.get("request_id"):
            headers["x-request-id"] = row["request_id"]
        try:
            response = None
            if self.destination_post is not None:
                response = await self.destination_post(
                    row["destination"], body, headers, self.timeout
                )
                if isinstance(response, str):
                    return response
            if response is None:
                response = await self.http.post(
                    row["destination"], content=body, headers=headers, timeout=self.timeout
                )
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"
        if 200 <= response.status_code < 300:
            return None
        return f"HTTP {response.status_code}: {response.text[:300]}"

    async def run_once(self) -> int:
        """Deliver one batch; returns how many events were accepted."""
        rows = await self._claim()
        if not rows:
            return 0
        failed_destinations: set[str] = set()
        results: dict[str, str | _GaveUp | None] = {}
        for row in rows:
            # Keep per-destination order: after a failure, later events wait their turn.
            if row["destination"] in failed_destinations:
                results[row["id"]] = "skipped"
                continue
            error = await self._deliver(row)
            results[row["id"]] = error
            if isinstance(error, str):
                failed_destinations.add(row["destination"])
                log.warning(
                    "event delivery failed",
                    extra={
                        "topic": row["topic"],
                        "destination": row["destination"],
                        "error": error,
                    },
                )
            elif isinstance(error, _GaveUp):
                log.error(
                    "event delivery gave up",
                    extra={"topic": row["topic"], "destination": row["destination"]},
                )
        await self._record(rows, results)
        return sum(1 for e in results.values() if e is None)

    async def _record(
        self, rows: list[dict[str, Any]], results: dict[str, str | _GaveUp | None]
    ) -> None:
        now = datetime.now(UTC)
        async with self.db.transaction() as session:
            table = session.info["kit"].outbox
            for row in rows:
                error = results[row["id"]]
                if error is None:
                    values = {
                        "delivered_at": now,
                        "claimed_until": None,
                        "last_error": None,
                        "attempts": row["attempts"] + 1,
                    }
                    channel = self._channel(row["destination"])
                    if channel is not None:
                        values["payload"] = channel.delivered_payload(row["payload"])
                elif isinstance(error, _GaveUp):
                    values = {
                        "attempts": row["attempts"] + 1,
                        "failed_at": now,
                        "claimed_until": None,
                        "last_error": error.error[:2000],
                    }
                elif error == "skipped":
                    values = {"claimed_until": None}
                else:
                    attempts = row["attempts"] + 1
                    values = {
                        "attempts": attempts,
                        "available_at": now
                        + timedelta(seconds=backoff_seconds(attempts, self.backoff_cap)),
                        "claimed_until": None,
                        "last_error": error[:2000],
                    }
                await session.execute(update(table).where(table.c.id == row["id"]).values(**values))

    async def backlog(self) -> int:
        async with self.db.transaction(read_only=True) as session:
            table = session.info["kit"].outbox
            result = await session.execute(
                select(func.count())
                .select_from(table)
                .where(
                    table.c.delivered_at.is_(None),
                    table.c.failed_at.is_(None),
                    *self._scope(table),
                )
            )
            return int(result.scalar_one())

    async def drain(self, max_rounds: int = 100) -> int:
        """Deliver until nothing due is left (tests and the demo loader use this)."""
        total = 0
        for _ in range(max_rounds):
            delivered = await self.run_once()
            total += delivered
            if delivered == 0:
                break
        return total

    async def run_forever(self) -> None:
        while not self._stopping:
            try:
                delivered = await self.run_once()
            except Exception:  # a database hiccup must not kill the relay
                log.exception("outbox relay round failed")
                delivered = 0
            if delivered:
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)
            except TimeoutError:
                pass

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self.run_forever(), name=f"outbox-relay-{self.source}")

    async def stop(self) -> None:
        """Finish the batch under way, then stop."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, timeout=self.timeout + 5)
            except TimeoutError:
                self._task.cancel()
            self._task = None
