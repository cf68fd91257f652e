"""Personal data: consented demographics, the export of everything held about a person,
and anonymisation when the account is deleted (votes stay counted: the voter_key stays,
so registering again cannot count a vote twice)."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.commitment_comments.models import CommitmentComment
from consultation.feedback.models import FeedbackComment
from consultation.people.identity import person_key
from consultation.privacy.models import Demographics
from consultation.privacy.schemas import DemographicsUpdate
from consultation.responses.models import Notification
from consultation.statistics.models import Participation
from consultation.topics.models import Topic, TopicFollower, TopicReport
from consultation.topics.vocabulary import check_vocabulary
from consultation.votes.models import CurpRegistration, Vote
from contracts.auth import AccountDeleted
from kit import audit
from kit.errors import Unprocessable
from kit.inbox import Event
from kit.tokens import Principal


class ConsentRequired(Unprocessable):
    code = "consent_required"
    message = "Para guardar estos datos necesitamos tu consentimiento expreso."


async def save_demographics(
    session: AsyncSession, actor: Principal, data: DemographicsUpdate
) -> Demographics:
    if not data.consent:
        raise ConsentRequired()
    check_vocabulary(None, data.state_code, None)
    row = await session.get(Demographics, actor.sub) or Demographics(
        account_id=actor.sub,
        voter_key=person_key(actor),
        consent_version=data.privacy_notice_version,
    )
    for field in ("gender", "age_band", "sector", "state_code"):
        setattr(row, field, getattr(data, field))
    row.consent_version, row.updated_at = data.privacy_notice_version, datetime.now(UTC)
    session.add(row)
    await session.flush()
    return row


async def delete_demographics(session: AsyncSession, actor: Principal) -> None:
    await session.execute(delete(Demographics).where(Demographics.account_id == actor.sub))


async def _rows(session: AsyncSession, query) -> list[dict[str, Any]]:
    return [row.model_dump(mode="json") for row in (await session.execute(query)).scalars()]


async def export(session: AsyncSession, actor: Principal) -> dict[str, Any]:
    """Everything this service holds about the person, as JSON."""
    key = person_key(actor)
    topics = await _rows(session, select(Topic).where(Topic.author_id == actor.sub))
    for topic in topics:
        topic.pop("search_text", None), topic.pop("trigram_count", None)
    curp = await session.get(CurpRegistration, actor.sub)
    demographics = await session.get(Demographics, actor.sub)
    return {
        "account_id": actor.sub,
        "exported_at": datetime.now(UTC).isoformat(),
        "topics": topics,
        "votes": await _rows(session, select(Vote).where(Vote.voter_key == key)),
        "participation": await _rows(
            session, select(Participation).where(Participation.person_key == key)
        ),
        "reports": await _rows(session, select(TopicReport).where(TopicReport.reporter_key == key)),
        "following": await _rows(
            session, select(TopicFollower).where(TopicFollower.account_id == actor.sub)
        ),
        "comments": await _rows(
            session, select(FeedbackComment).where(FeedbackComment.author_id == actor.sub)
        ),
        "progress_comments": await _rows(
            session, select(CommitmentComment).where(CommitmentComment.author_id == actor.sub)
        ),
        "notifications": await _rows(
            session, select(Notification).where(Notification.account_id == actor.sub)
        ),
        "demographics": demographics.model_dump(mode="json") if demographics else None,
        "curp": {"registered": curp is not None, "registered_at": curp.registered_at.isoformat()}
        if curp
        else {"registered": False},
    }


async def account_deleted(session: AsyncSession, event: Event, data: AccountDeleted) -> None:
    """``auth.account.deleted.v1``: contributions stay public as anonymous; votes stay
    counted and keep their voter_key; personal extras are erased. The ``curp_vote`` rows
    (keyed CURP hashes) stay, so the same CURP cannot vote a topic again from a new
    account (the privacy notice says so)."""
    account_id = data.account_id
    anonymous = {"author_id": None, "author_name": None}
    await session.execute(update(Topic).where(Topic.author_id == account_id).values(**anonymous))
    await session.execute(
        update(FeedbackComment).where(FeedbackComment.author_id == account_id).values(**anonymous)
    )
    await session.execute(
        update(CommitmentComment)
        .where(CommitmentComment.author_id == account_id)
        .values(**anonymous)
    )
    await session.execute(update(Vote).where(Vote.account_id == account_id).values(account_id=None))
    await session.execute(
        update(TopicReport).where(TopicReport.reporter_id == account_id).values(reporter_id=None)
    )
    for model, column in (
        (TopicFollower, TopicFollower.account_id),
        (Notification, Notification.account_id),
        (Demographics, Demographics.account_id),
        (CurpRegistration, CurpRegistration.account_id),
    ):
        await session.execute(delete(model).where(column == account_id))
    await audit.record(session, None, "account.anonymised", "account", account_id)
