"""Votes (the hot path: plain JSON answers, no ORM objects) and CURP registration."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse, Response

from consultation.deps import Today
from consultation.people.identity import person_key
from consultation.votes import registration, service
from consultation.votes.schemas import CurpCreate, CurpStatus, VoteRead
from consultation.votes.voters import check_voter
from kit.auth import CurrentPrincipal
from kit.db import SessionDep
from kit.errors import error_responses
from kit.tokens import Principal

router = APIRouter(tags=["votes"])
TopicId = Annotated[str, Path(max_length=32)]


async def _verified_voter(principal: CurrentPrincipal) -> Principal:
    return check_voter(principal)


Voter = Annotated[Principal, Depends(_verified_voter)]


@router.post(
    "/topics/{topic_id}/votes",
    status_code=201,
    response_model=VoteRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def cast_vote(session: SessionDep, voter: Voter, topic_id: TopicId, today: Today):
    """Vote for a topic while the consultation is open: one vote per person and topic.

    A repeat answers 409 `vote_already_cast`, also when the process requires a CURP and
    that CURP already voted for the topic through another account; outside the consultation
    phase 409 `phase_closed`; an unverified e-mail 403 `email_not_verified`."""
    # On PostgreSQL ``hot_path.VoteHotPath`` answered every vote already; what reaches this
    # route is SQLite.
    count = await service.cast_vote(session, topic_id, person_key(voter), voter.sub, today)
    return JSONResponse({"topic_id": topic_id, "votes_count": count}, status_code=201)


@router.delete(
    "/topics/{topic_id}/votes/mine",
    status_code=204,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def withdraw_vote(
    session: SessionDep, voter: Voter, topic_id: TopicId, today: Today
) -> Response:
    """Take back one's vote while the consultation is open."""
    await service.withdraw_vote(session, topic_id, person_key(voter), voter.sub, today)
    return Response(status_code=204)


@router.post(
    "/me/curp",
    status_code=201,
    response_model=CurpStatus,
    responses=error_responses(401, 409, 422),
)
async def register_curp(
    session: SessionDep, request: Request, actor: CurrentPrincipal, data: CurpCreate
) -> CurpStatus:
    """Register a CURP (optional; some processes require it to vote). Only a keyed hash is
    kept; a CURP already used by another account answers 409 `curp_already_registered`."""
    secret = request.app.state.settings.curp_hash_secret
    row = await registration.register_curp(session, actor, data.curp, secret)
    return CurpStatus(curp_verified=True, registered_at=row.registered_at)
