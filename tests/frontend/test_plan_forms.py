"""The site's forms for the plan documents' inputs: a draft commitment's OGP template fields,
PND axis and continuity (Committee), a key action's responsible institution (working group),
and the plan's texts (Committee), each with compare-and-swap on the ETag the API gave."""

import copy
import json

import httpx
import pytest

from tests.frontend import test_working_group as group
from tests.frontend.test_committee_workspace import (
    COMMITMENT,
    ROADMAPS,
    TRACKING,
    WorkspaceGateway,
    refusal,
)
from tests.frontend.test_progress_and_committee import signed_in

EARLIER = {
    "id": "p4", "plan_code": "MX-4PA", "number": 7, "title": "Agua y transparencia",
    "status": "published",
}  # fmt: skip
NARRATIVE = f"{TRACKING}/plans/MX-5PA/narrative"
FIGURES = {"participants_total": {"value": 120, "source": "Listas de asistencia", "note": ""}}
STORY = {
    "plan_code": "MX-5PA",
    "version": 2,
    "content": {
        "introduction": "El Comité presenta el plan.", "context": "", "forum": "Sesiona cada mes.",
        "methodology": "", "adjustments": "", "conclusions": "",
        "commitments": {"1": {"results": ["Mapa de pozos"], "reasons": [], "next_steps": []}},
        "reported_figures": FIGURES,
    },
}  # fmt: skip
NEWER = copy.deepcopy(STORY) | {"version": 3}
NEWER["content"]["introduction"] = "La versión que guardó otra persona."


class PlanFormsGateway(WorkspaceGateway):
    def __init__(self) -> None:
        super().__init__()
        self.story = STORY

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, params = request.url.path, request.url.params
        if (
            request.method == "GET"
            and path == f"{ROADMAPS}/commitments"
            and "plan_code" not in params
        ):
            return httpx.Response(200, json={"items": [COMMITMENT, EARLIER]})
        if request.method == "GET" and path == NARRATIVE:
            self.seen.append(request)
            etag = f'"{self.story["version"]}"'
            return httpx.Response(200, json=self.story, headers={"ETag": etag})
        if request.method == "GET" and path == f"{TRACKING}/plans/MX-5PA/documents/action-plan":
            built = {"data_version": 9, "narrative_version": self.story["version"]}
            return httpx.Response(200, json={"plan_code": "MX-5PA", "built_from": built})
        return super().__call__(request)


@pytest.fixture
def gateway() -> PlanFormsGateway:
    return PlanFormsGateway()


LABELS = (
    "Eje del Plan Nacional de Desarrollo",
    "Análisis de riesgos",
    "Ambición",
    "Perspectiva de igualdad de género",
    "Objetivo a corto plazo",
    "Objetivo a mediano plazo",
    "Continúa un compromiso del plan anterior",
)
BASE = "/comite/compromisos/c5"
PATCH = ("PATCH", f"{ROADMAPS}/commitments/c5")
TEMPLATE = {
    "etag": '"4"', "title": "Agua limpia", "problem": "Sin datos del agua.", "summary": "",
    "how_it_solves": "", "lead_institutions": "CONAGUA", "supporting_institutions": "",
    "cso_coresponsible": "", "cso_accompanying": "", "sdg_targets": "6.1",
    "pnd_axis": " Eje 2. Política social ", "short_term_objective": "Mapa de pozos en 2027.",
    "medium_term_objective": "Calidad del agua abierta.", "ambition": "Datos en tiempo real.",
    "risk_analysis": "Cambio de titulares.", "gender_perspective": "Mujeres acarrean el agua.",
    "continues_commitment_id": "p4",
}  # fmt: skip


async def test_the_template_fields_and_continuity_are_edited_with_the_etag(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        page = await client.get(BASE)
        saved = await client.post(f"{BASE}/editar", data={"csrf_token": token} | TEMPLATE)
    assert page.status_code == 200
    for label in LABELS:
        assert f">{label}</label>" in page.text
    assert '<option value="p4">MX-4PA · 7. Agua y transparencia</option>' in page.text
    assert (
        'value="c5"' not in page.text.split('id="continues_commitment_id"')[1].split("</select>")[0]
    )
    assert saved.headers["location"] == f"{BASE}?aviso=editado"
    method, path, body, headers = gateway.writes[0]
    assert (method, path) == PATCH and headers["if-match"] == '"4"'  # the API's ETag, echoed
    assert body["pnd_axis"] == "Eje 2. Política social"
    assert body["risk_analysis"] == "Cambio de titulares."
    assert body["gender_perspective"] == "Mujeres acarrean el agua."
    assert body["ambition"] == "Datos en tiempo real."
    assert body["short_term_objective"] == "Mapa de pozos en 2027."
    assert body["medium_term_objective"] == "Calidad del agua abierta."
    assert body["continues_commitment_id"] == "p4"


async def test_no_continuity_is_sent_as_none(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        form = {"csrf_token": token} | TEMPLATE | {"continues_commitment_id": ""}
        await client.post(f"{BASE}/editar", data=form)
    assert gateway.writes[0][2]["continues_commitment_id"] is None


async def test_refused_template_fields_are_named_and_keep_the_text(start_frontend, gateway):
    too_long = [{"field": "body.pnd_axis", "type": "string_too_long", "message": "x",
                 "ctx": {"max_length": 300}}]  # fmt: skip
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        form = {"csrf_token": token} | TEMPLATE
        gateway.answers[PATCH] = refusal("validation_error", "Datos no válidos.", too_long)
        long_axis = await client.post(f"{BASE}/editar", data=form | {"pnd_axis": "x" * 301})
        gateway.answers[PATCH] = refusal(
            "invalid_continuity", "Un compromiso solo puede continuar uno existente de otro plan."
        )
        bad_link = await client.post(f"{BASE}/editar", data=form)
        gateway.answers[PATCH] = refusal("precondition_failed", "Cambió.", status=412)
        stale = await client.post(f"{BASE}/editar", data=form | {"etag": '"3"'})
    assert long_axis.status_code == 422
    assert 'id="pnd_axis-error">Eje del Plan Nacional de Desarrollo: ' in long_axis.text
    assert "Mujeres acarrean el agua.</textarea>" in long_axis.text
    assert bad_link.status_code == 422
    assert (
        'id="continues_commitment_id-error">Continúa un compromiso del plan anterior: '
        "Un compromiso solo puede continuar uno existente de otro plan." in bad_link.text
    )
    assert stale.status_code == 422
    assert "Otra persona guardó un cambio mientras editabas" in stale.text
    assert 'name="etag" value="&#34;4&#34;"' in stale.text  # the current ETag, not the stale one


async def test_a_key_action_names_its_responsible_institution(start_frontend):
    gateway = group.GroupGateway()
    roadmap = copy.deepcopy(group.ROADMAP)
    roadmap["content"]["key_actions"][0]["responsible_institution"] = "Comisión Nacional del Agua"
    gateway.roadmap = roadmap
    form = {"version": "3", "etag": '"rm-3"', "final_result": "Resultado",
            "ka0_id": "a" * 32, "ka0_title": "Diagnóstico", "ka0_weight": "100",
            "ka0_responsible_institution": " SEMARNAT ", "ka1_title": "", "ka1_weight": "",
            "ka1_responsible_institution": ""}  # fmt: skip
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", group.jwt(role="government", sub="g1"))
        page = await client.get("/grupos/c1/hoja-de-ruta")
        response = await group.post_as(client, "/grupos/c1/hoja-de-ruta", form)
    assert '<label for="ka0_responsible_institution">' in page.text
    assert 'value="Comisión Nacional del Agua"' in page.text
    assert response.status_code == 303
    body = gateway.writes[0][2]
    assert [k["responsible_institution"] for k in body["key_actions"]] == ["SEMARNAT"]


NARRATIVE_PAGE = "/comite/planes/MX-5PA/narrativa"
TEXTS = {
    "etag": '"2"', "introduction": "El Comité presenta el quinto plan.", "context": "Contexto.",
    "forum": "Sesiona cada mes y acuerda por consenso.", "methodology": "", "adjustments": "",
    "conclusions": "", "c1-results": "Mapa de pozos\n\n Tablero del agua ", "c1-reasons": "",
    "c1-next_steps": "", "c2-results": "", "c2-reasons": "", "c2-next_steps": "",
}  # fmt: skip


async def test_the_committee_reads_and_saves_the_plans_texts(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        menu = await client.get("/comite/planes?plan=MX-5PA")
        page = await client.get(NARRATIVE_PAGE)
        saved = await client.post(NARRATIVE_PAGE, data={"csrf_token": token} | TEXTS)
        notice = await client.get(saved.headers["location"])
    assert menu.status_code == 303 and menu.headers["location"] == NARRATIVE_PAGE
    assert page.status_code == 200
    assert 'href="/comite/planes" aria-current="page">Textos del plan' in page.text
    assert 'name="etag" value="&#34;2&#34;"' in page.text
    assert "El Comité presenta el plan.</textarea>" in page.text
    assert "Mapa de pozos</textarea>" in page.text
    assert 'href="/planes/MX-5PA/documento"' in page.text
    assert "El plan de acción generado usa</dt><dd>la versión 2" in page.text
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{NARRATIVE_PAGE}?aviso=guardado"
    assert "quedaron guardados como una nueva versión" in notice.text
    method, path, body, headers = gateway.writes[0]
    assert (method, path, headers["if-match"]) == ("PUT", NARRATIVE, '"2"')
    assert body == {
        "introduction": "El Comité presenta el quinto plan.", "context": "Contexto.",
        "forum": "Sesiona cada mes y acuerda por consenso.", "methodology": "",
        "adjustments": "", "conclusions": "",
        "commitments": {"1": {"results": ["Mapa de pozos", "Tablero del agua"], "reasons": [],
                              "next_steps": []}},
        "reported_figures": FIGURES,  # not on the form: sent back as read
    }  # fmt: skip


async def test_a_refused_text_is_named_and_kept(start_frontend, gateway):
    details = [
        {"field": "body.introduction", "type": "string_too_long", "message": "x",
         "ctx": {"max_length": 20000}},
        {"field": "body.commitments.1.results.0", "type": "string_too_long", "message": "x",
         "ctx": {"max_length": 2000}},
    ]  # fmt: skip
    gateway.answers[("PUT", NARRATIVE)] = refusal("validation_error", "No válido.", details)
    gateway.story = NEWER  # saved meanwhile: a refusal must not move the form onto it
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        refused = await client.post(NARRATIVE_PAGE, data={"csrf_token": token} | TEXTS)
    assert refused.status_code == 422
    assert 'id="introduction-error">Introducción: ' in refused.text
    assert 'id="c1-results-error">Resultados: ' in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert "El Comité presenta el quinto plan.</textarea>" in refused.text  # typed, kept
    assert 'name="etag" value="&#34;2&#34;"' in refused.text  # still the version it started from


async def test_a_stale_save_shows_the_newer_texts_and_keeps_the_typed_ones(start_frontend, gateway):
    stale = httpx.Response(
        412,
        json={"error": {"code": "precondition_failed", "message": "Cambió.",
                        "details": {"current_version": 3, "etag": '"3"'}}},
        headers={"ETag": '"3"'},
    )  # fmt: skip
    gateway.answers[("PUT", NARRATIVE)] = stale
    gateway.story = NEWER
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        response = await client.post(NARRATIVE_PAGE, data={"csrf_token": token} | TEXTS)
    assert response.status_code == 422
    assert "Otra persona guardó los textos mientras editabas" in response.text
    assert "La versión que guardó otra persona.</textarea>" in response.text
    assert 'name="etag" value="&#34;3&#34;"' in response.text  # the newer version's ETag
    mine = response.text.split('id="lo-tuyo"')[1]
    assert "El Comité presenta el quinto plan." in mine and "Tablero del agua" in mine
    assert gateway.writes[0][3]["if-match"] == '"2"'


async def test_only_the_committee_writes_the_texts(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        anonymous = await client.get(NARRATIVE_PAGE)
        await signed_in(client, "cso")
        other = await client.get(NARRATIVE_PAGE)
    assert anonymous.status_code == 303 and "/entrar?siguiente=" in anonymous.headers["location"]
    assert other.status_code == 403
    assert json.dumps(gateway.writes) == "[]"
