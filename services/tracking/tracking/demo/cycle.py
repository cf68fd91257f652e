"""The demonstration cycle of MX-5PA, tracking side: progress reported on the published
roadmaps, in every validation state, and the demo citizen following two commitments.

Commitments, roadmaps and working groups arrive from roadmaps as events; until the two
published roadmaps (one of them amended) are here, the loader waits. Updates go through
the service as the people themselves: the government member reports, the CSO member and
the Committee validate or return with a reason; a fully validated update changes its
activity's status and notifies the followers. Loaded once: a plan with progress updates is
left alone. The Committee's texts for the plan's documents are saved first, as version 1,
when nobody has written any.
"""

from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.demo import DemoPerson
from tracking.activities.models import Activity, KeyAction, RoadmapVersion, TrackedRoadmap
from tracking.commitments.models import TrackedCommitment
from tracking.documents import narrative
from tracking.documents.schemas import NarrativeContent
from tracking.notifications.service import follow
from tracking.updates.models import ProgressUpdate
from tracking.updates.schemas import UpdateCreate, Validation
from tracking.updates.service import submit_update, validate

PLAN_CODE = "MX-5PA"
EVIDENCE = "https://gobiernoabierto.example/mx-5pa/evidencia"
# Per activity, in roadmap order: (reported status, links?, how far validation goes).
AMENDED_PLAN = (
    ("completo", True, "published"),
    ("completo", False, "published"),
    ("en_proceso", False, "published"),
    ("en_proceso", False, "awaiting_cso"),
    ("completo", True, "awaiting_committee"),
    ("en_proceso", False, "returned"),
)
PUBLISHED_PLAN = (
    ("completo", True, "published"),
    ("en_proceso", False, "published"),
    ("en_proceso", False, "awaiting_cso"),
)
RETURN_REASON = "Falta el enlace a la minuta que respalda el avance; agrégalo y reenvía."
# The Committee's texts for MX-5PA's documents (version 1, saved as the demo Committee
# member); demonstration texts, and they say so.
NARRATIVE = NarrativeContent(
    introduction=(
        "Texto de demostración. El Comité Coordinador presenta el Quinto Plan de Acción de "
        "México en la Alianza para el Gobierno Abierto, cocreado a partir de la consulta "
        "pública: los temas más votados se agruparon en temas de trabajo y cinco de ellos "
        "se volvieron compromisos."
    ),
    context=(
        "Texto de demostración. El plan se cocrea al cierre del Cuarto Plan de Acción "
        "(MX-4PA), cuyo tablero y autoevaluación siguen públicos."
    ),
    forum=(
        "Texto de demostración. El Comité Coordinador sesiona cada mes, con gobierno, "
        "sociedad civil y el organismo garante; acuerda por consenso y publica sus minutas. "
        "Cada compromiso tiene un grupo de trabajo con reglas de operación propias."
    ),
    methodology=(
        "Texto de demostración. Consulta pública con votos y respuestas razonadas, "
        "sistematización en temas de trabajo, mesas de cocreación por compromiso y hojas de "
        "ruta acordadas en dos sesiones de revisión y firmadas por las dos personas "
        "responsables."
    ),
    adjustments="",
    conclusions="",
)


async def _ready(session: AsyncSession) -> list[tuple[TrackedCommitment, int]] | None:
    """The demo commitments with a roadmap in force and how many versions each has, most
    versions first; ``None`` until the published and the amended roadmaps are both here."""
    rows = await session.exec(
        select(TrackedCommitment, func.count(RoadmapVersion.version))
        .join(TrackedRoadmap, TrackedRoadmap.commitment_id == TrackedCommitment.commitment_id)
        .join(RoadmapVersion, RoadmapVersion.commitment_id == TrackedCommitment.commitment_id)
        .where(TrackedCommitment.plan_code == PLAN_CODE, TrackedCommitment.demo.is_(True))
        .group_by(TrackedCommitment.commitment_id)
    )
    found = sorted(rows.all(), key=lambda row: (-row[1], row[0].number))
    if len(found) < 2 or found[0][1] < 2:
        return None
    return found[:2]


async def _activities(session: AsyncSession, commitment_id: str) -> list[Activity]:
    rows = await session.exec(
        select(Activity)
        .join(KeyAction, KeyAction.key_action_id == Activity.key_action_id)
        .where(Activity.commitment_id == commitment_id, Activity.current.is_(True))
        .order_by(KeyAction.order, Activity.order)
    )
    return list(rows)


async def _report(
    session: AsyncSession,
    people: dict[str, DemoPerson],
    commitment: TrackedCommitment,
    activity: Activity,
    step: tuple[str, bool, str],
) -> None:
    status, with_links, goal = step
    narrative = f"Avance de «{activity.title}»: {status.replace('_', ' ')}."
    links = [f"{EVIDENCE}/{activity.activity_id}"] if with_links else []
    data = UpdateCreate(
        activity_id=activity.activity_id, new_status=status, narrative=narrative, links=links
    )
    update = await submit_update(session, people["government"].principal(), commitment, data)
    if goal == "awaiting_cso":
        return
    cso = people["cso"].principal()
    if goal == "returned":
        await validate(session, cso, update, Validation(decision="reject", reason=RETURN_REASON))
        return
    await validate(session, cso, update, Validation(decision="approve"))
    if goal == "published":
        await validate(
            session, people["committee"].principal(), update, Validation(decision="approve")
        )


async def load_cycle(session: AsyncSession, people: dict[str, DemoPerson]) -> str | None:
    """The tracking part of the demonstration; returns what it still waits for, if anything."""
    if (await narrative.current(session, PLAN_CODE)).version == 0:
        await narrative.save(session, people["committee"].principal(), PLAN_CODE, 0, NARRATIVE)
    done = await session.exec(
        select(ProgressUpdate.id).where(ProgressUpdate.plan_code == PLAN_CODE).limit(1)
    )
    if done.first() is not None:
        return None
    ready = await _ready(session)
    if ready is None:
        return "las hojas de ruta publicadas y enmendadas (roadmaps.roadmap.*)"
    citizen = people["citizen"].principal()
    for (commitment, _), plan in zip(ready, (AMENDED_PLAN, PUBLISHED_PLAN), strict=True):
        await follow(session, citizen, commitment.commitment_id)
        activities = await _activities(session, commitment.commitment_id)
        for activity, step in zip(activities, plan, strict=False):
            await _report(session, people, commitment, activity, step)
    return None
