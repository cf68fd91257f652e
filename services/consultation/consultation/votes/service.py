"""Casting and withdrawing votes: the hot path of the consultation.

One person, one vote per topic, decided by the database: the ``vote`` primary key
(topic_id, voter_key) and ``INSERT … ON CONFLICT DO NOTHING``; the topic's ``votes_count``
moves in the same transaction by an atomic ``UPDATE … SET votes_count = votes_count + 1``.
On PostgreSQL an uncapped vote is one statement (a CTE that checks, inserts and counts);
elsewhere, or when the process caps votes per person or requires a CURP (whose vote also
writes a ``curp_vote`` row, see ``curp_votes``), a few short statements do the same.
No ORM objects are loaded and no audit row is written per vote: the vote row is the record.
"""

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Boolean, Date, Integer, bindparam, text
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.processes.gate import check_open
from consultation.statistics import participation
from consultation.topics.errors import TopicNotFound
from consultation.votes import curp_votes
from consultation.votes.errors import (
    CurpRequired,
    TopicNotVotable,
    VoteAlreadyCast,
    VoteLimitReached,
    VoteNotFound,
)
from consultation.votes.models import Vote
from kit.db import Database

_TARGET = """
  SELECT t.id, t.process_id, t.status, p.votes_per_person, p.requires_curp,
         ph.starts_on, ph.ends_on,
         EXISTS (SELECT 1 FROM curp_registration c WHERE c.account_id = :account_id) AS has_curp
  FROM topic t
  JOIN process p ON p.id = t.process_id
  LEFT JOIN phase ph ON ph.process_id = t.process_id AND ph.key = 'consultation'
  WHERE t.id = :topic_id
"""
_TYPES = {
    "starts_on": Date,
    "ends_on": Date,
    "requires_curp": Boolean,
    "has_curp": Boolean,
    "votes_per_person": Integer,
}
_TODAY = bindparam("today", type_=Date)
_NOW = bindparam("now", type_=Vote.__table__.c.created_at.type)
TARGET = text(_TARGET).columns(**_TYPES)
CAST_IN_ONE_STATEMENT = (
    text(
        f"""
WITH target AS ({_TARGET}),
allowed AS (
  SELECT id, process_id FROM target
  WHERE status = 'published' AND starts_on <= :today AND ends_on >= :today
    AND NOT requires_curp AND votes_per_person IS NULL
),
inserted AS (
  INSERT INTO vote (topic_id, voter_key, process_id, account_id, channel, created_at)
  SELECT id, :voter_key, process_id, :account_id, 'online', :now FROM allowed
  ON CONFLICT DO NOTHING
  RETURNING topic_id
),
participated AS (
  INSERT INTO participation (process_id, person_key, channel, state_code, gender, age_band,
    sector, recorded_at)
  SELECT a.process_id, :voter_key, 'online', d.state_code, d.gender, d.age_band, d.sector, :now
  FROM allowed a LEFT JOIN demographics d ON d.account_id = :account_id
  WHERE EXISTS (SELECT 1 FROM inserted)
  ON CONFLICT DO NOTHING
),
counted AS (
  UPDATE topic SET votes_count = votes_count + 1
  WHERE id = (SELECT topic_id FROM inserted)
  RETURNING votes_count
)
SELECT target.*, (SELECT votes_count FROM counted) AS new_count FROM target
"""  # noqa: S608 (constant SQL: no input is interpolated)
    )
    .bindparams(_TODAY, _NOW)
    .columns(**_TYPES, new_count=Integer)
)
# The same statement for asyncpg directly: ``:name`` parameters become ``$n``.
CAST_PARAMS = ("topic_id", "account_id", "today", "voter_key", "now")
CAST_SQL_ASYNCPG = re.sub(
    r":(" + "|".join(CAST_PARAMS) + r")\b",
    lambda m: f"${CAST_PARAMS.index(m.group(1)) + 1}",
    CAST_IN_ONE_STATEMENT.element.text,
)
INSERT_VOTE = text(
    "INSERT INTO vote (topic_id, voter_key, process_id, account_id, channel, created_at) "
    "VALUES (:topic_id, :voter_key, :process_id, :account_id, :channel, :now) "
    "ON CONFLICT DO NOTHING RETURNING topic_id"
).bindparams(_NOW)
COUNT_UP = text(
    "UPDATE topic SET votes_count = votes_count + 1 WHERE id = :topic_id RETURNING votes_count"
)
COUNT_DOWN = text(
    "UPDATE topic SET votes_count = votes_count - 1 WHERE id = :topic_id RETURNING votes_count"
)
TALLY_UP = text(
    "INSERT INTO voter_tally (process_id, voter_key, votes) VALUES (:process_id, :voter_key, 1) "
    "ON CONFLICT (process_id, voter_key) DO UPDATE SET votes = voter_tally.votes + 1 "
    "WHERE voter_tally.votes < :cap RETURNING votes"
)
TALLY_DOWN = text(
    "UPDATE voter_tally SET votes = votes - 1 "
    "WHERE process_id = :process_id AND voter_key = :voter_key AND votes > 0"
)
DELETE_VOTE = text(
    "DELETE FROM vote WHERE topic_id = :topic_id AND voter_key = :voter_key RETURNING topic_id"
)


def _check(target: Any, today: date, *, curp_checked: bool = True) -> None:
    """Why a vote on this topic cannot be cast today (raises), in the order a person
    would want to hear it."""
    if target is None:
        raise TopicNotFound()
    if target.status != "published":
        raise TopicNotVotable(details={"status": target.status})
    check_open("consultation", target.starts_on, target.ends_on, today)
    if curp_checked and target.requires_curp and not target.has_curp:
        raise CurpRequired()


async def cast_vote(
    session: AsyncSession,
    topic_id: str,
    voter_key: str,
    account_id: str,
    today: date,
    channel: str = "online",
) -> int:
    """Cast one vote in the request's transaction; returns the topic's new ``votes_count``.

    The path for SQLite, for territorial capture and for processes that cap votes per
    person or require a CURP, on SQLite. Online votes on PostgreSQL never get here: the hot
    path (``cast_vote_in_one_statement``) casts them, the capped and CURP ones included."""
    params = {
        "topic_id": topic_id,
        "voter_key": voter_key,
        "account_id": account_id,
        "today": today,
        "now": datetime.now(UTC),
    }
    target = (await session.execute(TARGET, params)).first()
    return await _cast_on(session, target, params, channel)


async def _cast_on(session: AsyncSession, target: Any, params: dict[str, Any], channel: str) -> int:
    _check(target, params["today"], curp_checked=channel == "online")
    if channel == "online" and target.requires_curp:
        await curp_votes.claim(session, params)
    return await _cast_in_steps(session, target, params | {"channel": channel})


def needs_steps(target: Any) -> bool:
    """Whether the topic's process rules need the multi-statement vote: a cap of votes per
    person (the tally row decides it, race-proof) or a required CURP (its own row)."""
    return target.votes_per_person is not None or target.requires_curp


async def cast_vote_in_one_statement(
    db: Database, topic_id: str, voter_key: str, account_id: str, today: date
) -> int:
    """The PostgreSQL fast path: the one CTE statement on an autocommit connection (one
    round trip, atomic by itself).

    The statement reads the topic's process rules as it votes (so a rule the Committee
    changes applies to the next vote, nothing is cached) and votes only when no rule needs
    more. When one does (a cap, a CURP), it has written nothing and its row is the vote's
    target read: the multi-statement vote goes on from it in one transaction, without
    reading the topic again nor going back through the route."""
    params = {
        "topic_id": topic_id,
        "voter_key": voter_key,
        "account_id": account_id,
        "today": today,
        "now": datetime.now(UTC),
    }
    async with db.single_statement() as connection:
        # Straight to the driver: asyncpg's prepared-statement cache, no ORM layer.
        row = await connection.fetchrow(CAST_SQL_ASYNCPG, *(params[name] for name in CAST_PARAMS))
    target = SimpleNamespace(**dict(row)) if row is not None else None
    _check(target, today)
    if needs_steps(target):
        async with db.transaction() as session:
            return await _cast_on(session, target, params, "online")
    if target.new_count is None:
        raise VoteAlreadyCast()
    return int(target.new_count)


async def _cast_in_steps(session: AsyncSession, target: Any, params: dict[str, Any]) -> int:
    params["process_id"] = target.process_id
    if target.votes_per_person is not None:
        tally = await session.execute(TALLY_UP, params | {"cap": target.votes_per_person})
        if tally.first() is None:
            raise VoteLimitReached(details={"votes_per_person": target.votes_per_person})
    if (await session.execute(INSERT_VOTE, params)).first() is None:
        raise VoteAlreadyCast()  # the error rolls back the tally too
    await participation.record(
        session, target.process_id, params["voter_key"], params["account_id"]
    )
    return int((await session.execute(COUNT_UP, params)).scalar_one())


async def withdraw_vote(
    session: AsyncSession, topic_id: str, voter_key: str, account_id: str, today: date
) -> int:
    """Take one's vote back while the consultation is open; returns the new count."""
    params = {"topic_id": topic_id, "voter_key": voter_key, "account_id": account_id}
    target = (await session.execute(TARGET, params)).first()
    _check(target, today, curp_checked=False)
    if (await session.execute(DELETE_VOTE, params)).first() is None:
        raise VoteNotFound()
    await curp_votes.release(session, params)
    if target.votes_per_person is not None:
        await session.execute(TALLY_DOWN, params | {"process_id": target.process_id})
    return int((await session.execute(COUNT_DOWN, params)).scalar_one())
