"""``/notificaciones``: the signed-in person's notices (a validated update of a commitment
they follow…). Opening one marks it read and takes the person to the page it is about."""

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
# Answers to one's topics and draft-plan comments (kept by the consultation, read-only here).
ANSWERS = "/api/v1/consultation/me/notifications"
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
        n | {"created": parse_day(n.get("created_at")), "href": site_link(n.get("link", ""))}
        for n in (page_ or {}).get("items") or []
        if isinstance(n, dict)
    ]


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
        "notice": _("Marcamos todos tus avisos como leídos.") if aviso == "leidos" else "",
    }
    return page(request, "notifications.html", context)


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
    for item in await notices_of(gateway, visitor):
        if not item.get("read_at"):
            try:
                await gateway.call("POST", f"{MINE}/{item['id']}/read", token=visitor.token)
            except ApiError as exc:
                if exc.status != 404:  # gone since: nothing to mark
                    raise
    return see_other("/notificaciones?aviso=leidos")
