"""The working-group area over a fake gateway: the full roadmap form (responsible people,
dates, weighted key actions and activities), creating the first version, review sessions,
signatures refused on a stale version, and meetings."""

import json
from typing import Any

import httpx
import pytest

from tests.frontend.conftest import FakeGateway
from tests.frontend.test_site import csrf_of, jwt

ROADMAP_PATH = "/api/v1/roadmaps/commitments/c1/roadmap"
MEMBERS = [
    {"account_id": "g1", "name": "Ana Gobierno", "organization": "SFP", "sector": "government",
     "group_role": "responsible_public_servant", "added_at": "2026-01-01T00:00:00Z"},
    {"account_id": "o1", "name": "Luis OSC", "organization": "TM", "sector": "cso",
     "group_role": "responsible_cso_person", "added_at": "2026-01-01T00:00:00Z"},
]  # fmt: skip
ROADMAP = {
    "id": "r1",
    "commitment_id": "c1",
    "status": "draft",
    "version": 3,
    "version_author": "Ana Gobierno",
    "review_sessions_held": 1,
    "sign_offs": [],
    "missing_elements": [{"key": "indicators", "label": "Indicadores"}],
    "content": {
        "responsible_public_servant": {"account_id": "g1", "name": "Ana Gobierno"},
        "final_result": "Resultado",
        "expected_products": ["Informe"],
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "key_actions": [
            {"key_action_id": "a" * 32, "order": 1, "title": "Diagnóstico", "weight": 100,
             "activities": [{"activity_id": "b" * 32, "order": 1, "title": "Encuesta",
                             "start_date": None, "end_date": None, "indicator": "",
                             "means_of_verification": ""}]},
        ],
    },
}  # fmt: skip


class GroupGateway(FakeGateway):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, str, Any, httpx.Headers]] = []
        self.answers: dict[tuple[str, str], httpx.Response] = {}
        self.roadmap: dict | None = ROADMAP

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path)
        if request.method != "GET":
            self.writes.append((*key, json.loads(request.content or b"null"), request.headers))
            return self.answers.get(key) or httpx.Response(201, json={"id": "x1"})
        path = key[1]
        if path == "/api/v1/roadmaps/commitments/c1":
            return httpx.Response(200, json={"id": "c1", "number": 1, "title": "Gasto abierto"})
        if path == "/api/v1/roadmaps/commitments/c1/working-group":
            return httpx.Response(200, json={"members": MEMBERS})
        if path == ROADMAP_PATH:
            if self.roadmap is None:
                return httpx.Response(404, json={"error": {"code": "roadmap_not_found"}})
            return httpx.Response(200, json=self.roadmap)
        if path.endswith(("/review-sessions", "/meetings")):
            return httpx.Response(200, json={"items": []} if "meetings" in path else [])
        return super().__call__(request)


@pytest.fixture
def gateway() -> GroupGateway:
    return GroupGateway()


async def post_as(client, url: str, data: dict, role: str = "government", sub: str = "g1"):
    client.cookies.set("cocrea_access", jwt(role=role, sub=sub))
    token = csrf_of((await client.get("/entrar")).text)
    return await client.post(url, data={"csrf_token": token} | data)


async def test_the_editor_shows_every_element_with_empty_rows_to_add_more(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="government", sub="g1"))
        html = (await client.get("/grupos/c1/hoja-de-ruta")).text
    assert '<option value="g1" selected>Ana Gobierno (SFP)</option>' in html
    assert 'name="ka0_id" value="' + "a" * 32 in html and 'value="Diagnóstico"' in html
    assert 'id="ka2_title"' in html and 'id="ka3_title"' not in html  # 1 saved + 2 empty
    assert 'id="ka0_a2_title"' in html and 'id="ka0_a3_title"' not in html
    assert '<input type="hidden" name="version" value="3">' in html


async def test_saving_sends_the_whole_roadmap_with_if_match(start_frontend, gateway):
    form = {
        "version": "3", "message": "Ajuste", "final_result": "Nuevo resultado",
        "expected_products": "Informe\n\nTablero", "indicators": "", "means_of_verification": "",
        "start_date": "2026-01-01", "end_date": "", "responsible_public_servant_id": "g1",
        "responsible_cso_person_id": "o1",
        "ka0_id": "a" * 32, "ka0_title": "Diagnóstico", "ka0_weight": "60",
        "ka0_a0_id": "b" * 32, "ka0_a0_title": "Encuesta", "ka0_a0_start_date": "2026-02-01",
        "ka0_a1_id": "", "ka0_a1_title": "", "ka0_a1_start_date": "",
        "ka1_id": "", "ka1_title": "Piloto", "ka1_weight": "40",
        "ka1_a0_id": "", "ka1_a0_title": "Piloto en Oaxaca",
        "ka2_id": "", "ka2_title": "", "ka2_weight": "", "ka2_a0_title": "",
    }  # fmt: skip
    async with start_frontend(gateway) as client:
        response = await post_as(client, "/grupos/c1/hoja-de-ruta", form)
    assert response.status_code == 303
    method, path, body, headers = gateway.writes[0]
    assert (method, path, headers["if-match"]) == ("PUT", ROADMAP_PATH, '"3"')
    assert body["expected_products"] == ["Informe", "Tablero"]
    assert body["end_date"] is None and body["responsible_cso_person_id"] == "o1"
    assert [(k["title"], k["weight"]) for k in body["key_actions"]] == [
        ("Diagnóstico", 60),
        ("Piloto", 40),
    ]
    first = body["key_actions"][0]
    assert first["key_action_id"] == "a" * 32
    assert first["activities"] == [
        {"activity_id": "b" * 32, "title": "Encuesta", "start_date": "2026-02-01",
         "end_date": None, "indicator": "", "means_of_verification": ""}
    ]  # fmt: skip
    assert "key_action_id" not in body["key_actions"][1]


async def test_weights_that_do_not_add_up_are_explained_and_nothing_is_lost(
    start_frontend, gateway
):
    refusal = {"error": {"code": "weights_must_sum_100", "message": "Los pesos deben sumar 100."}}
    gateway.answers[("PUT", ROADMAP_PATH)] = httpx.Response(422, json=refusal)
    form = {"version": "3", "final_result": "Mío", "ka0_title": "Uno", "ka0_weight": "30"}
    async with start_frontend(gateway) as client:
        response = await post_as(client, "/grupos/c1/hoja-de-ruta", form)
        bad = await post_as(client, "/grupos/c1/hoja-de-ruta", form | {"ka0_weight": "mucho"})
    assert response.status_code == 422
    assert 'id="key_actions-error">Los pesos deben sumar 100.' in response.text
    assert 'value="Uno"' in response.text and "Mío</textarea>" in response.text
    assert bad.status_code == 422 and "un número entero" in bad.text
    assert len(gateway.writes) == 1  # the second never reached the API


async def test_the_first_save_creates_the_roadmap(start_frontend, gateway):
    gateway.roadmap = None
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="cso", sub="o1"))
        page = await client.get("/grupos/c1/hoja-de-ruta")
        response = await post_as(client, "/grupos/c1/hoja-de-ruta", {"final_result": "Inicio"})
    assert "al guardar se crea la versión 1" in page.text
    assert response.status_code == 303
    method, path, body, headers = gateway.writes[0]
    assert (method, path) == ("POST", ROADMAP_PATH) and "if-match" not in headers
    assert body["final_result"] == "Inicio" and body["key_actions"] == []


async def test_the_group_page_and_a_signature_on_a_stale_version(start_frontend, gateway):
    stale = {
        "error": {
            "code": "precondition_failed",
            "message": "Cambió.",
            "details": {"current_version": 4},
        }
    }
    gateway.answers[("POST", f"{ROADMAP_PATH}/sign-offs")] = httpx.Response(412, json=stale)
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="government", sub="g1"))
        page = await client.get("/grupos/c1")
        response = await post_as(client, "/grupos/c1/hoja-de-ruta/firmar", {"version": "3"})
    assert "Borrador" in page.text and "Firmar la versión 3" in page.text
    assert "Enviar a revisión" in page.text and "Indicadores" in page.text
    assert response.status_code == 409
    assert "ahora es la versión 4" in response.text
    assert gateway.writes[0][3]["if-match"] == '"3"'


async def test_a_review_session_and_a_meeting_are_recorded(start_frontend, gateway):
    session = {
        "held_on": "2026-03-02",
        "minutes": "Revisamos indicadores.",
        "outcome": "Ajustar pesos.",
        "attendee_ids": ["g1", "o1"],
    }
    meeting = {
        "held_on": "2026-03-09", "minutes": "Avance de la acción 1.",
        "agreements": "Publicar minuta\nSiguiente sesión",
        "government_women": "2", "government_men": "1", "cso_women": "3", "inai_other": "",
    }  # fmt: skip
    async with start_frontend(gateway) as client:
        form = (await client.get("/grupos/c1/sesiones-de-revision/nueva")).status_code
        first = await post_as(client, "/grupos/c1/sesiones-de-revision", session)
        second = await post_as(client, "/grupos/c1/reuniones", meeting)
        wrong = await post_as(client, "/grupos/c1/reuniones", meeting | {"cso_men": "dos"})
    assert form == 303  # signed out: to the sign-in page first
    assert first.headers["location"] == "/grupos/c1?aviso=sesion"
    assert gateway.writes[0][2] == session
    assert second.headers["location"] == "/grupos/c1?aviso=reunion"
    assert gateway.writes[1][2]["attendance"] == [
        {"sector": "government", "women": 2, "men": 1, "other": 0},
        {"sector": "cso", "women": 3, "men": 0, "other": 0},
    ]
    assert gateway.writes[1][2]["agreements"] == ["Publicar minuta", "Siguiente sesión"]
    assert wrong.status_code == 422 and "números enteros" in wrong.text
    assert 'value="dos"' in wrong.text and len(gateway.writes) == 2
