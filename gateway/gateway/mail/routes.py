"""``/api/v1/auth/mail/failures``: messages that could not be delivered (admin)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from gateway.accounts.deps import Admin
from gateway.mail import failures
from gateway.mail.schemas import MailFailureList, MailFailureRead
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT

router = APIRouter(prefix="/mail", tags=["auth: admin"])


@router.get("/failures", response_model=MailFailureList, responses=error_responses(401, 403, 422))
async def list_mail_failures(
    session: SessionDep,
    admin: Admin,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> MailFailureList:
    """Messages the mail relay gave up on (a permanent refusal, or its last attempt), with
    the last error, oldest first (admin). Bodies are not shown: they may carry codes."""
    items, next_cursor = await failures.list_failures(session, limit=limit, cursor=cursor)
    return MailFailureList(items=items, next_cursor=next_cursor)


@router.post(
    "/failures/{failure_id}/retry",
    status_code=202,
    response_model=MailFailureRead,
    responses=error_responses(401, 403, 404),
)
async def retry_mail_failure(
    session: SessionDep, admin: Admin, failure_id: Annotated[str, Path(max_length=32)]
) -> MailFailureRead:
    """Queue a failed message again with a fresh budget of attempts (admin), e.g. after
    fixing the SMTP settings or the address."""
    return await failures.retry_failure(session, admin, failure_id)
