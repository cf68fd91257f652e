"""The home page a citizen opens: the process calendar and the plan's commitments."""

import re
from datetime import date
from html.parser import HTMLParser

import httpx

from frontend.views import build_timeline
from tests.frontend.conftest import GATEWAY, PLAN, process_document


class Outline(HTMLParser):
    """Collects what a screen reader relies on: lang, headings, ids, landmarks, links."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = values.get("lang")
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


async def test_home_lists_the_thirteen_commitments_in_order(start_frontend, fake_gateway):
    async with start_frontend(fake_gateway) as client:
        response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert html.count('class="commitment"') == 13
    titles = [c["title"] for c in sorted(PLAN["commitments"], key=lambda c: c["number"])]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "13 compromisos publicados" in html


async def test_timeline_shows_phases_with_mexican_spanish_dates(start_frontend, fake_gateway):
    async with start_frontend(fake_gateway) as client:
        html = (await client.get("/")).text
    assert "Consulta de temas" in html
    assert '<time datetime="2019-05-24">24 de mayo de 2019</time>' in html
    assert html.count('class="phase ') == len(PLAN["process_phases"]) + 2
    assert "Concluida" in html  # the 2019 phases are long over


async def test_the_open_consultation_comes_first_and_is_marked_current(
    start_frontend, fake_gateway
):
    async with start_frontend(fake_gateway) as client:
        html = (await client.get("/")).text
    assert html.index("Quinto Plan de Acción") < html.index(PLAN["plan"]["title"])
    current = re.findall(
        r'<li class="phase phase-current" aria-current="step">\s*<h4>(.*?)</h4>', html
    )
    assert current == ['<span class="phase-number">Fase 1.</span> Consulta de temas']
    assert 'Del <time datetime="2026-11-14">14 de noviembre de 2026</time>' in html


async def test_processes_listed_without_phases_are_read_one_by_one(start_frontend, fake_gateway):
    fake_gateway.processes = [{"id": "p-5pa", "title": "Quinto Plan de Acción de México"}]
    async with start_frontend(fake_gateway) as client:
        html = (await client.get("/")).text
    assert "Sistematización" in html
    assert any(r.url.path.endswith("/processes/p-5pa") for r in fake_gateway.requests)


async def test_page_is_spanish_and_navigable_by_keyboard_and_screen_reader(
    start_frontend, fake_gateway
):
    async with start_frontend(fake_gateway) as client:
        html = (await client.get("/")).text
    page = outline(html)
    assert page.lang == "es-MX"
    assert page.tags.count("h1") == 1
    assert page.tags.index("h2") < page.tags.index("h3") < page.tags.index("h4")
    assert {"main", "header", "nav", "footer"} <= set(page.tags)
    assert page.links[0] == "#contenido" and "contenido" in page.ids
    assert "Saltar al contenido principal" in html
    assert not re.search(r"<script|https?://(?!gateway\.test)[^\"]*\.(css|js)", html)


async def test_the_website_reads_only_from_the_gateway(start_frontend, fake_gateway):
    async with start_frontend(fake_gateway) as client:
        await client.get("/")
    assert fake_gateway.requests
    assert {f"{r.url.scheme}://{r.url.host}" for r in fake_gateway.requests} == {GATEWAY}
    commitment_calls = [r for r in fake_gateway.requests if r.url.path.endswith("/commitments")]
    assert all(r.url.params["plan_code"] == "MX-4PA" for r in commitment_calls)
    assert len(commitment_calls) == 2  # followed next_cursor past the first page


async def test_gateway_down_shows_a_friendly_spanish_page(start_frontend):
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with start_frontend(unreachable) as client:
        response = await client.get("/")
    assert response.status_code == 503
    assert "No logramos comunicarnos con el servicio de datos" in response.text
    assert outline(response.text).lang == "es-MX"
    assert "Traceback" not in response.text


async def test_one_failing_service_blanks_only_its_section(start_frontend, fake_gateway):
    fake_gateway.failing.add("/api/v1/roadmaps/")
    async with start_frontend(fake_gateway) as client:
        response = await client.get("/")
    assert response.status_code == 200
    assert "24 de mayo de 2019" in response.text
    assert "Los compromisos no están disponibles en este momento" in response.text


async def test_health_and_stylesheet_are_served_locally(start_frontend, fake_gateway):
    async with start_frontend(fake_gateway) as client:
        health = await client.get("/healthz")
        css = await client.get("/static/site.css")
    assert health.json() == {"status": "ok", "service": "frontend"}
    assert css.status_code == 200 and ".skip-link" in css.text


def test_current_phase_is_marked_for_assistive_technology():
    timeline = build_timeline(process_document(), today=date(2019, 6, 1))
    states = [phase.state for phase in timeline.phases]
    assert states[0] == "current" and set(states[1:]) == {"upcoming"}
    assert timeline.phases[0].starts_label == "24 de mayo de 2019"
