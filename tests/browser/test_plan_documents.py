"""The plan's documents on a fresh ``dev.py up``: complete for the 4th plan (every commitment,
the figures the shipped data holds, a .docx that opens), their JSON through the gateway, and
no WCAG 2.1 AA violations (axe) at phone and desktop widths."""

import io
import json
import time

import httpx
import pytest
from docx import Document

from tests.browser.test_accessibility import axe_page, check_page  # noqa: F401 (fixture)
from tests.conftest import ROOT

PLAN = json.loads((ROOT / "data" / "pa4-mexico-2019-2022.json").read_text(encoding="utf-8"))
PAGES = {
    "plan-documento": "/planes/MX-4PA/documento",
    "plan-autoevaluacion": "/planes/MX-4PA/autoevaluacion",
    "plan-sin-datos": "/planes/MX-9PA/autoevaluacion",
}
API = "/api/v1/tracking/plans/MX-4PA/documents/self-assessment"


def _report(stack) -> dict:
    """The report's JSON once the 13 commitments' events have reached tracking."""
    deadline = time.monotonic() + 60
    while True:
        answer = httpx.get(stack.gateway + API, timeout=30)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        if len(body["commitments"]) == 13 or time.monotonic() > deadline:
            return body
        time.sleep(1)


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return " ".join(" ".join([p.text for p in doc.paragraphs] + cells).split())


def test_both_documents_come_out_complete_for_the_fourth_plan(stack):
    report = _report(stack)
    narrative = httpx.get(stack.gateway + "/api/v1/tracking/plans/MX-4PA/narrative", timeout=30)
    plan = httpx.get(
        stack.gateway + "/api/v1/tracking/plans/MX-4PA/documents/action-plan", timeout=30
    )

    assert [c["number"] for c in report["commitments"]] == list(range(1, 14))
    assert report["totals"]["self_assessment"]["completed"] == 7
    assert narrative.headers["etag"] == '"1"'
    assert len(plan.json()["commitments"]) == 13
    for path in ("/planes/MX-4PA/documento.docx", "/planes/MX-4PA/autoevaluacion.docx"):
        answer = httpx.get(stack.website + path, timeout=60)
        assert answer.status_code == 200
        text = _docx_text(answer.content)
        for c in PLAN["commitments"]:
            assert f"Compromiso {c['number']}: {c['title']}" in text
        assert "Consulta de temas" in text or "708" in text


@pytest.mark.parametrize("name", list(PAGES))
def test_the_documents_have_no_wcag_aa_violations(axe_page, stack, name):  # noqa: F811
    _report(stack)
    check_page(axe_page, name, PAGES[name])
