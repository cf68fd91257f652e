"""Prometheus metrics for every process: one ASGI middleware and ``GET /metrics``.

Requests are counted and timed by *route template* (``/topics/{topic_id}/votes``, never
the raw path, so the number of series stays bounded; a path no route matched is
``<unmatched>``) and status. A process adds its own numbers with :class:`RouteCounter`
(successful answers of one route, e.g. votes cast) and :class:`DbGauge` (a ``SELECT
count(*)`` evaluated at scrape time, e.g. updates waiting for validation); the outbox
backlog is a gauge of every process that has a relay.

``/metrics`` is answered by the middleware itself, before any routing or proxying, and is
never public: with ``<SERVICE>_METRICS_TOKEN`` set it needs ``Authorization: Bearer
<token>``; without a token it answers only in ``dev`` and ``test`` (404 in production).
Each app has its own registry, so several apps in one process (tests) never collide; run
one uvicorn worker per container (the counters are per process, Prometheus sums them).
"""

import hmac
import logging
import os
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy.sql import Select

log = logging.getLogger("kit.metrics")
METRICS_PATH = "/metrics"
UNMATCHED = "<unmatched>"
NOT_FOUND_BODY = b'{"error": {"code": "not_found", "message": "No encontrado.", "details": null}}'
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class RouteCounter:
    """Counts the 2xx answers of one route (method + template) as ``name``."""

    name: str
    description: str
    method: str
    route: str


@dataclass(frozen=True)
class DbGauge:
    """A number read from the process's database when Prometheus scrapes."""

    name: str
    description: str
    query: Select


Refresh = Callable[[], Awaitable[None]]


class Metrics:
    """The registry of one app and the series the middleware writes."""

    def __init__(self, service: str, counters: Sequence[RouteCounter] = ()) -> None:
        self.service = service
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "cocrea_http_requests",
            "HTTP requests answered, by route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "cocrea_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and status.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.route_counters = {
            (c.method.upper(), c.route): Counter(c.name, c.description, registry=self.registry)
            for c in counters
        }
        self._children: dict[tuple[str, str, int], tuple[Any, Any, Any]] = {}
        self._gauges: dict[str, Gauge] = {}
        self._refreshers: list[Refresh] = []

    def gauge(self, name: str, description: str) -> Gauge:
        if name not in self._gauges:  # a lifespan that runs again reuses its gauges
            self._gauges[name] = Gauge(name, description, registry=self.registry)
        return self._gauges[name]

    def on_scrape(self, refresh: Refresh) -> None:
        self._refreshers.append(refresh)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            # Resolving label children takes a lock and a dict lookup: do it once per series.
            labels = (method, route, str(status))
            extra = self.route_counters.get((method, route))
            children = (self.requests.labels(*labels), self.latency.labels(*labels), extra)
            self._children[key] = children
        count, latency, extra = children
        count.inc()
        latency.observe(seconds)
        if extra is not None and 200 <= status < 300:
            extra.inc()

    async def render(self) -> bytes:
        for refresh in self._refreshers:
            try:
                await refresh()
            except Exception:  # a slow or missing database must not break the scrape
                log.exception("metrics refresh failed")
        return generate_latest(self.registry)


def add_db_gauges(metrics: Metrics, db: Any, gauges: Sequence[DbGauge], relay: Any) -> None:
    """Outbox backlog (when there is a relay) and the process's own database gauges."""
    metrics._refreshers.clear()
    if relay is not None:
        backlog = metrics.gauge("cocrea_outbox_backlog", "Outbox rows not yet delivered.")

        async def _backlog() -> None:
            backlog.set(await relay.backlog())

        metrics.on_scrape(_backlog)
    for spec in gauges:
        gauge = metrics.gauge(spec.name, spec.description)

        async def _refresh(gauge: Gauge = gauge, query: Select = spec.query) -> None:
            async with db.transaction(read_only=True) as session:
                gauge.set(float((await session.execute(query)).scalar_one() or 0))

        metrics.on_scrape(_refresh)


def metrics_token(settings: Any, service: str) -> str | None:
    """``settings.metrics_token``, or ``<SERVICE>_METRICS_TOKEN`` for settings without it."""
    token = getattr(settings, "metrics_token", None)
    if token is None:
        token = os.environ.get(f"{service.upper()}_METRICS_TOKEN")
    return token or None


class MetricsMiddleware:
    """Pure ASGI: times each request and serves ``/metrics`` (see the module docstring)."""

    def __init__(self, app: Any, *, metrics: Metrics, token: str | None, open_: bool) -> None:
        self.app = app
        self.metrics = metrics
        self.token = f"Bearer {token}".encode() if token else None
        self.open = open_

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == METRICS_PATH:
            await self._serve(scope, send)
            return
        started = time.perf_counter()
        status = 500

        async def _send(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            self.metrics.observe(
                scope["method"], route_template(scope), status, time.perf_counter() - started
            )

    def _allowed(self, scope: dict) -> bool:
        if self.token is None:
            return self.open
        for key, value in scope["headers"]:
            if key == b"authorization":
                return hmac.compare_digest(value, self.token)
        return False

    async def _serve(self, scope: dict, send: Any) -> None:
        if not self._allowed(scope):
            status, body, kind = 404, NOT_FOUND_BODY, b"application/json"
        else:
            status, body, kind = 200, await self.metrics.render(), CONTENT_TYPE_LATEST.encode()
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def route_template(scope: dict) -> str:
    """The matched route's template; the gateway's proxy sets ``cocrea.route`` itself."""
    proxied = scope.get("cocrea.route")
    if proxied:
        return proxied
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path or UNMATCHED


def install_metrics(
    app: Any,
    *,
    service: str,
    settings: Any,
    counters: Sequence[RouteCounter] = (),
) -> Metrics:
    """Add the middleware (outermost but for the request-id one) and return the registry."""
    metrics = Metrics(service, counters)
    open_without_token = getattr(settings, "environment", "production") in ("dev", "test")
    app.add_middleware(
        MetricsMiddleware,
        metrics=metrics,
        token=metrics_token(settings, service),
        open_=open_without_token,
    )
    app.state.metrics = metrics
    return metrics
