"""Evidence files of progress updates, served on the site's own origin.

The tracking API says where a file is (``/evidence/{id}``, relative to the service); the
site fetches it through the gateway with the visitor's token (a validated update's files
are public; a pending one's only for its working group and the Committee) and passes the
bytes on, chunk by chunk as they arrive (never the whole file in memory), with the type the
service checked on upload. The page links to this route."""

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from frontend.deps import GatewayDep
from frontend.session import VisitorDep

router = APIRouter()
PASSED_ON = ("content-type", "content-disposition", "content-length", "etag", "cache-control")


@router.get("/evidencia/{evidence_id}")
async def evidence_file(
    evidence_id: str, gateway: GatewayDep, visitor: VisitorDep
) -> StreamingResponse:
    """Un archivo de evidencia, con el tipo y el nombre que registró el servicio."""
    answer = await gateway.open_stream(
        f"/api/v1/tracking/evidence/{evidence_id}", token=visitor.token
    )
    headers = {k: v for k, v in answer.headers.items() if k.lower() in PASSED_ON}
    if "content-encoding" in answer.headers:  # aiter_bytes() decodes: the length changes
        headers.pop("content-length", None)
    return StreamingResponse(
        answer.aiter_bytes(),
        status_code=answer.status_code,
        headers=headers,
        background=BackgroundTask(answer.aclose),
    )
