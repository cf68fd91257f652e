"""The demonstration cycle of MX-5PA, consultation side: duplicates merged, themes, reasoned
answers and the promotion of five themes to commitments (``consultation.theme.promoted.v1``
waits in the outbox; roadmaps builds the commitments from it).

Everything goes through the service functions, so the audit log, the notifications and the
events are the real ones. Loaded once: a process that already has themes is left alone.
"""

from datetime import date

from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.processes.gate import phase_open
from consultation.processes.models import Process
from consultation.responses.schemas import ResponseDraft
from consultation.responses.service import draft_response, publish_response
from consultation.responses.tally import announce
from consultation.systematization import service as themes
from consultation.systematization.models import Theme
from consultation.systematization.schemas import ThemeCreate
from consultation.topics.demo import SAMPLES
from consultation.topics.models import Topic
from consultation.topics.schemas import TopicFields
from consultation.topics.service import follow, new_topic, store_topic
from consultation.votes.service import cast_vote
from kit.demo import DemoPerson
from kit.tokens import Principal

# (title, description, areas, sample topic indexes, promoted to a commitment?)
THEMES = (
    (
        "Agua potable y concesiones con información abierta",
        "Obras de agua potable y concesiones de extracción publicadas por localidad y cuenca, "
        "con montos, volúmenes y avance.",
        ["environment_climate", "fiscal_openness"],
        (0, 3, 23),
        True,
    ),
    (
        "Compras públicas y contratistas transparentes",
        "Compras de medicamentos, contratos de obra y beneficiarios finales de las empresas "
        "contratistas en formato abierto.",
        ["anti_corruption"],
        (1, 11, 28),
        True,
    ),
    (
        "Búsqueda de personas y justicia abierta",
        "Registros públicos de búsqueda de personas desaparecidas, sentencias y defensorías.",
        ["justice"],
        (2, 13, 24),
        True,
    ),
    (
        "Protección de periodistas y personas defensoras",
        "Datos del mecanismo de protección y protocolos públicos con participación de las "
        "comunidades.",
        ["media_freedom", "civic_space"],
        (4, 20, 29),
        True,
    ),
    (
        "Programas sociales con padrón y calendario públicos",
        "Padrones de beneficiarios y calendarios de pago de becas, apoyos al campo y refugios.",
        ["fiscal_openness", "gender_inclusion"],
        (10, 15, 6),
        True,
    ),
    (
        "Trámites y portales para todas las personas",
        "Trámites que funcionen en el celular, portales accesibles y conectividad rural.",
        ["digital_governance"],
        (5, 17, 27),
        False,
    ),
)
DRAFT_THEME = (
    "Participación de juventudes y pueblos indígenas",
    "Consejos juveniles y consultas indígenas con información previa (en revisión).",
    ["civic_participation"],
    (7, 25),
)
# Duplicates proposed by other people: (title, problem, survivor's sample index, votes).
DUPLICATES = (
    (
        "Obras de agua sin datos en mi comunidad",
        "No sabemos cuándo terminará la obra de agua.",
        0,
        6,
    ),
    ("Medicinas que no llegan a los hospitales", "No se sabe qué medicinas se compraron.", 1, 4),
    (
        "Dueños reales de las empresas que venden al gobierno",
        "No se sabe quién está detrás.",
        28,
        3,
    ),
)
NOT_ADOPTED = {
    9: "El registro de organizaciones depende de reformas legales fuera del alcance de este "
    "plan; se turnó a la Secretaría de Gobernación para su análisis.",
}
OUT_OF_SCOPE = {
    22: "Las inspecciones laborales se atienden en el programa sectorial de trabajo, no en el "
    "plan de gobierno abierto; se compartió la propuesta con la Secretaría del Trabajo.",
}


async def has_cycle(session: AsyncSession, process: Process) -> bool:
    found = await session.execute(select(func.count()).where(Theme.process_id == process.id))
    return bool(found.scalar_one())


async def _topics(session: AsyncSession, process: Process) -> list[Topic] | None:
    """The sample topics in their order; ``None`` when the process does not have them all
    (its consultation had closed when the samples would have been loaded)."""
    rows = await session.execute(
        select(Topic).where(Topic.process_id == process.id).order_by(Topic.created_at, Topic.id)
    )
    by_title = {t.title: t for t in rows.scalars() if t.status == "published"}
    found = [by_title.get(sample[0]) for sample in SAMPLES]
    return None if any(t is None for t in found) else found


async def _duplicates(
    session: AsyncSession, actor: Principal, process: Process, topics: list[Topic], today: date
) -> list[tuple[Topic, Topic]]:
    """Each duplicate is proposed, voted on and merged into the topic it repeats."""
    merged = []
    for n, (title, problem, survivor, votes) in enumerate(DUPLICATES):
        original = SAMPLES[survivor]
        fields = TopicFields(
            title=title, problem=problem, affected=original[2], solution=original[3],
            area=original[4], state_code=original[5], sdg_tags=original[6],
        )  # fmt: skip
        topic = new_topic(
            fields,
            process.id,
            channel="online",
            author_name="Rosa T.",
            author_key=f"demo-duplicate-author-{n}",
        )
        await store_topic(session, actor, topic)
        if phase_open(process, "consultation", today):
            for voter in range(votes):  # voters 0..: some voted for the original too
                await cast_vote(
                    session, topic.id, f"demo-voter-{voter * 3}", f"demo-{voter}", today
                )
        reason = f"Duplicada de «{topics[survivor].title}»."
        await themes.merge_topics(session, actor, topic.id, topics[survivor].id, reason)
        merged.append((topic, topics[survivor]))
    return merged


async def _answer(
    session: AsyncSession, actor: Principal, topic: Topic, state: str, text: str, publish: bool
) -> None:
    await draft_response(
        session, actor, "topic", topic.id, ResponseDraft(state=state, justification=text)
    )
    if publish:
        await publish_response(session, actor, "topic", topic.id)


async def _themes(
    session: AsyncSession, actor: Principal, process: Process, topics: list[Topic]
) -> None:
    for title, description, areas, indexes, promote in THEMES:
        theme = await themes.create_theme(
            session,
            actor,
            process.id,
            ThemeCreate(title=title, description=description, areas=areas),
        )
        await themes.add_topics(session, actor, theme.id, [topics[i].id for i in indexes])
        await themes.publish_theme(session, actor, theme.id)
        fate = "que el Comité promovió como compromiso del plan" if promote else "publicado"
        for i in indexes:
            text = f"Se integró al tema «{title}», {fate}."
            await _answer(session, actor, topics[i], "accepted", text, publish=promote)
        if promote:
            await themes.promote_theme(session, actor, theme.id)
    title, description, areas, indexes = DRAFT_THEME
    draft = await themes.create_theme(
        session, actor, process.id, ThemeCreate(title=title, description=description, areas=areas)
    )
    await themes.add_topics(session, actor, draft.id, [topics[i].id for i in indexes])


async def load_cycle(
    session: AsyncSession,
    actor: Principal,
    process: Process,
    people: dict[str, DemoPerson],
    today: date,
) -> int:
    """The systematization of MX-5PA; returns the number of themes created (0: already)."""
    if await has_cycle(session, process):
        return 0
    topics = await _topics(session, process)
    if topics is None:
        return 0
    # The demo citizen follows a proposal: the theme and the answer reach her.
    await follow(session, people["citizen"].principal(), topics[0].id)
    for duplicate, survivor in await _duplicates(session, actor, process, topics, today):
        text = f"Se integró a «{survivor.title}», que dice lo mismo; sus votos se sumaron."
        await _answer(session, actor, duplicate, "merged", text, publish=True)
    await _themes(session, actor, process, topics)
    for answers, state in ((NOT_ADOPTED, "not_adopted"), (OUT_OF_SCOPE, "out_of_scope")):
        for i, text in answers.items():
            await _answer(session, actor, topics[i], state, text, publish=True)
    await announce(session, process.id)
    return len(THEMES) + 1
