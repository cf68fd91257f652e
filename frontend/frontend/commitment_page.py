"""One commitment on the tablero: its whole published roadmap, activities with dates, the
validated timeline with its links, the working group, superseded versions, IRM opinion,
the theme and citizen topics it came from, and a button to follow it."""

import asyncio
from collections.abc import Awaitable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.feedback import comment_rows
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep
from frontend.tablero import STATUS_CLASSES, TRACKING, percent
from frontend.views import parse_day
from frontend.vocabulary import GROUP_ROLES, GROUP_SECTORS, NOT_ASSESSED, SELF_ASSESSMENT_SHOWN
from reference.ogp import IRM_VALUES
from reference.statuses import ACTIVITY_STATUS, ANSWER_STATES

router = APIRouter(prefix="/tablero/compromisos")
ROADMAPS = "/api/v1/roadmaps"
CONSULTATION = "/api/v1/consultation"
NOTICES = {
    "siguiendo": "Ahora sigues este compromiso: te avisaremos de cada avance validado.",
    "dejaste": "Dejaste de seguir este compromiso.",
    "comentado": "Tu comentario quedó publicado. El Comité Coordinador lo responderá.",
    "respondido": "La respuesta razonada quedó publicada.",
}
EMAIL_NOT_VERIFIED = (
    "Para comentar necesitas verificar tu correo electrónico. Tu texto sigue en el formulario."
)


def irm_rows(irm: dict) -> list[dict]:
    return [
        record
        | {
            "assessed": parse_day(record.get("assessed_on")),
            "labels": {
                key: _(IRM_VALUES.get(str(record.get(key)), str(record.get(key))))
                for key in ("potential_impact", "completion", "did_it_open_government")
                if record.get(key)
            },
        }
        for record in irm.get("all") or []
    ]


def reschedule_rows(activity: dict) -> list[dict]:
    """Each change of an activity's dates, oldest first, with its public explanation."""
    return [
        {
            "on": parse_day(c.get("changed_at")),
            "version": c.get("roadmap_version"),
            "from_starts": parse_day(c.get("previous_start_date")),
            "from_ends": parse_day(c.get("previous_end_date")),
            "starts": parse_day(c.get("start_date")),
            "ends": parse_day(c.get("end_date")),
            "reason": str(c.get("reason") or ""),
        }
        for c in activity.get("reschedules") or []
        if isinstance(c, dict)
    ]


def key_action_rows(key_actions: list[dict]) -> list[dict]:
    def activity(a: dict) -> dict:
        status = str(a.get("status") or "")
        changes = reschedule_rows(a)
        return a | {
            "status_label": _(ACTIVITY_STATUS.get(status, status)),
            "starts": parse_day(a.get("start_date")),
            "ends": parse_day(a.get("end_date")),
            "original_starts": parse_day(a.get("original_start_date")),
            "original_ends": parse_day(a.get("original_end_date")),
            "changes": changes,
            "reason": changes[-1]["reason"] if changes else "",
        }

    return [
        ka | {"activities": [activity(a) for a in ka.get("activities") or []]} for ka in key_actions
    ]


def roadmap_view(roadmap: dict | None, commitment_id: str) -> dict | None:
    """The roadmap in force with its seven elements, and the versions it superseded."""
    if not roadmap:
        return None
    current = roadmap.get("version")
    superseded = [
        v | {"href": f"/tablero/compromisos/{commitment_id}/versiones/{v['version']}"}
        for v in roadmap.get("versions") or []
        if isinstance(v.get("version"), int) and v["version"] != current
    ]
    return roadmap | {
        "starts": parse_day(roadmap.get("start_date")),
        "ends": parse_day(roadmap.get("end_date")),
        "published": parse_day(roadmap.get("published_at")),
        "superseded": sorted(superseded, key=lambda v: v["version"], reverse=True),
    }


def member_rows(members: list[dict]) -> list[dict]:
    return [
        m
        | {
            "sector_label": _(GROUP_SECTORS.get(str(m.get("sector")), str(m.get("sector") or ""))),
            "role_label": _(GROUP_ROLES.get(str(m.get("group_role")), _("Integrante"))),
        }
        for m in members
    ]


async def origin(gateway: GatewayClient, commitment_id: str) -> dict:
    """The theme and the citizen topics the commitment came from (blank when unknown)."""
    try:
        source = await gateway.get_json(f"{ROADMAPS}/commitments/{commitment_id}")
    except GatewayUnavailable:
        return {"theme": None, "topics": []}
    topics = [t for t in source.get("source_topics") or [] if t.get("topic_id")]
    theme = None
    if source.get("source_theme_id"):
        try:
            theme = await gateway.get_json(f"{CONSULTATION}/themes/{source['source_theme_id']}")
        except GatewayUnavailable:
            theme = None
    known = {t["topic_id"] for t in topics}
    for ref in (theme or {}).get("topics") or []:
        topic_id = ref.get("topic_id") or ref.get("id")
        if topic_id and topic_id not in known:
            topics.append({"topic_id": topic_id, "title": ref.get("title") or ""})
            known.add(topic_id)
    return {"theme": theme, "topics": topics}


async def is_following(gateway: GatewayClient, visitor: Visitor, commitment_id: str) -> bool:
    if not visitor.signed_in:
        return False
    try:
        answer = await gateway.call(
            "GET", f"{TRACKING}/commitments/{commitment_id}/follow", token=visitor.token
        )
    except (ApiError, GatewayUnavailable):
        return False
    return bool((answer or {}).get("following"))


def assessment_of(detail: dict) -> tuple[str, dict]:
    assessment = detail.get("self_assessment")
    assessment = assessment if isinstance(assessment, dict) else {}
    status = "inactive" if detail.get("inactive") else str(assessment.get("status") or NOT_ASSESSED)
    return status, assessment


async def progress_comments(gateway: GatewayClient, commitment_id: str) -> dict:
    """The public comments on its progress with their answers; ``open`` is false when
    consultation does not know the commitment as published (no comments then)."""
    try:
        found = await gateway.call("GET", f"{CONSULTATION}/commitments/{commitment_id}/comments")
    except (ApiError, GatewayUnavailable):
        return {"open": False, "rows": []}
    return {"open": True, "rows": comment_rows((found or {}).get("items") or [])}


async def commitment_view(
    request: Request,
    gateway: GatewayClient,
    visitor: Visitor,
    commitment_id: str,
    extra: dict | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    detail, source, following, comments = await asyncio.gather(
        gateway.get_json(f"{TRACKING}/commitments/{commitment_id}"),
        origin(gateway, commitment_id),
        is_following(gateway, visitor, commitment_id),
        progress_comments(gateway, commitment_id),
    )
    status, assessment = assessment_of(detail)
    progress = detail.get("progress") or {}
    context = {
        "c": detail,
        "status_class": STATUS_CLASSES.get(status, "idle"),
        "status_label": _(SELF_ASSESSMENT_SHOWN.get(status, status)),
        "inactive_since": parse_day(assessment.get("inactive_since")),
        "inactive_reason": assessment.get("inactive_reason") or detail.get("inactive_reason") or "",
        "completed": percent(progress.get("completed")),
        "verified": percent(progress.get("verified")),
        "roadmap": roadmap_view(detail.get("roadmap"), commitment_id),
        "members": member_rows(detail.get("working_group") or []),
        "key_actions": key_action_rows(detail.get("key_actions") or []),
        "timeline": [
            t
            | {
                "published": parse_day(t.get("published_at")),
                "status_label": _(ACTIVITY_STATUS.get(str(t.get("new_status")), "")),
            }
            for t in detail.get("timeline") or []
        ],
        "irm": irm_rows(detail.get("irm") or {}),
        "origin": source,
        "following": following,
        "notice": "",
        "comments": comments,
        "answer_states": ANSWER_STATES,
        "errors": FormErrors(),
        "body": "",
        "answering": "",
    }
    return page(request, "commitment.html", context | (extra or {}), status_code=status_code)


@router.get("/{commitment_id}", response_class=HTMLResponse)
async def commitment(
    request: Request, commitment_id: str, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> HTMLResponse:
    """Un compromiso: su hoja de ruta publicada completa, acciones clave con su peso,
    actividades con fechas, línea de tiempo validada con enlaces y evidencia, el grupo de
    trabajo, las versiones anteriores, su origen en la consulta, la opinión del IRM y los
    comentarios de la ciudadanía sobre su avance con la respuesta razonada del Comité."""
    notice = _(NOTICES[aviso]) if aviso in NOTICES else ""
    return await commitment_view(request, gateway, visitor, commitment_id, {"notice": notice})


@router.post("/{commitment_id}/comentarios", dependencies=[CsrfChecked])
async def add_comment(
    request: Request,
    commitment_id: str,
    gateway: GatewayDep,
    visitor: VisitorDep,
    body: Annotated[str, Form()] = "",
) -> Response:
    """Comentar el avance de un compromiso publicado (con el correo verificado)."""
    here = f"/tablero/compromisos/{commitment_id}"
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={here}")
    write = gateway.call(
        "POST",
        f"{CONSULTATION}/commitments/{commitment_id}/comments",
        token=visitor.token,
        json={"body": body},
    )

    def redisplay(errors: FormErrors) -> Awaitable[Response]:
        errors.fields = {("body" if k in ("body", "") else k): v for k, v in errors.fields.items()}
        return commitment_view(
            request, gateway, visitor, commitment_id, {"errors": errors, "body": body}, REFUSED
        )

    def refusal(exc: ApiError) -> FormErrors:
        if exc.code == "email_not_verified":
            return FormErrors(general=_(EMAIL_NOT_VERIFIED))
        return from_api_error(exc)

    return await submit(write, redisplay, f"{here}?aviso=comentado#comentarios", refusal)


async def _follow(
    gateway: GatewayClient, visitor: Visitor, commitment_id: str, method: str
) -> Response:
    here = f"/tablero/compromisos/{commitment_id}"
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={here}")
    await gateway.call(
        method, f"{TRACKING}/commitments/{commitment_id}/follow", token=visitor.token
    )
    notice = "siguiendo" if method == "POST" else "dejaste"
    return see_other(f"{here}?aviso={notice}#seguir")


@router.post("/{commitment_id}/seguir", dependencies=[CsrfChecked])
async def follow(commitment_id: str, gateway: GatewayDep, visitor: VisitorDep) -> Response:
    """Seguir un compromiso: un aviso por cada avance validado (en Cocrea y por correo)."""
    return await _follow(gateway, visitor, commitment_id, "POST")


@router.post("/{commitment_id}/dejar-de-seguir", dependencies=[CsrfChecked])
async def unfollow(commitment_id: str, gateway: GatewayDep, visitor: VisitorDep) -> Response:
    """Dejar de seguir un compromiso."""
    return await _follow(gateway, visitor, commitment_id, "DELETE")
