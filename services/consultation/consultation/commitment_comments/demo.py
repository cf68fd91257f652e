"""The demonstration cycle of MX-5PA, implementation: citizens' comments on a published
commitment's progress, some answered by the Committee. The commitments come from
``roadmaps.commitment.published.v1``; until one has arrived there is nothing to comment on,
and the loader says it waits.

The demonstration runs ahead of the calendar, so each comment is checked against the first
day of the plan's tracking phase: the rule still applies, on the day the comment belongs to.
"""

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.commitment_comments.models import CommitmentComment, PublishedCommitment
from consultation.commitment_comments.service import SUBJECT, TRACKING_PHASE, add_comment
from consultation.processes.models import Process
from consultation.responses.schemas import ResponseDraft
from consultation.responses.service import draft_response, publish_response
from kit.demo import DemoPerson
from kit.tokens import Principal

OTHER_COMMENTERS = (
    Principal(
        sub="demo-commenter-1",
        role="citizen",
        claims={"name": "Pedro S.", "email_verified": True},
    ),
    Principal(
        sub="demo-commenter-2",
        role="citizen",
        claims={"name": "Lucía M.", "email_verified": True},
    ),
)
# (commenter: None = the demo citizen, body, answer or None)
COMMENTS = (
    (
        None,
        "La primera actividad aparece como completa, pero no encuentro la evidencia publicada.",
        (
            "accepted",
            "Tienes razón: el acta de la sesión se adjunta a la actualización validada de la "
            "actividad esta semana.",
        ),
    ),
    (
        0,
        "¿Se publicarán los datos también en formato abierto y no solo en PDF?",
        (
            "accepted",
            "Sí: el producto esperado incluye los datos en CSV; lo anotamos en la hoja de ruta.",
        ),
    ),
    (
        1,
        "Propongo que el compromiso incluya a los municipios de mi estado.",
        (
            "out_of_scope",
            "Este plan es federal; la propuesta se envía al secretariado del plan local.",
        ),
    ),
    (None, "¿Cuándo se reunirá el grupo de trabajo con la sociedad civil este semestre?", None),
)


async def has_comments(session: AsyncSession, process: Process) -> bool:
    found = await session.execute(
        select(func.count()).where(CommitmentComment.process_id == process.id)
    )
    return bool(found.scalar_one())


async def load_progress_comments(
    session: AsyncSession, actor: Principal, process: Process, people: dict[str, DemoPerson]
) -> int | None:
    """Comments and answers once, on the plan's first published commitment; ``None``
    while no commitment of the plan has been published."""
    if await has_comments(session, process):
        return 0
    query = select(PublishedCommitment).where(PublishedCommitment.plan_code == process.plan_code)
    first = (await session.execute(query.order_by(PublishedCommitment.number))).scalars().first()
    if first is None:
        return None
    day = next(p.starts_on for p in process.phases if p.key == TRACKING_PHASE)
    citizen = people["citizen"].principal()
    for commenter, body, answer in COMMENTS:
        author = citizen if commenter is None else OTHER_COMMENTERS[commenter]
        comment = await add_comment(session, author, first.commitment_id, body, day)
        if answer is not None:
            state, text = answer
            draft = ResponseDraft(state=state, justification=text)
            await draft_response(session, actor, SUBJECT, comment.id, draft)
            await publish_response(session, actor, SUBJECT, comment.id)
    return len(COMMENTS)
