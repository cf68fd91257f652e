"""Progress updates (report with an evidence file sent as multipart, validate or return
with a reason) and the Committee's tools (phases, moderation, themes, reasoned answers)."""

import json
from typing import Any

import httpx
import pytest

from tests.frontend.conftest import FakeGateway
from tests.frontend.test_site import csrf_of, jwt

TRACKING = "/api/v1/tracking"
DETAIL = {
    "id": "c1",
    "key_actions": [
        {"id": "k1", "title": "Diagnóstico", "weight": 100,
         "activities": [{"id": "act-1", "title": "Encuesta nacional", "status": "en_proceso"}]},
    ],
}  # fmt: skip
UPDATE = {
    "id": "u1", "commitment_id": "c1", "activity_id": "act-1", "revision": 1,
    "author_name": "Ana Gobierno", "new_status": "completo", "narrative": "Se levantó.",
    "links": ["https://example.org/a.pdf"], "state": "pending",
    "submitted_at": "2026-05-01T10:00:00Z", "cso_validation": {"by": None, "at": None},
    "committee_validation": {"by": None, "at": None}, "rejection": None, "evidence": [],
}  # fmt: skip
THEME = {"id": "th1", "title": "Agua", "status": "draft", "promoted_at": None, "topics": []}


class ToolsGateway(FakeGateway):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, str, Any, httpx.Headers]] = []
        self.answers: dict[tuple[str, str], httpx.Response] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, request.url.path)
        if request.method != "GET":
            multipart = request.headers.get("content-type", "").startswith("multipart/")
            body = request.read() if multipart else json.loads(request.content or b"null")
            self.writes.append((*key, body, request.headers))
            return self.answers.get(key) or httpx.Response(201, json={"id": "u9"})
        path = key[1]
        if path == f"{TRACKING}/commitments/c1":
            return httpx.Response(200, json=DETAIL)
        if path == f"{TRACKING}/commitments/c1/updates":
            return httpx.Response(200, json=[UPDATE])
        if path == "/api/v1/consultation/processes/p-5pa/themes":
            return httpx.Response(200, json={"items": [THEME]})
        if path == "/api/v1/consultation/topics":
            topic = {"id": "t1", "title": "Sentencias", "votes_count": 3}
            return httpx.Response(200, json={"items": [topic], "next_cursor": None})
        return super().__call__(request)


@pytest.fixture
def gateway() -> ToolsGateway:
    return ToolsGateway()


async def signed_in(client, role: str) -> str:
    client.cookies.set("cocrea_access", jwt(role=role, sub=f"{role}-1"))
    return csrf_of((await client.get("/entrar")).text)


async def test_a_government_member_reports_progress_with_an_evidence_file(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "government")
        page = await client.get("/grupos/c1/avances")
        form = {"csrf_token": token, "activity_id": "act-1", "new_status": "completo",
                "narrative": "Terminamos.", "links": "https://example.org/a.pdf\n"}  # fmt: skip
        files = {"evidence": ("acta.pdf", b"%PDF-1.4 acta", "application/pdf")}
        response = await client.post("/grupos/c1/avances", data=form, files=files)
    assert 'enctype="multipart/form-data"' in page.text
    assert "Diagnóstico · Encuesta nacional" in page.text
    assert "Se levantó." in page.text and "Pendiente" in page.text
    assert 'value="approve"' not in page.text  # government does not validate
    assert 'value="completo"' in page.text
    assert 'value="verificado"' not in page.text  # reached only through validation
    assert response.headers["location"] == "/grupos/c1/avances?aviso=enviada"
    (_, created, body, _), (_, upload, raw, headers) = gateway.writes
    assert created == f"{TRACKING}/commitments/c1/updates"
    assert body == {"activity_id": "act-1", "new_status": "completo",
                    "narrative": "Terminamos.", "links": ["https://example.org/a.pdf"]}  # fmt: skip
    assert upload == f"{TRACKING}/updates/u9/evidence"
    assert b'name="file"; filename="acta.pdf"' in raw and b"%PDF-1.4 acta" in raw
    assert headers["authorization"].startswith("Bearer ")


async def test_a_cso_member_approves_or_returns_with_a_reason(start_frontend, gateway):
    path = f"{TRACKING}/updates/u1/validation"
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "cso")
        page = await client.get("/grupos/c1/avances")
        url = "/grupos/c1/avances/u1/validacion"
        without = await client.post(url, data={"csrf_token": token, "decision": "reject"})
        returned = await client.post(
            url, data={"csrf_token": token, "decision": "reject", "reason": "Falta el acta."}
        )
        approved = await client.post(url, data={"csrf_token": token, "decision": "approve"})
    assert 'value="approve"' in page.text and "Reportar avance" not in page.text
    assert without.status_code == 422 and "Motivo: Escribe por qué la devuelves." in without.text
    assert returned.headers["location"].endswith("aviso=devuelta")
    assert approved.headers["location"].endswith("aviso=validada")
    assert [(w[1], w[2]) for w in gateway.writes] == [
        (path, {"decision": "reject", "reason": "Falta el acta."}),
        (path, {"decision": "approve", "reason": None}),
    ]


async def test_the_committee_tools_show_phases_and_send_each_decision(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        citizen = await signed_in(client, "citizen")
        refused = await client.get("/comite")
        token = await signed_in(client, "committee")
        page = await client.get("/comite")
        send = {"csrf_token": token}
        await client.post("/comite/moderacion", data=send | {"topic_id": "t1", "action": "hide",
                                                             "reason": "Insultos."})  # fmt: skip
        await client.post("/comite/temas", data=send | {"process_id": "p-5pa", "title": "Agua",
                                                        "areas": ["justice"]})  # fmt: skip
        await client.post("/comite/temas/th1/agrupar", data=send | {"topic_ids": ["t1"]})
        await client.post("/comite/temas/th1/publicar", data=send)
        answered = await client.post(
            "/comite/respuestas",
            data=send | {"topic_id": "t1", "state": "accepted",
                         "justification": "Se integró al tema Agua.", "publish": "1"},
        )  # fmt: skip
    assert citizen and refused.status_code == 403
    assert "Consulta de temas" in page.text and "Sistematización" in page.text
    assert answered.headers["location"] == "/comite?aviso=respuesta-publicada"
    assert [(w[0], w[1], w[2]) for w in gateway.writes] == [
        ("POST", "/api/v1/consultation/topics/t1/moderation",
         {"action": "hide", "reason": "Insultos."}),
        ("POST", "/api/v1/consultation/processes/p-5pa/themes",
         {"title": "Agua", "description": "", "areas": ["justice"]}),
        ("POST", "/api/v1/consultation/themes/th1/topics", {"topic_ids": ["t1"]}),
        ("POST", "/api/v1/consultation/themes/th1/publish", None),
        ("PUT", "/api/v1/consultation/topics/t1/response",
         {"state": "accepted", "justification": "Se integró al tema Agua."}),
        ("POST", "/api/v1/consultation/topics/t1/response/publish", None),
    ]  # fmt: skip


async def test_a_refused_committee_decision_is_explained(start_frontend, gateway):
    detail = {"field": "body.justification", "type": "string_too_short", "ctx": {"min_length": 10}}
    refusal = {"error": {"code": "validation_error", "message": "No válidos.", "details": [detail]}}
    path = "/api/v1/consultation/topics/t1/response"
    gateway.answers[("PUT", path)] = httpx.Response(422, json=refusal)
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        response = await client.post(
            "/comite/respuestas",
            data={"csrf_token": token, "topic_id": "t1", "state": "accepted",
                  "justification": "Corta", "publish": "1"},
        )  # fmt: skip
    assert response.status_code == 422
    assert 'id="justification-error">Es demasiado corto' in response.text
    assert "Corta</textarea>" in response.text
    assert len(gateway.writes) == 1  # not published


async def test_the_committee_extends_a_phase_with_a_reason(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "committee")
        page = await client.get("/comite")
        moved = await client.post(
            "/comite/fases",
            data={"csrf_token": token, "process_id": "p-5pa", "phase_key": "consultation",
                  "starts_on": "2026-11-14", "ends_on": "2026-12-12",
                  "reason": "Se amplía por la alta participación."},
        )  # fmt: skip
        forged = await client.post(
            "/comite/fases", data={"process_id": "p-5pa", "phase_key": "consultation"}
        )
    assert 'action="/comite/fases"' in page.text and 'name="phase_key"' in page.text
    assert moved.headers["location"] == "/comite?aviso=fase"
    assert forged.status_code == 403  # no CSRF token: nothing sent
    assert [(w[0], w[1], w[2]) for w in gateway.writes] == [
        ("PUT", "/api/v1/consultation/processes/p-5pa/phases/consultation",
         {"starts_on": "2026-11-14", "ends_on": "2026-12-12",
          "reason": "Se amplía por la alta participación."}),
    ]  # fmt: skip


async def test_a_returned_update_is_corrected_and_sent_again(start_frontend, gateway, monkeypatch):
    returned = UPDATE | {"state": "rejected", "rejection": {"reason": "Falta el acta."}}
    gateway.answers[("POST", f"{TRACKING}/updates/u1/resubmission")] = httpx.Response(
        201, json=returned | {"id": "u2", "revision": 2, "state": "pending"}
    )

    original = gateway.__class__.__call__

    def with_returned(self, request):
        if request.method == "GET" and request.url.path == f"{TRACKING}/commitments/c1/updates":
            return httpx.Response(200, json=[returned])
        return original(self, request)

    monkeypatch.setattr(gateway.__class__, "__call__", with_returned)
    async with start_frontend(gateway) as client:
        token = await signed_in(client, "government")
        page = await client.get("/grupos/c1/avances")
        sent = await client.post(
            "/grupos/c1/avances/u1/reenvio",
            data={"csrf_token": token, "narrative": "Se levantó; el acta va adjunta.",
                  "new_status": "completo", "keep_evidence": "1",
                  "links": "https://example.org/acta.pdf"},
            files={"evidence": ("acta.pdf", b"%PDF-1.4 acta", "application/pdf")},
        )  # fmt: skip
    assert 'action="/grupos/c1/avances/u1/reenvio" enctype="multipart/form-data"' in page.text
    assert "<strong>Devuelta.</strong> Motivo: Falta el acta." in page.text
    assert "<strong>Pendiente</strong>" not in page.text and "Devuelta" in page.text
    assert 'id="evidence-u1"' in page.text and 'id="links-u1"' in page.text
    assert sent.headers["location"].endswith("aviso=reenviada")
    (_, resubmitted, body, _), (_, upload, raw, _) = gateway.writes
    assert resubmitted == f"{TRACKING}/updates/u1/resubmission"
    assert body == {"narrative": "Se levantó; el acta va adjunta.", "new_status": "completo",
                    "links": ["https://example.org/acta.pdf"], "keep_evidence": True}  # fmt: skip
    assert upload == f"{TRACKING}/updates/u2/evidence"  # the new revision gets the new file
    assert b'filename="acta.pdf"' in raw


async def test_evidence_files_are_served_on_the_sites_origin(start_frontend, gateway):
    pdf = b"%PDF-1.4 acta"
    path = f"{TRACKING}/evidence/e1"
    original = gateway.__class__.__call__

    def with_file(self, request):
        if request.url.path == path:
            self.seen_token = request.headers.get("authorization")
            return httpx.Response(
                200,
                content=pdf,
                headers={
                    "content-type": "application/pdf",
                    "content-disposition": 'attachment; filename="acta.pdf"',
                },
            )
        return original(self, request)

    gateway.__class__.__call__ = with_file
    try:
        async with start_frontend(gateway) as client:
            await signed_in(client, "cso")
            answer = await client.get("/evidencia/e1")
    finally:
        gateway.__class__.__call__ = original
    assert answer.status_code == 200 and answer.content == pdf
    assert answer.headers["content-type"] == "application/pdf"
    assert "acta.pdf" in answer.headers["content-disposition"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert gateway.seen_token.startswith("Bearer ")


async def test_validators_see_the_planned_activity_and_each_sides_validation(
    start_frontend, gateway, monkeypatch
):
    detail = {"id": "c1", "key_actions": [{"id": "k1", "title": "Diagnóstico", "weight": 40.0,
              "activities": [{"id": "act-1", "title": "Encuesta nacional", "status": "en_proceso",
                              "indicator": "Encuesta levantada",
                              "means_of_verification": "Base de datos publicada"}]}]}  # fmt: skip
    by_cso = UPDATE | {"cso_validation": {"by": "cso-1", "at": "2027-03-01T10:00:00Z"}}
    original = gateway.__class__.__call__

    def answering(self, request):
        path = request.url.path
        if request.method == "GET" and path == f"{TRACKING}/commitments/c1":
            return httpx.Response(200, json=detail)
        if request.method == "GET" and path == f"{TRACKING}/commitments/c1/updates":
            return httpx.Response(200, json=[by_cso])
        if path == "/api/v1/roadmaps/commitments/c1/working-group":
            member = {"account_id": "cso-1", "name": "Luis Sociedad", "sector": "cso"}
            return httpx.Response(200, json={"members": [member]})
        return original(self, request)

    monkeypatch.setattr(gateway.__class__, "__call__", answering)
    async with start_frontend(gateway) as client:
        await signed_in(client, "cso")
        cso_page = (await client.get("/grupos/c1/avances")).text
        await signed_in(client, "committee")
        committee_page = (await client.get("/grupos/c1/avances")).text
    for html in (cso_page, committee_page):
        assert "Diagnóstico (peso 40 %)" in html
        assert "Encuesta levantada" in html and "Base de datos publicada" in html
    assert "<strong>Sociedad civil:</strong> validó el 1 de marzo de 2027 (tú)" in cso_page
    assert 'value="approve"' not in cso_page  # its side already validated
    assert "Sociedad civil ya validó" in cso_page
    assert "(Luis Sociedad)" in committee_page and 'value="approve"' in committee_page
    assert "<strong>Comité Coordinador:</strong> pendiente" in committee_page
