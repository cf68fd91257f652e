"""``/notificaciones``: the signed-in person's notices (a validated update of a commitment
they follow, from tracking; an answer to one's topic or comment, from the consultation).
Opening one marks it read and takes the person to the page it is about."""

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from frontend.deps import CsrfChecked, GatewayDep
from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import Visitor, VisitorDep
from frontend.views import parse_day

router = APIRouter(prefix="/notificaciones")
MINE = "/api/v1/tracking/me/notifications"
# Answers to one's topics and draft-plan comments (kept by the consultation).
ANSWERS = "/api/v1/consultation/me/notifications"
ANSWER_PAGE = "/notificaciones/respuestas"
LIMIT = 100
# Notices written before the link pointed at the site's page (an API-style path).
LEGACY_PREFIX = "/commitments/"


def site_link(link: str) -> str:
    """A path on this site, never another origin (a notice is data, not a redirect target)."""
    link = str(link or "")
    if link.startswith(LEGACY_PREFIX):
        return "/tablero/compromisos/" + link[len(LEGACY_PREFIX) :].split("/")[0]
    if link.startswith("/") and not link.startswith("//") and "\\" not in link:
        return link
    return "/notificaciones"


async def notices_of(gateway: GatewayClient, visitor: Visitor) -> list[dict]:
    items = await gateway.call("GET", MINE, params={"limit": LIMIT}, token=visitor.token)
    return [
        n | {"created": parse_day(n.get("created_at")), "href": f"/notificaciones/{n['id']}"}
        for n in items or []
        if isinstance(n, dict) and n.get("id")
    ]


async def answers_of(gateway: GatewayClient, visitor: Visitor) -> list[dict]:
    try:
        page_ = await gateway.call("GET", ANSWERS, params={"limit": 50}, token=visitor.token)
    except (ApiError, GatewayUnavailable):
        return []  # the consultation's notices are extra: the page stands without them
    return [
        n | {"created": parse_day(n.get("created_at")), "href": f"{ANSWER_PAGE}/{n['id']}"}
        for n in (page_ or {}).get("items") or []
        if isinstance(n, dict) and n.get("id")
    ]


async def mark_read(gateway: GatewayClient, visitor: Visitor, source: str, notice_id: str) -> None:
    """Mark one notice read at the service that keeps it (gone since: nothing to mark)."""
    try:
        await gateway.call("POST", f"{source}/{notice_id}/read", token=visitor.token)
    except ApiError as exc:
        if exc.status != 404:
            raise


@router.get("", response_class=HTMLResponse)
async def notifications(
    request: Request, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Tus avisos, los más recientes primero; los no leídos, marcados."""
    if not visitor.signed_in:
        return see_other("/entrar?siguiente=/notificaciones")
    items, answers = await asyncio.gather(
        notices_of(gateway, visitor), answers_of(gateway, visitor)
    )
    context = {
        "items": items,
        "answers": answers,
        "unread": sum(1 for n in items if not n.get("read_at")),
        "unread_answers": sum(1 for n in answers if not n.get("read_at")),
        "notice": _("Marcamos todos tus avisos como leídos.") if aviso == "leidos" else "",
    }
    return page(request, "notifications.html", context)


@router.get("/respuestas/{notification_id}")
async def open_answer(notification_id: str, gateway: GatewayDep, visitor: VisitorDep) -> Response:
    """Abrir el aviso de una respuesta: queda leído y lleva a la aportación respondida."""
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente={ANSWER_PAGE}/{notification_id}")
    found = next(
        (n for n in await answers_of(gateway, visitor) if n["id"] == notification_id), None
    )
    if found is None:
        return see_other("/notificaciones")
    if not found.get("read_at"):
        await mark_read(gateway, visitor, ANSWERS, notification_id)
    return see_other(site_link(found.get("link", "")))


@router.get("/{notification_id}")
async def open_notification(
    notification_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> Response:
    """Abrir un aviso: queda leído y lleva a la página de la que habla."""
    if not visitor.signed_in:
        return see_other(f"/entrar?siguiente=/notificaciones/{notification_id}")
    found = next(
        (n for n in await notices_of(gateway, visitor) if n["id"] == notification_id), None
    )
    if found is None:
        return see_other("/notificaciones")
    if not found.get("read_at"):
        await gateway.call("POST", f"{MINE}/{notification_id}/read", token=visitor.token)
    return see_other(site_link(found.get("link", "")))


@router.post("/leidas", dependencies=[CsrfChecked])
async def mark_all_read(gateway: GatewayDep, visitor: VisitorDep) -> Response:
    """Marcar como leídos todos los avisos."""
    if not visitor.signed_in:
        return see_other("/entrar?siguiente=/notificaciones")
    items, answers = await asyncio.gather(
        notices_of(gateway, visitor), answers_of(gateway, visitor)
    )
    unread = [(MINE, n) for n in items if not n.get("read_at")]
    unread += [(ANSWERS, n) for n in answers if not n.get("read_at")]
    for source, item in unread:
        await mark_read(gateway, visitor, source, item["id"])
    return see_other("/notificaciones?aviso=leidos")
