"""The demonstration cycle of MX-5PA, open feedback: comments on the draft plan, most of
them answered. The draft plan's items come from ``roadmaps.draft_plan.published.v1``; until
that event has arrived there is nothing to comment on, and the loader says it waits.

The demonstration runs ahead of the calendar (MX-5PA's consultation is still open), so each
comment is checked against the first day of the plan's open-feedback phase: the phase rule
still applies, on the day the comment belongs to in the demonstration.
"""

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.feedback.models import FeedbackComment
from consultation.feedback.service import add_comment, list_items
from consultation.processes.models import Process
from consultation.responses.schemas import ResponseDraft
from consultation.responses.service import draft_response, publish_response
from kit.demo import DemoPerson
from kit.tokens import Principal

OTHER_COMMENTERS = (
    Principal(sub="demo-commenter-1", role="citizen", claims={"name": "Pedro S."}),
    Principal(sub="demo-commenter-2", role="citizen", claims={"name": "Lucía M."}),
)
# (item index in number order, commenter: None = the demo citizen, body, answer or None)
COMMENTS = (
    (
        0,
        None,
        "Pido que las obras de agua se publiquen también por localidad, no solo por municipio.",
        ("accepted", "Se añadió la desagregación por localidad al producto esperado."),
    ),
    (
        1,
        0,
        "Falta un indicador sobre el tiempo de publicación de cada contrato.",
        (
            "accepted",
            "El indicador «días entre la firma y la publicación» entra a la hoja de ruta.",
        ),
    ),
    (
        2,
        1,
        "El registro de búsqueda debería incluir datos de las fiscalías estatales.",
        (
            "not_adopted",
            "Las fiscalías estatales no integran este plan federal; se propondrá en los "
            "planes locales.",
        ),
    ),
    (3, None, "¿Quién integrará el protocolo de protección por parte de las comunidades?", None),
)


async def has_comments(session: AsyncSession, process: Process) -> bool:
    found = await session.execute(
        select(func.count()).where(FeedbackComment.process_id == process.id)
    )
    return bool(found.scalar_one())


async def load_comments(
    session: AsyncSession, actor: Principal, process: Process, people: dict[str, DemoPerson]
) -> int | None:
    """Comments and answers once; ``None`` while the draft plan has not arrived."""
    if await has_comments(session, process):
        return 0
    items = await list_items(session, process.plan_code)
    if len(items) <= max(index for index, *_ in COMMENTS):
        return None
    day = next(p.starts_on for p in process.phases if p.key == "open_feedback")
    citizen = people["citizen"].principal()
    for index, commenter, body, answer in COMMENTS:
        author = citizen if commenter is None else OTHER_COMMENTERS[commenter]
        comment = await add_comment(session, author, items[index].id, body, day)
        if answer is not None:
            state, text = answer
            draft = ResponseDraft(state=state, justification=text)
            await draft_response(session, actor, "comment", comment.id, draft)
            await publish_response(session, actor, "comment", comment.id)
    return len(COMMENTS)
