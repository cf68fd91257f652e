"""``GET /metrics`` on every process: labelled by route template, never public."""

import re
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI, HTTPException

from consultation.config import ConsultationSettings
from consultation.main import create_app as create_consultation
from frontend.config import FrontendSettings
from frontend.main import create_app as create_frontend
from kit.metrics import RouteCounter, install_metrics
from tests.conftest import Databases, migrate, running, service_settings
from tests.tracking.conftest import deliver, published_event


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one series in the Prometheus text format (None when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if labels else "")
    match = re.search(rf"^{pattern} ([0-9.e+-]+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else None


async def test_tracking_counts_by_route_template_and_reports_its_queues(tracking):
    assert (await deliver(tracking, published_event("c-1", 1))).status_code < 300
    for _ in range(3):
        assert (await tracking.get("/plans/MX-4PA/commitments")).status_code == 200
    await tracking.get("/no/such/path/123")
    text = (await tracking.get("/metrics")).text
    route = {"method": "GET", "route": "/plans/{plan_code}/commitments", "status": "200"}
    assert sample(text, "cocrea_http_requests_total", **route) == 3
    assert sample(text, "cocrea_http_request_duration_seconds_count", **route) == 3
    assert sample(text, "cocrea_http_requests_total", method="GET", route="<unmatched>",
                  status="404") == 1  # fmt: skip
    assert "MX-4PA" not in text and "/no/such" not in text  # raw paths never become labels
    assert sample(text, "cocrea_tracking_updates_pending_validation") == 0
    assert sample(text, "cocrea_outbox_backlog") is not None


async def test_consultation_exposes_the_votes_counter(databases: Databases, jwks_file: str):
    url = await databases.new("consultation")
    await migrate("consultation", url)
    app = create_consultation(service_settings(ConsultationSettings, url, jwks_file))
    async with running(app) as client:
        text = (await client.get("/metrics")).text
    assert sample(text, "cocrea_consultation_votes_cast_total") == 0
    assert sample(text, "cocrea_outbox_backlog") == 0


async def test_route_counter_counts_only_successful_answers():
    app = FastAPI()

    @app.post("/topics/{topic_id}/votes", status_code=201)
    async def vote(topic_id: str) -> dict:
        if topic_id == "closed":
            raise HTTPException(409)
        return {}

    counter = RouteCounter("votes_cast", "Votes.", "POST", "/topics/{topic_id}/votes")
    install_metrics(app, service="probe", settings=None, counters=[counter])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        for topic in ("a", "b", "closed"):
            await client.post(f"/topics/{topic}/votes")
        text = (await app.state.metrics.render()).decode()
    assert sample(text, "votes_cast_total") == 2


@pytest.mark.parametrize(
    ("environment", "token", "header", "status"),
    [
        ("test", None, None, 200),  # dev/test without a token: open (local scraping)
        ("production", None, None, 404),  # production without a token: never answered
        ("production", "s3cret-metrics-token", None, 404),
        ("production", "s3cret-metrics-token", "Bearer wrong", 404),
        ("production", "s3cret-metrics-token", "Bearer s3cret-metrics-token", 200),
    ],
)
async def test_metrics_need_the_bearer_token_outside_dev(environment, token, header, status):
    app = FastAPI()
    settings = SimpleNamespace(environment=environment, metrics_token=token)
    install_metrics(app, service="probe", settings=settings)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": header} if header else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/metrics", headers=headers)
    assert response.status_code == status
    if status == 200:
        assert "cocrea_http_requests_total" in response.text or "# HELP" in response.text


async def test_frontend_reads_its_token_from_the_environment(monkeypatch):
    monkeypatch.setenv("FRONTEND_METRICS_TOKEN", "front-metrics-token-1")
    app = create_frontend(FrontendSettings(environment="production"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        refused = await client.get("/metrics")
        allowed = await client.get(
            "/metrics", headers={"Authorization": "Bearer front-metrics-token-1"}
        )
    assert (refused.status_code, allowed.status_code) == (404, 200)


async def test_gateway_labels_proxied_calls_by_the_route_table_and_never_proxies_metrics(
    start_gateway,
):
    async def upstream(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"items": []})

    async with start_gateway(
        service_transport=httpx.MockTransport(upstream), metrics_token="gw-metrics-token-123"
    ) as client:
        for process in ("p-1", "p-2"):
            response = await client.get(f"/api/v1/consultation/processes/{process}")
            assert response.status_code == 200
        anonymous = await client.get("/metrics")
        via_proxy = await client.get("/api/v1/consultation/metrics")
        text = (
            await client.get("/metrics", headers={"Authorization": "Bearer gw-metrics-token-123"})
        ).text
    assert anonymous.status_code == 404 and via_proxy.status_code == 404
    route = "/api/v1/consultation/processes/{process_id}"
    assert sample(text, "cocrea_http_requests_total", method="GET", route=route, status="200") == 2
    assert "p-1" not in text
    assert sample(text, "cocrea_outbox_backlog") == 0
