"""The consultation's results (SVG charts with table alternatives, suppressed cells) and the
draft plan with its comments, answers and the phase-closed refusal."""

import json
import re

import httpx
import pytest

from tests.frontend.conftest import FakeGateway
from tests.frontend.test_site import BUDGET_BYTES, csrf_of, jwt


def cell(key: str | None, label: str, count: int | None) -> dict:
    return {"key": key, "label": label, "count": count, "suppressed": count is None}


STATS = {
    "process_id": "p-5pa",
    "min_cell": 5,
    "totals": {
        "participants": cell("participants", "participants", 812),
        "topics": cell("topics", "topics", 57),
        "votes": cell("votes", "votes", None),
    },
    "tables": {
        "topics_by_area": [cell("justice", "Justicia", 40), cell("civic_space", "Espacio", 17)],
        "participants_by_state": [cell("09", "CDMX", 600), cell("32", "Zacatecas", None)],
        "participants_by_gender": [cell(None, "Sin dato", 812)],
        "votes_by_channel": [cell("online", "En línea", None)],
    },
}  # fmt: skip
ITEM = {
    "id": "i1",
    "plan_code": "MX-5PA",
    "commitment_id": "c1",
    "number": 1,
    "title": "Gasto abierto en obras de agua",
    "problem": "No se sabe en qué se gasta.",
    "summary": "Publicar el gasto.",
    "published_at": "2027-01-10T10:00:00Z",
    "comments_count": 1,
}
COMMENT = {
    "id": "k1",
    "item_id": "i1",
    "author_name": "Lucía",
    "body": "Falta un indicador por estado.",
    "created_at": "2027-01-11T10:00:00Z",
    "answer": {
        "state": "accepted",
        "justification": "Se agregó el indicador.",
        "published_at": None,
    },
}


class PublicGateway(FakeGateway):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, str, dict]] = []
        self.answers: dict[tuple[str, str], httpx.Response] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path)
        if request.method != "GET":
            self.writes.append((*key, json.loads(request.content or b"null")))
        if key in self.answers:
            return self.answers[key]
        if key[1] == "/api/v1/consultation/processes/p-5pa/statistics":
            return httpx.Response(200, json=STATS)
        if key[1] == "/api/v1/consultation/feedback/items":
            wanted = request.url.params.get("plan_code")
            return httpx.Response(200, json={"items": [ITEM] if wanted == "MX-5PA" else []})
        if key[1] == "/api/v1/consultation/feedback/items/i1/comments":
            return httpx.Response(200, json={"items": [COMMENT]})
        return super().__call__(request)


@pytest.fixture
def gateway() -> PublicGateway:
    return PublicGateway()


async def test_results_draw_each_chart_as_labelled_svg_followed_by_its_table(
    start_frontend, gateway
):
    async with start_frontend(gateway) as client:
        response = await client.get("/consulta/resultados")
        css = await client.get("/static/site.css")
    html = response.text
    assert response.status_code == 200
    assert len(response.content) + len(css.content) < BUDGET_BYTES
    assert "<script" not in html and " style=" not in html
    svg = re.search(r'<svg class="chart"[^>]*titulo-topics-by-area[^>]*>', html).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="titulo-topics-by-area"' in svg
    assert '<title id="titulo-topics-by-area">Temas por área</title>' in html
    assert re.search(r'<desc id="desc-topics-by-area">2 categorías; la mayor es Justicia', html)
    # The suppressed cell has no bar and says so, in the chart and in the table.
    assert html.count("reservado") >= 3
    assert '<th scope="row">Zacatecas</th><td>reservado</td>' in html
    assert "<dd>812</dd>" in html
    assert "/api/v1/consultation/processes/p-5pa/statistics?format=csv" in html


async def test_results_in_english(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        response = await client.get("/consulta/resultados?lang=en")
    assert "Consultation results" in response.text and "fewer than 5" in response.text


async def test_the_draft_plan_shows_comments_with_their_published_answer(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        listing = await client.get("/plan-borrador?plan=MX-5PA")
        item = await client.get("/plan-borrador/MX-5PA/i1")
    assert "Gasto abierto en obras de agua" in listing.text
    assert 'href="/plan-borrador/MX-5PA/i1"' in listing.text
    assert "Falta un indicador por estado." in item.text
    assert "Aceptado." in item.text and "Se agregó el indicador." in item.text
    assert "Inicia sesión para comentar" in item.text


async def test_a_comment_after_the_phase_closed_is_explained_and_kept(start_frontend, gateway):
    closed = {"error": {"code": "phase_closed", "message": "Esa fase no está abierta hoy."}}
    path = "/api/v1/consultation/feedback/items/i1/comments"
    gateway.answers[("POST", path)] = httpx.Response(409, json=closed)
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt())
        token = csrf_of((await client.get("/entrar")).text)
        response = await client.post(
            "/plan-borrador/MX-5PA/i1/comentarios",
            data={"csrf_token": token, "body": "Mi comentario largo"},
        )
    assert response.status_code == 409
    assert "El periodo de comentarios al plan borrador no está abierto hoy" in response.text
    assert "Mi comentario largo</textarea>" in response.text
    assert gateway.writes == [("POST", path, {"body": "Mi comentario largo"})]


async def test_a_comment_is_sent_with_the_token_and_confirmed(start_frontend, gateway):
    path = "/api/v1/consultation/feedback/items/i1/comments"
    gateway.answers[("POST", path)] = httpx.Response(201, json=COMMENT)
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt())
        token = csrf_of((await client.get("/entrar")).text)
        response = await client.post(
            "/plan-borrador/MX-5PA/i1/comentarios", data={"csrf_token": token, "body": "Hola"}
        )
    assert response.status_code == 303
    assert response.headers["location"] == "/plan-borrador/MX-5PA/i1?aviso=comentado#comentarios"


async def test_the_committee_answers_a_pending_comment_and_publishes_it(start_frontend, gateway):
    pending = COMMENT | {"id": "k2", "answer": None}
    listing = "/api/v1/consultation/feedback/items/i1/comments"
    gateway.answers[("GET", listing)] = httpx.Response(200, json={"items": [pending]})
    path = "/api/v1/consultation/feedback/comments/k2/response"
    gateway.answers[("PUT", path)] = httpx.Response(200, json={"state": "merged"})
    gateway.answers[("POST", f"{path}/publish")] = httpx.Response(200, json={})
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="citizen"))
        as_citizen = await client.get("/plan-borrador/MX-5PA/i1")
        client.cookies.set("cocrea_access", jwt(role="committee"))
        as_committee = await client.get("/plan-borrador/MX-5PA/i1")
        token = csrf_of(as_committee.text)
        answered = await client.post(
            "/plan-borrador/MX-5PA/i1/comentarios/k2/respuesta",
            data={"csrf_token": token, "state": "merged",
                  "justification": "Se integró al indicador por estado."},
        )  # fmt: skip
    action = 'action="/plan-borrador/MX-5PA/i1/comentarios/k2/respuesta"'
    assert action not in as_citizen.text
    assert action in as_committee.text
    assert answered.status_code == 303
    assert answered.headers["location"].endswith("?aviso=respondido#comentarios")
    assert gateway.writes == [
        ("PUT", path, {"state": "merged", "justification": "Se integró al indicador por estado."}),
        ("POST", f"{path}/publish", None),
    ]
