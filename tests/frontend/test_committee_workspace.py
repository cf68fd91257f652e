"""The Committee's workspace: commitments (from a promoted theme or not), the draft plan,
working groups, roadmaps by status, the validation queue, IRM and self-assessment; every
refusal said in Spanish naming its field."""

import json
from typing import Any

import httpx
import pytest

from tests.frontend.conftest import FakeGateway
from tests.frontend.test_progress_and_committee import signed_in

ROADMAPS = "/api/v1/roadmaps"
TRACKING = "/api/v1/tracking"
COMMITMENT = {
    "id": "c5", "plan_code": "MX-5PA", "number": 1, "slug": "agua", "title": "Agua limpia",
    "problem": "Sin datos del agua.", "summary": "", "status": "draft",
    "source_theme_id": "th1", "source_topics": [{"topic_id": "t1", "title": "Pozos"}],
}  # fmt: skip
PUBLISHED = COMMITMENT | {
    "id": "c6", "number": 2, "title": "Justicia abierta", "status": "published",
    "source_theme_id": None, "source_topics": [],
}  # fmt: skip
GROUP = {
    "commitment_id": "c5", "rules_of_operation": "Sesiona cada mes.", "version": 3,
    "members": [{"account_id": "gov-1", "name": "Ana Gobierno", "organization": "SFP",
                 "sector": "government", "group_role": "responsible_public_servant"}],
}  # fmt: skip
STAFF = [
    {"id": "gov-1", "display_name": "Ana Gobierno", "organization": "SFP",
     "sector": "government", "role": "government", "is_active": True},
    {"id": "cso-1", "display_name": "Luis Sociedad", "organization": "Transparencia Mexicana",
     "sector": "cso", "role": "cso", "is_active": True},
]  # fmt: skip
QUEUED = {
    "id": "u1", "commitment_id": "c6", "activity_id": "a1", "revision": 1,
    "author_name": "Ana Gobierno", "new_status": "completo", "narrative": "Se levantó.",
    "links": ["https://example.org/a.pdf"], "state": "pending",
    "submitted_at": "2027-03-01T10:00:00Z", "cso_validation": {"by": "cso-1", "at": "2027-03-02"},
    "committee_validation": {"by": None, "at": None}, "rejection": None, "evidence": [],
    "plan_code": "MX-5PA", "commitment_number": 2, "commitment_title": "Justicia abierta",
    "key_action_title": "Diagnóstico", "activity_title": "Encuesta nacional",
    "indicator": "Encuesta publicada", "means_of_verification": "Enlace al informe",
}  # fmt: skip


class WorkspaceGateway(FakeGateway):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, str, Any, httpx.Headers]] = []
        self.answers: dict[tuple[str, str], httpx.Response] = {}
        self.roadmaps = {"c5": "agreed", "c6": "published"}
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path)
        self.seen.append(request)
        if request.method != "GET":
            self.writes.append((*key, json.loads(request.content or b"null"), request.headers))
            return self.answers.get(key) or httpx.Response(201, json={"id": "c9"})
        path, params = key[1], request.url.params
        if any(path.startswith(prefix) for prefix in self.failing):
            return super().__call__(request)
        if path == "/api/v1/consultation/topics":
            return httpx.Response(200, json={"items": [], "next_cursor": None})
        if path == f"{ROADMAPS}/commitments" and params.get("plan_code") == "MX-5PA":
            return httpx.Response(200, json={"items": [COMMITMENT, PUBLISHED]})
        for c in (COMMITMENT, PUBLISHED):
            hidden = c["status"] == "draft" and "authorization" not in request.headers
            if path.startswith(f"{ROADMAPS}/commitments/{c['id']}") and hidden:
                return httpx.Response(404, json={"error": {"code": "commitment_not_found"}})
            if path == f"{ROADMAPS}/commitments/{c['id']}":
                return httpx.Response(200, json=c, headers={"ETag": '"4"'})
            if path == f"{ROADMAPS}/commitments/{c['id']}/roadmap":
                return httpx.Response(200, json={"status": self.roadmaps[c["id"]]})
            if path == f"{ROADMAPS}/commitments/{c['id']}/working-group":
                return httpx.Response(200, json=GROUP, headers={"ETag": '"3"'})
        if path == f"{TRACKING}/commitments/c6":
            assessment = {"status": "substantial", "inactive_reason": None}
            return httpx.Response(200, json={"id": "c6", "self_assessment": assessment})
        if path == f"{TRACKING}/commitments/c6/irm-assessments":
            irm = {"id": "i1", "report_type": "design", "report_name": "Informe de diseño",
                   "assessed_on": "2027-03-01", "potential_impact": "moderate"}  # fmt: skip
            return httpx.Response(200, json=[irm])
        if path == "/api/v1/auth/staff":
            items = [p for p in STAFF if p["role"] == params.get("role")]
            return httpx.Response(200, json={"items": items, "next_cursor": None})
        if path == f"{ROADMAPS}/me/working-groups":
            return httpx.Response(200, json={"items": []})
        if path == f"{TRACKING}/updates":
            return httpx.Response(200, json={"items": [QUEUED], "next_cursor": None})
        if path == "/api/v1/consultation/processes/p-5pa/themes":
            themes = [{"id": "th2", "title": "Transporte", "status": "published",
                       "promoted_at": None, "topics": []}]  # fmt: skip
            return httpx.Response(200, json={"items": themes})
        if path == f"{ROADMAPS}/plans/MX-5PA/draft-plan":
            return httpx.Response(404, json={"error": {"code": "draft_plan_not_found"}})
        return super().__call__(request)

    def sent(self) -> list[tuple[str, str, Any]]:
        return [(w[0], w[1], w[2]) for w in self.writes]


@pytest.fixture
def gateway() -> WorkspaceGateway:
    return WorkspaceGateway()


def refusal(code: str, message: str, details: Any = None, status: int = 422) -> httpx.Response:
    return httpx.Response(
        status, json={"error": {"code": code, "message": message, "details": details}}
    )


async def test_only_the_committee_enters_and_the_menu_shows_it(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        anonymous = await client.get("/comite/validaciones")
        await signed_in(client, "government")
        government = await client.get("/comite/compromisos")
        groups_as_government = await client.get("/grupos")
        await signed_in(client, "committee")
        home = await client.get("/")
    assert anonymous.status_code == 303 and "/entrar" in anonymous.headers["location"]
    assert government.status_code == 403
    assert 'href="/comite"' not in groups_as_government.text.split("<main")[0]
    assert '<a href="/comite">Comité</a>' in home.text


async def test_commitments_of_the_plan_with_their_roadmaps_and_themes(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        await signed_in(client, "committee")
        listing = await client.get("/comite/compromisos?plan=MX-5PA")
        roadmaps = await client.get("/comite/hojas-de-ruta?plan=MX-5PA")
    assert listing.status_code == 200, listing.text
    assert "1. Agua limpia" in listing.text and "Acordada" in listing.text
    assert 'value="th2"' in listing.text  # a published theme not promoted yet
    assert 'value="3"' in listing.text  # the next free number
    assert "Publicar el plan borrador" in listing.text
    agreed = roadmaps.text.split('id="estado-agreed"')[1].split("</section>")[0]
    assert "Agua limpia" in agreed and "Publicar la hoja de ruta" in agreed
    published = roadmaps.text.split('id="estado-published"')[1].split("</section>")[0]
    assert "Justicia abierta" in published and "Publicar la hoja" not in published


async def test_the_committee_creates_commitments_and_publishes_the_draft_plan(
    start_frontend, gateway
):
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        send = {"csrf_token": token}
        promoted = await client.post(
            "/comite/compromisos/desde-tema", data=send | {"plan_code": "MX-5PA", "theme_id": "th2"}
        )
        created = await client.post(
            "/comite/compromisos",
            data=send | {"plan_code": "MX-5PA", "number": "3", "slug": "datos-abiertos",
                         "title": "Datos abiertos", "problem": "", "summary": ""},
        )  # fmt: skip
        draft = await client.post(
            "/comite/plan-borrador", data=send | {"draft_plan_code": "MX-5PA"}
        )
    assert promoted.headers["location"] == "/comite/compromisos?plan=MX-5PA&aviso=desde-tema"
    assert created.headers["location"] == "/comite/compromisos/c9?aviso=creado"
    assert draft.headers["location"] == "/comite/compromisos?plan=MX-5PA&aviso=plan-borrador"
    assert gateway.sent() == [
        ("POST", "/api/v1/consultation/themes/th2/promote", None),
        ("POST", f"{ROADMAPS}/commitments",
         {"plan_code": "MX-5PA", "number": 3, "slug": "datos-abiertos",
          "title": "Datos abiertos", "problem": "", "summary": ""}),
        ("POST", f"{ROADMAPS}/plans/MX-5PA/draft-plan/publish", None),
    ]  # fmt: skip


async def test_a_refused_commitment_names_the_field_and_keeps_the_text(start_frontend, gateway):
    details = [{"field": "slug", "type": "string_pattern_mismatch", "message": "x"}]
    gateway.answers[("POST", f"{ROADMAPS}/commitments")] = refusal(
        "validation_error", "Los datos enviados no son válidos.", details
    )
    gateway.answers[("POST", f"{ROADMAPS}/plans/MX-5PA/draft-plan/publish")] = refusal(
        "draft_plan_already_published", "El borrador de este plan ya se publicó.", status=409
    )
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        refused = await client.post(
            "/comite/compromisos",
            data={"csrf_token": token, "plan_code": "MX-5PA", "number": "1",
                  "slug": "Agua Limpia", "title": "Agua"},
        )  # fmt: skip
        no_theme = await client.post(
            "/comite/compromisos/desde-tema", data={"csrf_token": token, "plan_code": "MX-5PA"}
        )
        twice = await client.post(
            "/comite/plan-borrador", data={"csrf_token": token, "draft_plan_code": "MX-5PA"}
        )
    assert refused.status_code == 422
    assert 'id="slug-error">Identificador corto: El formato no es válido.' in refused.text
    assert 'value="Agua Limpia"' in refused.text
    assert 'id="theme_id-error">Tema de trabajo: elige' in no_theme.text
    assert twice.status_code == 422
    assert "Plan borrador: El borrador de este plan ya se publicó." in twice.text


async def test_the_commitment_page_builds_the_group_and_publishes(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        send = {"csrf_token": token}
        page = await client.get("/comite/compromisos/c5")
        base = "/comite/compromisos/c5"
        await client.post(f"{base}/publicar", data=send)
        added = await client.post(
            f"{base}/integrantes",
            data=send
            | {"account_id": "cso-1", "sector": "", "group_role": "responsible_cso_person"},
        )
        await client.post(f"{base}/integrantes/gov-1/baja", data=send)
        await client.post(
            f"{base}/reglas", data=send | {"rules_of_operation": "Por consenso.", "etag": '"3"'}
        )
        await client.post(f"{base}/hoja-de-ruta/publicar", data=send)
    assert page.status_code == 200, page.text
    assert "Ana Gobierno" in page.text and "Servidor público responsable" in page.text
    assert '<option value="cso-1"' in page.text and '<option value="gov-1"' not in page.text
    assert "Publicar el compromiso" in page.text and "Publicar la hoja de ruta" in page.text
    assert 'href="/consulta/temas/t1">Pozos' in page.text
    assert added.headers["location"] == f"{base}?aviso=integrante"
    group = f"{ROADMAPS}/commitments/c5/working-group"
    assert gateway.sent() == [
        ("POST", f"{ROADMAPS}/commitments/c5/publish", None),
        ("POST", f"{group}/members",
         {"account_id": "cso-1", "name": "Luis Sociedad", "organization": "Transparencia Mexicana",
          "sector": "cso", "group_role": "responsible_cso_person"}),
        ("DELETE", f"{group}/members/gov-1", None),
        ("PUT", group, {"rules_of_operation": "Por consenso."}),
        ("POST", f"{ROADMAPS}/commitments/c5/roadmap/publish", None),
    ]  # fmt: skip
    assert gateway.writes[3][3]["if-match"] == '"3"'


async def test_a_stale_rules_edit_and_a_mismatched_role_are_explained(start_frontend, gateway):
    group = f"{ROADMAPS}/commitments/c5/working-group"
    gateway.answers[("PUT", group)] = refusal("precondition_failed", "Cambió.", status=412)
    gateway.answers[("POST", f"{group}/members")] = refusal(
        "group_role_sector_mismatch",
        "El papel en el grupo no corresponde al sector de la persona.",
        status=409,
    )
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        stale = await client.post(
            "/comite/compromisos/c5/reglas",
            data={"csrf_token": token, "rules_of_operation": "Mi texto.", "etag": '"2"'},
        )
        mismatch = await client.post(
            "/comite/compromisos/c5/integrantes",
            data={"csrf_token": token, "account_id": "cso-1", "sector": "cso",
                  "group_role": "responsible_public_servant"},
        )  # fmt: skip
    assert stale.status_code == 422 and "Otra persona guardó un cambio" in stale.text
    assert "Mi texto.</textarea>" in stale.text
    assert 'id="group_role-error">Papel en el grupo: El papel en el grupo' in mismatch.text


async def test_irm_self_assessment_and_inactive(start_frontend, gateway):
    message = "Value error, un informe de diseño no califica cumplimiento ni resultados"
    details = [{"field": "", "type": "value_error", "message": message}]
    irm_path = f"{TRACKING}/commitments/c6/irm-assessments"
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        send = {"csrf_token": token}
        page = await client.get("/comite/compromisos/c6")
        base = "/comite/compromisos/c6"
        recorded = await client.post(
            f"{base}/irm",
            data=send | {"report_type": "design", "report_name": "Informe de diseño 2027",
                         "assessed_on": "2027-03-01", "verifiable": "si",
                         "relevance": ["access_to_information", "civic_participation"],
                         "potential_impact": "moderate"},
        )  # fmt: skip
        inactive = await client.post(
            f"{base}/autoevaluacion",
            data=send | {"status": "inactive", "inactive_reason": "Las OSC dejaron el grupo.",
                         "inactive_since": "2027-03-01"},
        )  # fmt: skip
        missing = await client.post(f"{base}/autoevaluacion", data=send | {"status": "inactive"})
        gateway.answers[("POST", irm_path)] = refusal(
            "validation_error", "Los datos enviados no son válidos.", details
        )
        mixed = await client.post(
            f"{base}/irm", data=send | {"report_type": "design", "completion": "complete"}
        )
    assert "1 de marzo de 2027" in page.text and "Moderado" in page.text
    assert recorded.headers["location"] == f"{base}?aviso=irm"
    assert inactive.headers["location"] == f"{base}?aviso=inactivo"
    assert missing.status_code == 422
    assert 'id="inactive_reason-error">Motivo: escribe' in missing.text
    assert 'id="inactive_since-error">Inactivo desde: escribe la fecha.' in missing.text
    assert "Un informe de diseño no califica cumplimiento ni resultados." in mixed.text
    assert gateway.sent()[:2] == [
        ("POST", irm_path,
         {"report_type": "design", "report_name": "Informe de diseño 2027",
          "assessed_on": "2027-03-01", "verifiable": True,
          "relevance": ["access_to_information", "civic_participation"],
          "potential_impact": "moderate", "completion": None,
          "did_it_open_government": None, "comment": None}),
        ("PUT", f"{TRACKING}/commitments/c6/self-assessment",
         {"status": "inactive", "inactive_reason": "Las OSC dejaron el grupo.",
          "inactive_since": "2027-03-01", "note": None}),
    ]  # fmt: skip
    assert len(gateway.writes) == 3  # the incomplete inactive mark was never sent


async def test_the_queue_validates_or_returns_each_update(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        queue = await client.get("/comite/validaciones?plan=MX-5PA")
        send = {"csrf_token": token, "plan": "MX-5PA"}
        approved = await client.post("/comite/validaciones/u1", data=send | {"decision": "approve"})
        without = await client.post("/comite/validaciones/u1", data=send | {"decision": "reject"})
        returned = await client.post(
            "/comite/validaciones/u1",
            data=send | {"decision": "reject", "reason": "Falta el acta."},
        )
    asked = next(r for r in gateway.seen if r.url.path == f"{TRACKING}/updates")
    assert asked.url.params["awaiting"] == "committee"
    assert asked.url.params["plan_code"] == "MX-5PA"
    assert "2. Justicia abierta: Encuesta nacional" in queue.text
    assert "Encuesta publicada" in queue.text and "Enlace al informe" in queue.text
    assert "1 de marzo de 2027" in queue.text and "ya validó" in queue.text
    assert approved.headers["location"] == "/comite/validaciones?plan=MX-5PA&aviso=validada"
    assert without.status_code == 422 and 'id="reason-u1-error">Motivo:' in without.text
    assert returned.headers["location"].endswith("aviso=devuelta")
    path = f"{TRACKING}/updates/u1/validation"
    assert gateway.sent() == [
        ("POST", path, {"decision": "approve", "reason": None}),
        ("POST", path, {"decision": "reject", "reason": "Falta el acta."}),
    ]


async def test_my_groups_links_the_committee_to_its_workspace(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        await signed_in(client, "committee")
        groups = await client.get("/grupos")
    assert '<a href="/comite/compromisos">El Comité Coordinador integra' in groups.text


async def test_the_workspace_speaks_english_from_the_catalog(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        await signed_in(client, "committee")
        listing = await client.get("/comite/compromisos?plan=MX-5PA&lang=en")
        commitment = await client.get("/comite/compromisos/c6?lang=en")
        queue = await client.get("/comite/validaciones?lang=en")
    assert "Create a commitment from a promoted theme" in listing.text
    assert "Publish the draft plan" in listing.text
    assert "Mark the commitment inactive" in commitment.text
    assert "Record the IRM assessment" in commitment.text
    assert "Progress to validate" in queue.text and "Planned indicator" in queue.text


async def test_the_committee_home_counts_what_awaits_its_validation(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        await signed_in(client, "committee")
        home = await client.get("/comite")
        gateway.failing.add(f"{TRACKING}/updates")
        without_tracking = await client.get("/comite")
    assert '<a href="/comite/validaciones">1 actualización de avance espera' in home.text
    assert (
        without_tracking.status_code == 200 and "espera tu validación" not in without_tracking.text
    )


async def test_the_committee_edits_a_draft_commitment_and_refusals_name_the_field(
    start_frontend, gateway
):
    base = "/comite/compromisos/c5"
    patch = ("PATCH", f"{ROADMAPS}/commitments/c5")
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        page = await client.get(base)
        form = {
            "csrf_token": token, "etag": '"4"', "title": " Agua limpia para todas ",
            "problem": "Sin datos del agua.", "summary": "Publicar la calidad del agua.",
            "how_it_solves": "Con datos abiertos.",
            "ogp-access_to_information": "Publica los análisis.", "ogp-civic_participation": " ",
            "lead_institutions": "CONAGUA\n\n SEMARNAT ", "supporting_institutions": "",
            "cso_coresponsible": "Agua y Vida, A.C.", "cso_accompanying": "",
            "sdg_targets": "6.1, 16.10",
        }  # fmt: skip
        saved = await client.post(f"{base}/editar", data=form)
        gateway.answers[patch] = refusal(
            "validation_error", "Datos no válidos.",
            [{"field": "body.title", "message": "too short", "type": "string_too_short",
              "ctx": {"min_length": 3}},
             {"field": "body.lead_institutions.1", "message": "too long",
              "type": "string_too_long", "ctx": {"max_length": 300}}],
        )  # fmt: skip
        refused = await client.post(f"{base}/editar", data=form | {"title": "A"})
        gateway.answers[patch] = refusal("precondition_failed", "Cambió.", status=412)
        stale = await client.post(f"{base}/editar", data=form | {"etag": '"3"'})
        published = await client.get("/comite/compromisos/c6")
    assert page.status_code == 200
    assert 'action="/comite/compromisos/c5/editar"' in page.text
    assert 'name="etag" value="&#34;4&#34;"' in page.text or 'value="&quot;4&quot;"' in page.text
    assert 'value="Agua limpia"' in page.text and "Sin datos del agua.</textarea>" in page.text
    assert saved.headers["location"] == f"{base}?aviso=editado"
    method, path, body, headers = gateway.writes[0]
    assert (method, path) == patch and headers["if-match"] == '"4"'
    assert body == {
        "title": "Agua limpia para todas", "problem": "Sin datos del agua.",
        "summary": "Publicar la calidad del agua.", "how_it_solves": "Con datos abiertos.",
        "lead_institutions": ["CONAGUA", "SEMARNAT"], "supporting_institutions": [],
        "cso_coresponsible": ["Agua y Vida, A.C."], "cso_accompanying": [],
        "sdg_targets": ["6.1", "16.10"],
        "ogp_values": {"access_to_information": "Publica los análisis."},
    }  # fmt: skip
    assert refused.status_code == 422
    assert 'id="title-error">Título: ' in refused.text
    assert 'id="lead_institutions-error">Instituciones responsables: ' in refused.text
    assert 'value="A"' in refused.text  # the typed text stays
    assert "Agua y Vida, A.C.</textarea>" in refused.text
    assert stale.status_code == 422 and "Otra persona guardó un cambio" in stale.text
    assert 'action="/comite/compromisos/c6/editar"' not in published.text  # drafts only
