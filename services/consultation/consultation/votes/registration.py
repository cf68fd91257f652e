"""Registering a CURP: the proof of identity some processes ask for before voting."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.votes.curp import curp_hash, curp_problem
from consultation.votes.errors import CurpAlreadyRegistered, InvalidCurp
from consultation.votes.models import CurpRegistration
from kit import audit
from kit.db import insert_ignore
from kit.tokens import Principal


async def register_curp(
    session: AsyncSession, actor: Principal, curp: str, secret: str
) -> CurpRegistration:
    """Store the keyed hash of a valid CURP for the account; one account per CURP."""
    problem = curp_problem(curp)
    if problem is not None:
        raise InvalidCurp(details={"field": "curp", "reason": problem})
    digest = curp_hash(curp, secret)
    existing = await session.get(CurpRegistration, actor.sub)
    if existing is not None:
        if existing.curp_hash != digest:
            raise CurpAlreadyRegistered(
                "Tu cuenta ya tiene otra CURP registrada.", code="account_has_curp"
            )
        return existing
    values = {"account_id": actor.sub, "curp_hash": digest, "registered_at": datetime.now(UTC)}
    table = CurpRegistration.__table__
    if not await insert_ignore(session, table, values, ["curp_hash"]):
        raise CurpAlreadyRegistered()
    await audit.record(session, actor, "curp.registered", "account", actor.sub)
    row = await session.execute(
        select(CurpRegistration).where(CurpRegistration.account_id == actor.sub)
    )
    return row.scalar_one()
