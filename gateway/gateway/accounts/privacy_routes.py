"""``/api/v1/auth/me/export`` and ``DELETE /api/v1/auth/me``."""

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from gateway.accounts import privacy, users
from gateway.accounts.deps import CurrentPerson, LimiterDep, SettingsDep
from kit.db import SessionDep
from kit.errors import error_responses

router = APIRouter()


class AccountDeletion(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"password": "Maíz-Azul-Rayo-42"}]})

    password: str = Field(
        min_length=1, max_length=1024, description="Tu contraseña actual, para confirmar."
    )


@router.get("/me/export", responses=error_responses(401, 403), operation_id="exportMyAccount")
async def export_my_data(session: SessionDep, person: CurrentPerson) -> dict[str, Any]:
    """Everything the gateway holds about the signed-in person (aviso de privacidad)."""
    return await privacy.export(session, await users.profile(session, person))


@router.delete("/me", status_code=204, responses=error_responses(401, 403, 422, 429))
async def delete_my_account(
    session: SessionDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    person: CurrentPerson,
    data: AccountDeletion,
) -> Response:
    """Delete the account. Published contributions become anonymous; votes stay counted.
    Wrong passwords are throttled per account (429)."""
    user = await users.profile(session, person)
    await privacy.delete_account(session, settings, limiter, user, person, data.password)
    return Response(status_code=204)
