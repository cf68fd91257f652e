"""What a topic read tells the signed-in person reading it (issue 17, "fast reads").

Whether she voted for each topic of a page, in one query on the ``vote`` primary key
(topic_id, voter_key) whatever the page size; and for one topic, in one query too, whether
she voted and, when the process requires a CURP, whether her account registered one. An
anonymous reader (or an agency's API client, who never votes) costs no query at all.
"""

from collections.abc import Sequence

from sqlalchemy import case, exists, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.people.identity import person_key
from consultation.processes.models import Process
from consultation.votes.models import CurpRegistration, Vote
from kit.tokens import Principal


def voter_key_of(viewer: Principal | None) -> str | None:
    """The person key a vote of this reader is stored under; None for nobody to personalise."""
    if viewer is None or viewer.is_client:
        return None
    return person_key(viewer)


async def voted_topics(session: AsyncSession, voter_key: str, topic_ids: Sequence[str]) -> set[str]:
    """The topics among ``topic_ids`` this person voted for: one indexed query."""
    if not topic_ids:
        return set()
    query = select(Vote.topic_id).where(Vote.voter_key == voter_key, Vote.topic_id.in_(topic_ids))
    return set((await session.execute(query)).scalars())


async def topic_viewer(
    session: AsyncSession, viewer: Principal, topic_id: str, process_id: str
) -> tuple[bool, bool | None]:
    """(voted, curp_registered) of one reader on one topic, in one query; the second is
    None when the topic's process does not require a CURP."""
    voted = exists().where(Vote.topic_id == topic_id, Vote.voter_key == person_key(viewer))
    has_curp = exists().where(CurpRegistration.account_id == viewer.sub)
    query = select(
        voted.label("voted"),
        case((Process.requires_curp, has_curp), else_=None).label("curp_registered"),
    ).where(Process.id == process_id)
    row = (await session.execute(query)).one()
    curp = None if row.curp_registered is None else bool(row.curp_registered)
    return bool(row.voted), curp
