from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, UploadFile
from fastapi.responses import StreamingResponse

from kit.auth import OptionalPrincipal
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT
from tracking.dashboard.detail import timeline_entries
from tracking.deps import (
    CommitteeMember,
    GovernmentStaff,
    ProgressReporter,
    Store,
    Validator,
    ValidCommitment,
)
from tracking.updates import attachments, service
from tracking.updates.errors import NotAllowedToView
from tracking.updates.evidence import content_disposition
from tracking.updates.models import ProgressUpdate, UpdateState
from tracking.updates.schemas import (
    EvidenceRead,
    QueueItem,
    QueuePage,
    Resubmission,
    TimelineEntry,
    UpdateCreate,
    UpdateRead,
    Validation,
)

router = APIRouter(tags=["progress updates"])


async def _update(
    session: SessionDep, update_id: Annotated[str, Path(max_length=32)]
) -> ProgressUpdate:
    return await service.get_update(session, update_id)


ValidUpdate = Annotated[ProgressUpdate, Depends(_update)]


async def _read(session, update: ProgressUpdate) -> UpdateRead:
    return UpdateRead.of(update, await service.evidence_of(session, [update.id]))


@router.post(
    "/commitments/{commitment_id}/updates",
    status_code=201,
    response_model=UpdateRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def submit_update(
    session: SessionDep, actor: ProgressReporter, commitment: ValidCommitment, body: UpdateCreate
) -> UpdateRead:
    """Una persona de gobierno del grupo de trabajo reporta avance de una actividad. Queda
    pendiente hasta que la valide una persona de sociedad civil del grupo y el Comité
    Coordinador; solo entonces es pública y cambia el estado de la actividad. 409 si el
    compromiso está inactivo o si la actividad ya tiene una actualización pendiente. Un
    cliente de API con el alcance ``tracking:progress`` reporta como su dependencia cuando
    el Comité lo registró como integrante de gobierno del grupo."""
    update = await service.submit_update(session, actor, commitment, body)
    return await _read(session, update)


@router.get(
    "/commitments/{commitment_id}/updates",
    response_model=list[UpdateRead],
    responses=error_responses(401, 403, 404, 422),
)
async def list_updates(
    session: SessionDep,
    actor: OptionalPrincipal,
    commitment: ValidCommitment,
    state: UpdateState | None = None,
) -> list[UpdateRead]:
    """Todas las actualizaciones con su estado de validación (grupo de trabajo y Comité)."""
    if not await service.can_see_unpublished(session, actor, commitment.commitment_id):
        raise NotAllowedToView()
    rows = await service.list_updates(session, commitment.commitment_id, state)
    evidence = await service.evidence_of(session, [r.id for r in rows])
    return [UpdateRead.of(r, [e for e in evidence if e.update_id == r.id]) for r in rows]


@router.get(
    "/commitments/{commitment_id}/timeline",
    response_model=list[TimelineEntry],
    responses=error_responses(404, 422),
)
async def timeline(session: SessionDep, commitment: ValidCommitment) -> list[TimelineEntry]:
    """La línea de tiempo pública: solo actualizaciones validadas por ambos lados."""
    entries = await timeline_entries(session, commitment.commitment_id)
    return [TimelineEntry.model_validate(e) for e in entries]


@router.get(
    "/updates",
    response_model=QueuePage,
    responses=error_responses(401, 403, 422),
)
async def committee_queue(
    session: SessionDep,
    actor: CommitteeMember,
    awaiting: Annotated[
        Literal["committee"],
        Query(description="Solo ``committee``: las que esperan la validación del Comité."),
    ],
    plan_code: Annotated[str | None, Query(max_length=40, examples=["MX-5PA"])] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> QueuePage:
    """La cola del Comité Coordinador: actualizaciones pendientes que aún no tienen su
    validación, de todos los compromisos (de un plan con ``plan_code``), la más antigua
    primero, cada una con su compromiso, acción clave, actividad, indicador y medio de
    verificación. Se validan o devuelven con ``POST /updates/{update_id}/validation``."""
    rows, next_cursor = await service.committee_queue(session, plan_code, limit, cursor)
    evidence = await service.evidence_of(session, [r[0].id for r in rows])
    items = [QueueItem.of_row(r, [e for e in evidence if e.update_id == r[0].id]) for r in rows]
    return QueuePage(items=items, next_cursor=next_cursor)


@router.get(
    "/updates/{update_id}", response_model=UpdateRead, responses=error_responses(403, 404, 422)
)
async def get_update(
    session: SessionDep, actor: OptionalPrincipal, update: ValidUpdate
) -> UpdateRead:
    """Una actualización: pública si ya se validó; antes, solo para el grupo y el Comité."""
    if update.state != "published" and not await service.can_see_unpublished(
        session, actor, update.commitment_id
    ):
        raise NotAllowedToView()
    return await _read(session, update)


@router.post(
    "/updates/{update_id}/validation",
    response_model=UpdateRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def validate_update(
    session: SessionDep, actor: Validator, update: ValidUpdate, body: Validation
) -> UpdateRead:
    """Validar o devolver (con motivo) una actualización. Una persona de sociedad civil del
    grupo da la validación de su lado; el Comité Coordinador, la suya. Nadie valida lo que
    reportó (403 ``self_validation``) ni da las dos validaciones (403 ``same_validator``)."""
    update = await service.validate(session, actor, update, body)
    return await _read(session, update)


@router.post(
    "/updates/{update_id}/resubmission",
    status_code=201,
    response_model=UpdateRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def resubmit_update(
    session: SessionDep, actor: GovernmentStaff, update: ValidUpdate, body: Resubmission
) -> UpdateRead:
    """Reenviar una actualización devuelta como nueva revisión (la devuelta queda en el
    registro); vuelve a necesitar las dos validaciones."""
    new = await service.resubmit(session, actor, update, body)
    return await _read(session, new)


@router.post(
    "/updates/{update_id}/evidence",
    status_code=201,
    response_model=EvidenceRead,
    responses=error_responses(401, 403, 404, 409, 413, 415, 422, 503),
)
async def upload_evidence(
    request: Request,
    session: SessionDep,
    actor: GovernmentStaff,
    update: ValidUpdate,
    store: Store,
    file: UploadFile,
) -> EvidenceRead:
    """Adjuntar un archivo de evidencia (multipart, campo ``file``) a una actualización
    pendiente. Tipos: PDF, PNG, JPEG, CSV, XLSX, DOCX, PPTX, ODT, ODS, ODP, reconocidos por su
    contenido y no por el encabezado declarado; tamaño máximo configurable
    (``TRACKING_EVIDENCE_MAX_BYTES``, 413 ``evidence_too_large``; tipo rechazado: 415).
    Si el almacén de archivos no responde: 503 ``evidence_store_unavailable``, sin guardar nada."""
    settings = request.app.state.settings
    async with store.spool(file, settings.evidence_max_bytes) as spooled:
        row = await attachments.add_evidence(
            session,
            store,
            actor,
            update,
            spooled=spooled,
            file_name=file.filename,
            max_files=settings.evidence_max_files,
        )
    return EvidenceRead.of(row)


_FILE = {"schema": {"type": "string", "format": "binary"}}  # the file as uploaded


@router.get(
    "/evidence/{evidence_id}",
    response_class=StreamingResponse,
    responses={200: {"content": {t: _FILE for t in ("application/pdf", "image/png", "image/jpeg")}}}
    | error_responses(403, 404, 500, 503),
)
async def download_evidence(
    session: SessionDep,
    actor: OptionalPrincipal,
    store: Store,
    evidence_id: Annotated[str, Path(max_length=32)],
    download: Annotated[bool, Query()] = True,
) -> StreamingResponse:
    """Descargar una evidencia con su tipo real; pública cuando su actualización se validó.
    Se entrega solo si los bytes guardados coinciden con su SHA-256 (si no, 500
    ``evidence_integrity_failed``)."""
    row = await attachments.evidence_row(session, actor, evidence_id)
    source = await store.open_verified(row.sha256)
    disposition = "attachment" if download else "inline"
    return StreamingResponse(
        store.chunks(source),
        media_type=row.content_type,
        headers={
            "Content-Length": str(row.size),
            "Content-Disposition": content_disposition(disposition, row.file_name),
            "X-Content-Type-Options": "nosniff",
            "X-Checksum-SHA256": row.sha256,
        },
    )
