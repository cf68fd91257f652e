from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel

from kit.auth import CurrentPrincipal
from kit.db import SessionDep
from kit.errors import NotFound, error_responses
from kit.pagination import MAX_LIMIT
from tracking.deps import ValidCommitment
from tracking.notifications import service

router = APIRouter(tags=["follow and notifications"])


class FollowRead(BaseModel):
    commitment_id: str
    following: bool


class NotificationRead(BaseModel):
    id: str
    kind: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


@router.get(
    "/commitments/{commitment_id}/follow",
    response_model=FollowRead,
    responses=error_responses(401, 404, 422),
)
async def my_follow(
    session: SessionDep, actor: CurrentPrincipal, commitment: ValidCommitment
) -> FollowRead:
    """¿Sigues este compromiso? (``following`` verdadero o falso)."""
    following = await service.is_following(session, actor.sub, commitment.commitment_id)
    return FollowRead(commitment_id=commitment.commitment_id, following=following)


@router.post(
    "/commitments/{commitment_id}/follow",
    response_model=FollowRead,
    responses=error_responses(401, 404, 422),
)
async def follow_commitment(
    session: SessionDep, actor: CurrentPrincipal, commitment: ValidCommitment
) -> FollowRead:
    """Seguir un compromiso: recibirás un aviso (en la plataforma y por correo) cada vez que
    se publique una actualización validada. Repetirlo no cambia nada."""
    await service.follow(session, actor, commitment.commitment_id)
    return FollowRead(commitment_id=commitment.commitment_id, following=True)


@router.delete(
    "/commitments/{commitment_id}/follow",
    status_code=204,
    responses=error_responses(401, 404, 422),
)
async def unfollow_commitment(
    session: SessionDep, actor: CurrentPrincipal, commitment: ValidCommitment
) -> Response:
    """Dejar de seguir un compromiso."""
    await service.unfollow(session, actor, commitment.commitment_id)
    return Response(status_code=204)


@router.get(
    "/me/notifications",
    response_model=list[NotificationRead],
    responses=error_responses(401, 422),
    operation_id="myTrackingNotifications",
)
async def my_notifications(
    session: SessionDep,
    actor: CurrentPrincipal,
    unread: bool = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> list[NotificationRead]:
    """Tus avisos, los más recientes primero."""
    rows = await service.notifications_of(session, actor.sub, unread_only=unread, limit=limit)
    return [NotificationRead.model_validate(r, from_attributes=True) for r in rows]


@router.post(
    "/me/notifications/{notification_id}/read",
    status_code=204,
    responses=error_responses(401, 404, 422),
)
async def mark_notification_read(
    session: SessionDep,
    actor: CurrentPrincipal,
    notification_id: Annotated[str, Path(max_length=32)],
) -> Response:
    """Marcar un aviso como leído."""
    if not await service.mark_read(session, actor.sub, notification_id):
        raise NotFound("No existe ese aviso.", code="notification_not_found")
    return Response(status_code=204)
