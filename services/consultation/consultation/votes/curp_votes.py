"""One CURP, one vote per topic, in the processes that require a CURP.

The ``curp_vote`` row is written in the vote's own transaction (the step path: CURP
processes never take the one-statement hot path), so the vote and its CURP row land or fail
together; the primary key (topic_id, curp_hash) decides a second vote by the same CURP
through another account. Withdrawing a vote frees its CURP row; a topic merge moves the
rows with the votes.
"""

from typing import Any

from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.votes.errors import VoteAlreadyCast

CLAIM = text(
    "INSERT INTO curp_vote (topic_id, curp_hash, voter_key) "
    "SELECT :topic_id, c.curp_hash, :voter_key FROM curp_registration c "
    "WHERE c.account_id = :account_id "
    "ON CONFLICT DO NOTHING RETURNING topic_id"
)
RELEASE = text("DELETE FROM curp_vote WHERE topic_id = :topic_id AND voter_key = :voter_key")
# Votes on the duplicate whose CURP already voted for the survivor stay where they are.
SAME_CURP_ON_SURVIVOR = text(
    "SELECT d.voter_key FROM curp_vote d JOIN curp_vote s "
    "ON s.curp_hash = d.curp_hash AND s.topic_id = :survivor "
    "WHERE d.topic_id = :duplicate"
)
MOVE = text(
    "UPDATE curp_vote SET topic_id = :survivor "
    "WHERE topic_id = :duplicate "
    "AND voter_key IN (SELECT voter_key FROM vote WHERE topic_id = :survivor) "
    "AND curp_hash NOT IN (SELECT curp_hash FROM curp_vote WHERE topic_id = :survivor)"
)


async def claim(session: AsyncSession, params: dict[str, Any]) -> None:
    """Record the voter's CURP against the topic; 409 ``vote_already_cast`` when that CURP
    has voted for it already (the caller's transaction is rolled back with the error)."""
    if (await session.execute(CLAIM, params)).first() is None:
        raise VoteAlreadyCast()


async def release(session: AsyncSession, params: dict[str, Any]) -> None:
    await session.execute(RELEASE, params)


async def voters_kept_on_duplicate(session: AsyncSession, duplicate: str, survivor: str):
    """Voter keys whose votes must not move in a merge: their CURP voted for the survivor."""
    params = {"duplicate": duplicate, "survivor": survivor}
    return [row[0] for row in await session.execute(SAME_CURP_ON_SURVIVOR, params)]


async def move_with_votes(session: AsyncSession, duplicate: str, survivor: str) -> None:
    """After a merge moved the votes: their CURP rows follow them to the survivor."""
    await session.execute(MOVE, {"duplicate": duplicate, "survivor": survivor})
