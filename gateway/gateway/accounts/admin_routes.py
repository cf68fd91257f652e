"""Admin-only routes: staff accounts and agency API clients (``/api/v1/auth/...``)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from gateway.accounts import clients, staff
from gateway.accounts.deps import Admin, StaffReader
from gateway.accounts.schemas import (
    ClientCreate,
    ClientCreated,
    ClientList,
    ClientRead,
    StaffCreate,
    StaffCreated,
    StaffList,
    StaffUpdate,
    UserRead,
)
from kit.db import SessionDep
from kit.errors import error_responses
from kit.pagination import MAX_LIMIT
from reference.roles import StaffRole

router = APIRouter(tags=["auth: admin"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=500)]


@router.post(
    "/staff",
    status_code=201,
    response_model=StaffCreated,
    responses=error_responses(401, 403, 409, 422),
)
async def create_staff(session: SessionDep, admin: Admin, data: StaffCreate) -> StaffCreated:
    """Create a staff account (admin). The temporary password appears only in this answer
    and in the welcome mail; Committee and admin accounts set up two-step verification at
    their first login."""
    user, temporary = await staff.create_staff(session, admin, data)
    return StaffCreated(user=UserRead.model_validate(user), temporary_password=temporary)


@router.get("/staff", response_model=StaffList, responses=error_responses(401, 403, 422))
async def list_staff(
    session: SessionDep,
    reader: StaffReader,
    role: Annotated[StaffRole | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> StaffList:
    """Staff accounts by e-mail, optionally of one role (admin; the Coordinating Committee
    reads it too, to build working groups)."""
    rows, next_cursor = await staff.list_staff(session, role=role, limit=limit, cursor=cursor)
    return StaffList(items=[UserRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.patch(
    "/staff/{user_id}", response_model=UserRead, responses=error_responses(401, 403, 404, 409, 422)
)
async def update_staff(
    session: SessionDep,
    admin: Admin,
    user_id: Annotated[str, Path(max_length=32)],
    data: StaffUpdate,
) -> UserRead:
    """Change a staff account (admin): role, organization, sector, name; deactivate it
    (`is_active: false`, its sessions end) or reset its two-step verification."""
    return UserRead.model_validate(await staff.update_staff(session, admin, user_id, data))


@router.post(
    "/clients",
    status_code=201,
    response_model=ClientCreated,
    responses=error_responses(401, 403, 422),
)
async def create_client(session: SessionDep, admin: Admin, data: ClientCreate) -> ClientCreated:
    """Register an agency's API client (admin). The secret appears only in this answer."""
    return await clients.create_client(session, admin, data)


@router.get("/clients", response_model=ClientList, responses=error_responses(401, 403, 422))
async def list_clients(
    session: SessionDep, admin: Admin, limit: Limit = 50, cursor: Cursor = None
) -> ClientList:
    """API clients, revoked ones included (admin)."""
    rows, next_cursor = await clients.list_clients(session, limit=limit, cursor=cursor)
    return ClientList(items=[ClientRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.delete("/clients/{client_id}", status_code=204, responses=error_responses(401, 403, 404))
async def revoke_client(
    session: SessionDep, admin: Admin, client_id: Annotated[str, Path(max_length=40)]
) -> Response:
    """Revoke an API client (admin): it can no longer obtain tokens."""
    await clients.revoke_client(session, admin, client_id)
    return Response(status_code=204)
