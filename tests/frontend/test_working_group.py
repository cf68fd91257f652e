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
WEIGHTS = "Pesos de las acciones clave que sumen 100"
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
        self.sessions: list[dict] = []
        self.versions: list[dict] = []

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
            # An ETag the frontend could not make up from the version: it must echo it.
            etag = f'"rm-{self.roadmap.get("version")}"'
            return httpx.Response(200, json=self.roadmap, headers={"ETag": etag})
        if path.endswith("/review-sessions"):
            return httpx.Response(200, json=self.sessions)
        if path.endswith("/versions"):
            return httpx.Response(200, json={"items": self.versions, "next_cursor": None})
        if path.endswith("/meetings"):
            return httpx.Response(200, json={"items": []})
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
    assert '<input type="hidden" name="etag" value="&#34;rm-3&#34;">' in html


async def test_saving_sends_the_whole_roadmap_with_if_match(start_frontend, gateway):
    form = {
        "version": "3", "etag": '"rm-3"', "message": "Ajuste", "final_result": "Nuevo resultado",
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
    assert (method, path, headers["if-match"]) == ("PUT", ROADMAP_PATH, '"rm-3"')
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


async def test_a_draft_whose_weights_do_not_add_up_is_saved_and_then_warned_about(
    start_frontend, gateway
):
    form = {"version": "3", "etag": '"rm-3"', "final_result": "Mío", "ka0_title": "Uno",
            "ka0_weight": "30"}  # fmt: skip
    gateway.roadmap = ROADMAP | {
        "missing_elements": [{"key": "key_action_weights", "label": WEIGHTS}],
        "content": ROADMAP["content"] | {"key_actions": [ROADMAP["content"]["key_actions"][0]
                                                         | {"weight": 30}]},
    }  # fmt: skip
    async with start_frontend(gateway) as client:
        response = await post_as(client, "/grupos/c1/hoja-de-ruta", form)
        after = await client.get("/grupos/c1/hoja-de-ruta?aviso=guardado")
        bad = await post_as(client, "/grupos/c1/hoja-de-ruta", form | {"ka0_weight": "mucho"})
    assert response.status_code == 303  # saved as a draft, weights and all
    assert gateway.writes[0][2]["key_actions"][0]["weight"] == 30
    assert "suman 30 %; deben sumar 100 %" in after.text
    assert "El borrador se guarda aunque esté incompleto" in after.text and WEIGHTS in after.text
    assert bad.status_code == 422
    assert 'id="key_actions-error">La acción clave 1 necesita un peso' in bad.text
    assert '<a href="#key_actions">Acciones clave: La acción clave 1 necesita' in bad.text
    assert 'value="Uno"' in bad.text and "Mío</textarea>" in bad.text
    assert len(gateway.writes) == 1  # the second never reached the API


async def test_the_way_back_to_the_group_saves_first(start_frontend, gateway):
    form = {"version": "3", "etag": '"rm-3"', "final_result": "A medio escribir", "then": "grupo"}
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="government", sub="g1"))
        editor = (await client.get("/grupos/c1/hoja-de-ruta")).text
        response = await post_as(client, "/grupos/c1/hoja-de-ruta", form)
    assert 'form="editor" name="then" value="grupo"' in editor
    assert "Guardar y volver al grupo de trabajo" in editor
    assert "no guarda lo que escribiste" in editor
    assert response.headers["location"] == "/grupos/c1?aviso=guardado"
    assert gateway.writes[0][2]["final_result"] == "A medio escribir"


async def test_saving_warns_first_that_it_voids_the_signatures(start_frontend, gateway):
    signed = {"role": "responsible_public_servant", "account_id": "g1", "name": "Ana Gobierno",
              "version": 3, "signed_at": "2027-03-01T10:00:00Z"}  # fmt: skip
    gateway.roadmap = ROADMAP | {"status": "agreed", "sign_offs": [signed]}
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="government", sub="g1"))
        editor = (await client.get("/grupos/c1/hoja-de-ruta")).text
    assert "anula las firmas de la versión actual (Ana Gobierno)" in editor
    assert "guardar la regresa a revisión" in editor
    assert 'aria-describedby="anula-firmas"' in editor


async def test_a_conflict_marks_the_differences_and_names_the_same_person(start_frontend, gateway):
    theirs = ROADMAP | {"version": 4, "version_author": "Ana Gobierno", "version_author_id": "g1",
                        "version_message": "Desde el teléfono"}  # fmt: skip
    stale = {"error": {"code": "precondition_failed", "message": "Cambió.",
                       "details": {"current_version": 4, "etag": '"rm-4"',
                                   "current": theirs}}}  # fmt: skip
    gateway.answers[("PUT", ROADMAP_PATH)] = httpx.Response(412, json=stale)
    form = {"version": "3", "etag": '"rm-3"', "final_result": "Otro resultado",
            "expected_products": "Informe",
            "start_date": "2026-01-01", "end_date": "2026-12-31",
            "responsible_public_servant_id": "g1", "ka0_id": "a" * 32, "ka0_title": "Diagnóstico",
            "ka0_weight": "100", "ka0_a0_id": "b" * 32, "ka0_a0_title": "Encuesta"}  # fmt: skip
    async with start_frontend(gateway) as client:
        mine = await post_as(client, "/grupos/c1/hoja-de-ruta", form)
        other = await post_as(client, "/grupos/c1/hoja-de-ruta", form, role="cso", sub="o1")
    assert mine.status_code == 409
    assert "Tú, desde otra sesión guardó la versión 4" in mine.text
    assert "Otra persona" not in mine.text
    assert "<strong>Difieren:</strong> Resultado final." in mine.text
    assert mine.text.count('class="differs-tag">Distinto</strong>') == 2  # one per side
    assert '<input type="hidden" name="version" value="4">' in mine.text
    assert '<input type="hidden" name="etag" value="&#34;rm-4&#34;">' in mine.text
    assert gateway.writes[0][3]["if-match"] == '"rm-3"'
    assert "Ana Gobierno guardó la versión 4" in other.text


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


async def test_the_group_page_is_a_checklist(start_frontend, gateway):
    gateway.sessions = [
        {"id": "s1", "held_on": "2027-03-01", "minutes": "Ambos.", "outcome": "Bien.",
         "both_sides": True, "attendees": [
             {"account_id": "g1", "name": "Ana Gobierno", "sector": "government"},
             {"account_id": "o1", "name": "Luis OSC", "sector": "cso"}]},
        {"id": "s2", "held_on": "2027-03-08", "minutes": "Sin gobierno.", "outcome": "—",
         "both_sides": False, "attendees": [
             {"account_id": "o1", "name": "Luis OSC", "sector": "cso"},
             {"account_id": "i1", "name": "Rosa INAI", "sector": "inai"}]},
    ]  # fmt: skip
    gateway.versions = [
        {"version": 3, "message": "Ajuste de pesos", "author_name": "Ana Gobierno",
         "created_at": "2027-02-20T10:00:00Z", "published_at": None, "superseded": False},
        {"version": 2, "message": "Inicio", "author_name": "Luis OSC",
         "created_at": "2027-02-01T10:00:00Z", "published_at": None, "superseded": False},
    ]  # fmt: skip
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="government", sub="g1"))
        html = (await client.get("/grupos/c1")).text
        english = (await client.get("/grupos/c1?lang=en")).text
    assert "Valid review sessions: 1 of 2" in english and "Does not count for agreement" in english
    assert "Ana Gobierno · Servidor público responsable · Gobierno · SFP" in html
    assert "Luis OSC · Persona de sociedad civil responsable · Sociedad civil · TM" in html
    assert "(government)" not in html and "· cso" not in html
    assert "<strong>Falta:</strong> Elementos obligatorios completos" in html
    assert "Faltan: Indicadores." in html
    assert "Sesiones de revisión válidas: 1 de 2" in html  # the CSO + INAI one does not count
    assert "<strong>No cuenta para acordar:</strong> no asistió nadie del gobierno." in html
    assert "Falta la firma de Ana Gobierno." in html
    assert "Versión 3 · <time" in html and "1 de febrero de 2027" in html
    assert "Aún no puede enviarse a revisión: faltan Indicadores." in html
    assert "Firmar la versión" not in html  # a draft is not signed


async def test_signing_is_offered_once_in_review_and_then_says_when(start_frontend, gateway):
    gateway.roadmap = ROADMAP | {"status": "in_review", "missing_elements": []}
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="government", sub="g1"))
        before = (await client.get("/grupos/c1")).text
        signed = {
            "role": "responsible_public_servant",
            "account_id": "g1",
            "name": "Ana Gobierno",
            "version": 3,
            "signed_at": "2027-03-01T10:00:00Z",
        }
        gateway.roadmap = gateway.roadmap | {"sign_offs": [signed]}  # fmt: skip
        after = (await client.get("/grupos/c1")).text
    assert "Firmar la versión 3" in before and "Tu firma vale solo para la versión 3" in before
    assert '<input type="hidden" name="etag" value="&#34;rm-3&#34;">' in before  # echoed back
    assert "Firmar la versión" not in after
    assert "Firmaste el 1 de marzo de 2027 la versión 3." in after
    assert "anula las firmas de esta versión" in after and "anula las firmas" not in before
    assert "Firmó Ana Gobierno el 1 de marzo de 2027." in after


async def test_a_refused_step_is_explained(start_frontend, gateway):
    stale = {"error": {"code": "precondition_failed", "message": "Cambió.",
                       "details": {"current_version": 4}}}  # fmt: skip
    incomplete = {"error": {"code": "roadmap_incomplete", "message": "La hoja de ruta no puede "
                            "enviarse a revisión: faltan elementos obligatorios de la hoja de "
                            "ruta: Indicadores."}}  # fmt: skip
    gateway.answers[("POST", f"{ROADMAP_PATH}/sign-offs")] = httpx.Response(412, json=stale)
    gateway.answers[("POST", f"{ROADMAP_PATH}/submit")] = httpx.Response(409, json=incomplete)
    async with start_frontend(gateway) as client:
        signing = await post_as(client, "/grupos/c1/hoja-de-ruta/firmar", {"etag": '"rm-3"'})
        sending = await post_as(client, "/grupos/c1/hoja-de-ruta/enviar", {})
    assert signing.status_code == 409
    assert "ahora es la versión 4" in signing.text
    assert gateway.writes[0][3]["if-match"] == '"rm-3"'
    assert sending.status_code == 409
    assert "no puede enviarse a revisión: faltan" in sending.text and "Indicadores" in sending.text


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
    attendees = [{"account_id": "g1", "name": "Ana", "sector": "government"},
                 {"account_id": "o1", "name": "Luis", "sector": "cso"}]  # fmt: skip
    gateway.answers[("POST", f"{ROADMAP_PATH}/review-sessions")] = httpx.Response(
        201, json={"id": "s1", "attendees": attendees, "both_sides": True}
    )
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


async def test_a_session_without_the_government_is_recorded_but_said_not_to_count(
    start_frontend, gateway
):
    attendees = [{"account_id": "o1", "name": "Luis", "sector": "cso"},
                 {"account_id": "i1", "name": "Rosa", "sector": "inai"}]  # fmt: skip
    gateway.answers[("POST", f"{ROADMAP_PATH}/review-sessions")] = httpx.Response(
        201, json={"id": "s1", "attendees": attendees, "both_sides": False}
    )
    session = {"held_on": "2026-03-02", "minutes": "Minuta.", "outcome": "Acuerdos.",
               "attendee_ids": ["o1", "i1"]}  # fmt: skip
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="cso", sub="o1"))
        form = (await client.get("/grupos/c1/sesiones-de-revision/nueva")).text
        recorded = await post_as(client, "/grupos/c1/sesiones-de-revision", session, "cso", "o1")
        page = (await client.get(recorded.headers["location"])).text
    assert "Luis OSC (Sociedad civil · Persona de sociedad civil responsable)" in form
    assert "solo si asisten personas del gobierno y de sociedad civil" in form
    assert recorded.headers["location"] == "/grupos/c1?aviso=sesion-sin-gobierno"
    assert "quedó registrada, pero no cuenta para acordar" in page
    assert "no asistió nadie del gobierno" in page
    assert "La sesión de revisión quedó registrada." not in page


async def test_a_refused_session_names_its_field(start_frontend, gateway):
    refusal = {"error": {"code": "validation_error", "message": "Datos no válidos.",
                         "details": [{"field": "body.minutes", "type": "string_too_short",
                                      "ctx": {"min_length": 3}}]}}  # fmt: skip
    gateway.answers[("POST", f"{ROADMAP_PATH}/review-sessions")] = httpx.Response(422, json=refusal)
    body = {"held_on": "2026-03-02", "minutes": "x", "outcome": "Bien", "attendee_ids": ["g1"]}
    async with start_frontend(gateway) as client:
        response = await post_as(client, "/grupos/c1/sesiones-de-revision", body)
    assert response.status_code == 422
    assert '<a href="#minutes">Minuta: Es demasiado corto' in response.text


async def test_a_refused_activity_names_the_key_actions_and_keeps_the_text(start_frontend, gateway):
    refusal = {"error": {"code": "activity_outside_roadmap_dates",
                         "message": "Las fechas de la actividad «Encuesta» quedan fuera de las de "
                                    "la hoja de ruta.",
                         "details": {"field": "key_actions[0].activities[0]"}}}  # fmt: skip
    gateway.answers[("PUT", ROADMAP_PATH)] = httpx.Response(422, json=refusal)
    form = {"version": "3", "final_result": "Mío", "ka0_title": "Uno", "ka0_weight": "100",
            "ka0_a0_title": "Encuesta", "ka0_a0_start_date": "2019-01-01"}  # fmt: skip
    async with start_frontend(gateway) as client:
        response = await post_as(client, "/grupos/c1/hoja-de-ruta", form)
    assert response.status_code == 422
    assert '<a href="#key_actions">Acciones clave: Las fechas de la actividad' in response.text
    assert 'id="key_actions-error"' in response.text and 'value="2019-01-01"' in response.text
