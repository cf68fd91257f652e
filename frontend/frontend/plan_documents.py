"""The plan's two documents, built from the platform's data: web page and editable .docx.

``/planes/{plan_code}/documento`` is the action plan, ``/planes/{plan_code}/autoevaluacion``
the end-of-term self-assessment; each also as ``.docx``. The page has no script and prints
as the document (``document.css``); the .docx is drawn from the very same blocks.
"""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from frontend import action_plan_doc, self_assessment_doc
from frontend.deps import GatewayDep
from frontend.document_blocks import DocumentBlocks, to_docx
from frontend.gateway import GatewayUnavailable
from frontend.render import page

router = APIRouter(prefix="/planes/{plan_code}")
TRACKING = "/api/v1/tracking"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PlanCode = Annotated[str, Path(min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$")]


async def _process(gateway: Any, plan_code: str) -> dict | None:
    try:
        processes = await gateway.processes()
    except GatewayUnavailable:
        return None
    return next((p for p in processes if p.get("plan_code") == plan_code), None)


async def _ogp_fields(gateway: Any, plan_code: str) -> dict[int, dict]:
    """The OGP template fields each commitment has in roadmaps, by number."""
    try:
        rows = await gateway.commitments(plan_code)
    except GatewayUnavailable:
        return {}
    found = {c["number"]: c for c in rows if isinstance(c.get("number"), int)}
    for c in found.values():
        if c.get("continues_commitment_id"):
            c["continues"] = await _earlier(gateway, c["continues_commitment_id"])
    return found


async def _earlier(gateway: Any, commitment_id: str) -> str | None:
    """The earlier plan's commitment this one continues, as a line of text."""
    try:
        earlier = await gateway.get_json(f"/api/v1/roadmaps/commitments/{commitment_id}")
    except GatewayUnavailable:
        return None
    if not isinstance(earlier, dict) or "title" not in earlier:
        return None
    return f"{earlier.get('plan_code')} · {earlier.get('number')}. {earlier['title']}"


async def action_plan(gateway: Any, plan_code: str) -> DocumentBlocks:
    plan, process, ogp = await asyncio.gather(
        gateway.get_json(f"{TRACKING}/plans/{plan_code}/documents/action-plan"),
        _process(gateway, plan_code),
        _ogp_fields(gateway, plan_code),
    )
    return action_plan_doc.build(plan, process, ogp)


async def self_assessment(gateway: Any, plan_code: str) -> DocumentBlocks:
    report, process = await asyncio.gather(
        gateway.get_json(f"{TRACKING}/plans/{plan_code}/documents/self-assessment"),
        _process(gateway, plan_code),
    )
    title = (process or {}).get("title") or plan_code
    return self_assessment_doc.build(report, title)


def _page(request: Request, doc: DocumentBlocks, docx_url: str, plan_code: str) -> HTMLResponse:
    return page(
        request, "plan_document.html", {"doc": doc, "docx_url": docx_url, "doc_plan": plan_code}
    )


def _docx(doc: DocumentBlocks, name: str) -> Response:
    return Response(
        to_docx(doc),
        media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/documento", response_class=HTMLResponse)
async def action_plan_page(request: Request, gateway: GatewayDep, plan_code: PlanCode):
    """El plan de acción, generado de los datos de la plataforma."""
    doc = await action_plan(gateway, plan_code)
    return _page(request, doc, f"/planes/{plan_code}/documento.docx", plan_code)


@router.get("/documento.docx")
async def action_plan_docx(gateway: GatewayDep, plan_code: PlanCode) -> Response:
    """El plan de acción como documento de Word editable."""
    return _docx(await action_plan(gateway, plan_code), f"plan-de-accion-{plan_code}.docx")


@router.get("/autoevaluacion", response_class=HTMLResponse)
async def self_assessment_page(request: Request, gateway: GatewayDep, plan_code: PlanCode):
    """El informe de autoevaluación de fin de periodo, generado de los datos."""
    doc = await self_assessment(gateway, plan_code)
    return _page(request, doc, f"/planes/{plan_code}/autoevaluacion.docx", plan_code)


@router.get("/autoevaluacion.docx")
async def self_assessment_docx(gateway: GatewayDep, plan_code: PlanCode) -> Response:
    """La autoevaluación como documento de Word editable."""
    return _docx(await self_assessment(gateway, plan_code), f"autoevaluacion-{plan_code}.docx")
