"""Territorial capture by staff: one questionnaire, or a CSV file of them."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel

from consultation.deps import StaffMember, Today
from consultation.territorial import service
from consultation.territorial.service import MAX_BYTES, InvalidCsv
from consultation.topics.schemas import TopicFields, TopicRead
from consultation.topics.service import read_topic
from kit.db import SessionDep
from kit.errors import PayloadTooLarge, error_responses

router = APIRouter(tags=["territorial"])
ProcessId = Annotated[str, Path(max_length=32)]


class ImportResult(BaseModel):
    imported: int
    topic_ids: list[str]


@router.post(
    "/processes/{process_id}/territorial/topics",
    status_code=201,
    response_model=TopicRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def capture_questionnaire(
    session: SessionDep, actor: StaffMember, process_id: ProcessId, data: TopicFields, today: Today
) -> TopicRead:
    """Type in one paper questionnaire (staff); the topic is marked `territorial` and
    attributed to the staff member who captured it."""
    [topic] = await service.capture(session, actor, process_id, [data], today)
    return await read_topic(session, topic)


async def _csv_bytes(request: Request) -> bytes:
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InvalidCsv("Adjunta el archivo en el campo «file».")
        content = await upload.read(MAX_BYTES + 1)
    else:
        content = await request.body()
    if len(content) > MAX_BYTES:
        raise PayloadTooLarge(details={"max_bytes": MAX_BYTES})
    return content


@router.post(
    "/processes/{process_id}/territorial/import",
    status_code=201,
    response_model=ImportResult,
    responses=error_responses(401, 403, 404, 409, 413, 422),
    openapi_extra={
        "requestBody": {
            "content": {
                "text/csv": {
                    "schema": {"type": "string"},
                    "example": "title,problem,affected,solution,area,state_code,sdg_tags\n"
                    "Agua en la sierra,Las obras de agua no se publican…,Comunidades rurales,"
                    "Publicar las obras por localidad…,fiscal_openness,20,6.1\n",
                },
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                },
            }
        }
    },
)
async def import_questionnaires(
    session: SessionDep, request: Request, actor: StaffMember, process_id: ProcessId, today: Today
) -> ImportResult:
    """Import a CSV of questionnaires (`text/csv` body or a multipart `file`), columns
    title, problem, affected, solution, area, state_code, sdg_tags. All rows are stored, or
    none: 422 `import_rejected` lists every problem by row, field and message."""
    rows = service.parse_csv(await _csv_bytes(request))
    topics = await service.capture(session, actor, process_id, rows, today)
    return ImportResult(imported=len(topics), topic_ids=[t.id for t in topics])
