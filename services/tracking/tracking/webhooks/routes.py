from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from contracts.tracking import IRM_RECORDED, STATUS_CHANGED, UPDATE_PUBLISHED
from kit.auth import require_role_or_scope
from kit.db import SessionDep
from kit.errors import error_responses
from kit.tokens import Principal
from reference.roles import COMMITTEE
from tracking.webhooks import service
from tracking.webhooks.models import Webhook

router = APIRouter(tags=["webhooks"])

WebhookOwner = Annotated[Principal, require_role_or_scope(COMMITTEE, scope="tracking:webhooks")]
Topic = Literal[UPDATE_PUBLISHED, STATUS_CHANGED, IRM_RECORDED]  # contracts.tracking.WEBHOOK_TOPICS


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "https://agencia.gob.mx/cocrea",
                    "topics": [UPDATE_PUBLISHED, STATUS_CHANGED],
                }
            ]
        }
    )

    url: str = Field(min_length=8, max_length=500, examples=["https://agencia.gob.mx/cocrea"])
    topics: list[Topic] = Field(min_length=1, max_length=3)


class WebhookRead(BaseModel):
    id: str
    url: str
    topics: list[str]
    created_at: datetime

    @classmethod
    def of(cls, row: Webhook) -> "WebhookRead":
        return cls(id=row.id, url=row.url, topics=list(row.topics), created_at=row.created_at)


class WebhookCreated(WebhookRead):
    secret: str = Field(
        description="Se muestra solo esta vez. Verifica X-Cocrea-Signature: t=<unix>,v1=<hex "
        "HMAC-SHA256 de '<t>.<cuerpo>'>."
    )


@router.post(
    "/webhooks",
    status_code=201,
    response_model=WebhookCreated,
    responses=error_responses(401, 403, 422),
)
async def create_webhook(
    request: Request, session: SessionDep, actor: WebhookOwner, body: WebhookCreate
) -> WebhookCreated:
    """Registrar un webhook (Comité, administración o clientes de API con el alcance
    ``tracking:webhooks``). Cada entrega es el sobre del evento ``{id, topic, source,
    occurred_at, payload}`` firmado con HMAC con el secreto del webhook, y se reintenta con
    espera creciente hasta que la URL responde 2xx."""
    settings = request.app.state.settings
    row, secret = await service.create_webhook(
        session,
        actor,
        url=body.url,
        topics=list(body.topics),
        internal_secret=settings.internal_secret,
        allow_http=settings.environment != "production",
        allow_private=settings.webhooks_may_target_private,
    )
    return WebhookCreated(**WebhookRead.of(row).model_dump(), secret=secret)


@router.get("/webhooks", response_model=list[WebhookRead], responses=error_responses(401, 403))
async def list_webhooks(session: SessionDep, actor: WebhookOwner) -> list[WebhookRead]:
    """Tus webhooks activos (la administración ve todos). El secreto nunca se vuelve a mostrar."""
    return [WebhookRead.of(r) for r in await service.list_webhooks(session, actor)]


@router.delete(
    "/webhooks/{webhook_id}", status_code=204, responses=error_responses(401, 403, 404, 422)
)
async def delete_webhook(
    session: SessionDep, actor: WebhookOwner, webhook_id: Annotated[str, Path(max_length=32)]
) -> Response:
    """Dar de baja un webhook: no recibirá eventos nuevos."""
    await service.deactivate(session, actor, await service.owned(session, actor, webhook_id))
    return Response(status_code=204)
