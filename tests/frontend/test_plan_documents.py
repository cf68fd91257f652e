"""The plan's documents on the website: the action plan and the self-assessment, as pages and
as .docx, built from what the real tracking service answers for the 4th plan's shipped data."""

import html as markup
import io
import re
import zipfile

import httpx
import pytest
from docx import Document

from roadmaps.demo import commitment_create
from tests.conftest import migrate, running, service_settings
from tests.frontend.conftest import PLAN, FakeGateway
from tests.tracking.conftest import deliver, published_event
from tracking.config import TrackingSettings
from tracking.demo import load_demo
from tracking.documents import seed
from tracking.main import create_app as create_tracking

KINDS = ("action-plan", "self-assessment")


@pytest.fixture
async def tracking_documents(databases, jwks_file) -> dict[str, dict]:
    """The documents' JSON for MX-4PA (shipped data) and MX-5PA (nothing recorded)."""
    url = await databases.new("tracking")
    await migrate("tracking", url)
    settings = service_settings(TrackingSettings, url, jwks_file)
    await load_demo(settings)
    await seed.load(settings)
    answers = {}
    async with running(create_tracking(settings)) as tracking:
        for raw in PLAN["commitments"]:
            body = commitment_create("MX-4PA", raw).model_dump(exclude={"plan_code", "number"})
            fields = {k: body[k] for k in ("slug", "title", "problem", "summary")}
            fields |= {k: body[k] for k in ("lead_institutions", "cso_coresponsible")}
            event = published_event(f"pa4-{raw['number']}", raw["number"], **fields)
            assert (await deliver(tracking, event)).is_success
        for code in ("MX-4PA", "MX-5PA"):
            for kind in KINDS:
                path = f"/plans/{code}/documents/{kind}"
                answers[f"/api/v1/tracking{path}"] = (await tracking.get(path)).json()
    return answers


EARLIER = {"id": "pa3-8", "plan_code": "MX-3PA", "number": 8, "title": "Cuidados (3PA)"}


class DocumentsGateway(FakeGateway):
    """The fake gateway, with the tracking documents and commitment 8 continuing one of the
    3rd plan (as roadmaps lists it)."""

    def __init__(self, documents: dict[str, dict]) -> None:
        super().__init__()
        self.documents = documents | {f"/api/v1/roadmaps/commitments/{EARLIER['id']}": EARLIER}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        found = self.documents.get(request.url.path)
        if found is not None:
            self.requests.append(request)
            return httpx.Response(200, json=found)
        answer = super().__call__(request)
        if request.url.path == "/api/v1/roadmaps/commitments":
            body = answer.json()
            for c in body["items"]:
                if c["number"] == 8:
                    c["continues_commitment_id"] = EARLIER["id"]
            return httpx.Response(200, json=body)
        return answer


def docx_text(content: bytes) -> str:
    assert zipfile.is_zipfile(io.BytesIO(content))
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def page_text(html: str) -> str:
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


async def fetch(client, path: str) -> tuple[str, str]:
    page = await client.get(path)
    docx = await client.get(path + ".docx")
    assert page.status_code == 200, page.text
    assert docx.status_code == 200
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in docx.headers["content-disposition"]
    assert "<script" not in page.text
    return page_text(page.text), " ".join(docx_text(docx.content).split())


async def test_the_action_plan_has_every_commitment_in_the_page_and_the_docx(
    start_frontend, tracking_documents
):
    async with start_frontend(DocumentsGateway(tracking_documents)) as client:
        html, word = await fetch(client, "/planes/MX-4PA/documento")

    for text in (html, word):
        for c in PLAN["commitments"]:
            assert f"Compromiso {c['number']}: {c['title']}" in text
        assert "Consulta de temas" in text  # the process's phases, from the consultation
        assert "24 de mayo de 2019" in text
        assert "versión 1 de los textos del Comité" in text
        assert "Secretaría de la Función Pública" in text  # the forum, from the texts
        assert "Análisis de riesgos sin datos" in text  # an empty template field, said so
        assert "Continúa el compromiso MX-3PA · 8. Cuidados (3PA)" in text


async def test_the_self_assessment_reproduces_the_figures_the_data_holds(
    start_frontend, tracking_documents
):
    async with start_frontend(DocumentsGateway(tracking_documents)) as client:
        html, word = await fetch(client, "/planes/MX-4PA/autoevaluacion")

    totals = tracking_documents["/api/v1/tracking/plans/MX-4PA/documents/self-assessment"]
    assert totals["totals"]["self_assessment"]["completed"] == 7
    for text in (html, word):
        assert "Completado 7" in text
        assert "Limitado 3" in text
        assert "Inactivo 3" in text
        for figure in ("708", "352", "358", "344", "508", "70", "44"):
            assert figure in text
        assert "Autoevaluación del 4PA (Comité Coordinador, 2023)" in text
        for c in PLAN["commitments"]:
            assert f"Compromiso {c['number']}: {c['title']}" in text
            for result in c.get("key_results") or []:
                assert result in text
        assert "¿Por qué hubo avances limitados?" in text
        assert PLAN["commitments"][5]["limited_reasons"][0] in text
        assert "¿Por qué quedó inactivo?" in text


async def test_a_plan_without_records_says_sin_datos(start_frontend, tracking_documents):
    async with start_frontend(DocumentsGateway(tracking_documents)) as client:
        plan_html, plan_word = await fetch(client, "/planes/MX-5PA/documento")
        report_html, report_word = await fetch(client, "/planes/MX-5PA/autoevaluacion")

    for text in (plan_html, plan_word, report_html, report_word):
        assert "Sin datos: este plan no tiene compromisos publicados." in text
        assert "El Comité no ha reportado cifras fuera de la plataforma." in text
    assert "sin textos del Comité" in plan_html


async def test_a_malformed_plan_code_is_not_sent_to_the_gateway(start_frontend, fake_gateway):
    async with start_frontend(fake_gateway) as client:
        answer = await client.get("/planes/mx 4pa/documento")

    assert answer.status_code in (404, 422)
    assert not any("/documents/" in r.url.path for r in fake_gateway.requests)


async def test_the_documents_speak_english_when_asked(start_frontend, tracking_documents):
    async with start_frontend(DocumentsGateway(tracking_documents)) as client:
        page = await client.get("/planes/MX-5PA/autoevaluacion?lang=en")

    assert "No data: this plan has no published commitments." in page_text(page.text)
    assert "The plan in figures" in page_text(page.text)
