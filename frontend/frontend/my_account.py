"""A person's own data: contributions and votes, the export, deleting the account."""

import asyncio
import json
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from frontend.accounts import PURPOSES
from frontend.deps import CsrfChecked, GatewayDep
from frontend.form_action import REFUSED, submit
from frontend.forms import FormErrors
from frontend.i18n import _
from frontend.render import page, see_other
from frontend.session import VisitorDep, forget_tokens

router = APIRouter(prefix="/cuenta")
NOTICES = {"mfa": "La verificación en dos pasos quedó activa."}


@router.get("", response_class=HTMLResponse)
async def my_account(
    request: Request, gateway: GatewayDep, visitor: VisitorDep, aviso: str = ""
) -> Response:
    """Mi cuenta: mis temas, mis votos y mis comentarios."""
    if not visitor.signed_in:
        return see_other("/entrar?siguiente=/cuenta")
    profile, mine = await asyncio.gather(
        gateway.call("GET", "/api/v1/auth/me", token=visitor.token),
        gateway.call("GET", "/api/v1/consultation/me/export", token=visitor.token),
    )
    context = {
        "profile": profile,
        "topics": mine.get("topics") or [],
        "votes": mine.get("votes") or [],
        "comments": mine.get("comments") or [],
        "notice": _(NOTICES[aviso]) if aviso in NOTICES else "",
        # Purposes in words; a staff account created by an admin has accepted none.
        "purposes": [_(PURPOSES.get(key, key)) for key in profile.get("privacy_purposes") or []],
    }
    return page(request, "account.html", context)


@router.get("/exportar")
async def export(request: Request, gateway: GatewayDep, visitor: VisitorDep) -> Response:
    """Descarga, en JSON, todo lo que Cocrea guarda de la persona: la cuenta, la
    participación, los grupos de trabajo y el seguimiento (un export por servicio)."""
    if not visitor.signed_in:
        return see_other("/entrar?siguiente=/cuenta")
    account, participation, roadmaps, tracking = await asyncio.gather(
        *(
            gateway.call("GET", f"/api/v1/{service}/me/export", token=visitor.token)
            for service in ("auth", "consultation", "roadmaps", "tracking")
        )
    )
    document = {
        "exported_at": datetime.now(UTC).isoformat(),
        "account": account,
        "participation": participation,
        "working_groups": roadmaps,
        "tracking": tracking,
    }
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="mis-datos-cocrea.json"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/eliminar", response_class=HTMLResponse)
async def delete_form(request: Request, visitor: VisitorDep) -> Response:
    """Confirmar la eliminación de la cuenta con la contraseña."""
    if not visitor.signed_in:
        return see_other("/entrar?siguiente=/cuenta/eliminar")
    return page(request, "delete_account.html", {"errors": FormErrors()})


@router.post("/eliminar", dependencies=[CsrfChecked])
async def delete_account(
    request: Request,
    gateway: GatewayDep,
    visitor: VisitorDep,
    password: Annotated[str, Form()] = "",
) -> Response:
    """Elimina la cuenta; los votos siguen contados de forma anónima."""
    if not visitor.signed_in:
        return see_other("/entrar")

    async def delete() -> None:
        await gateway.call(
            "DELETE", "/api/v1/auth/me", token=visitor.token, json={"password": password}
        )
        forget_tokens(request)

    return await submit(
        delete(),
        lambda errors: page(request, "delete_account.html", {"errors": errors}, REFUSED),
        "/?aviso=cuenta-eliminada",
    )
