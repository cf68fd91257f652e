"""The demonstration cycle of MX-5PA, roadmaps side: the five commitments born from the
consultation's promoted themes get their working groups (the demo government, CSO and
INAI accounts), a roadmap in each state of the workflow, meetings, and the draft plan.

The commitments arrive through ``consultation.theme.promoted.v1``; until all five are
here the loader waits. Everything goes through the service functions as the people
themselves (the government member drafts, both responsible persons sign, the Committee
publishes), so every rule applies and every event (members, roadmaps, meetings, the draft
plan) leaves through the outbox. Loaded once: it ends by publishing the draft plan, and a
plan whose draft is published is left alone.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.demo import DemoPerson
from roadmaps.commitments import service as commitments
from roadmaps.commitments.consultation import publish_draft_plan
from roadmaps.commitments.models import Commitment, DraftPlanPublication
from roadmaps.commitments.schemas import CommitmentUpdate
from roadmaps.groups import service as groups
from roadmaps.groups.schemas import MemberCreate, RulesUpdate
from roadmaps.meetings.schemas import AttendanceCount, MeetingCreate, PlanMeetingCreate
from roadmaps.meetings.service import record_meeting, record_plan_meeting
from roadmaps.roadmap import workflow
from roadmaps.roadmap.content import as_write
from roadmaps.roadmap.review_schemas import ReviewSessionCreate
from roadmaps.roadmap.schemas import RoadmapSave
from roadmaps.roadmap.service import create_roadmap, save_roadmap, view_roadmap

PLAN_CODE = "MX-5PA"
# The theme titles of the consultation's demonstration, and how far each roadmap got.
SCENARIOS = {
    "Agua potable y concesiones con información abierta": "amended",
    "Compras públicas y contratistas transparentes": "published",
    "Búsqueda de personas y justicia abierta": "agreed",
    "Protección de periodistas y personas defensoras": "in_review",
    "Programas sociales con padrón y calendario públicos": "draft",
}
RULES = (
    "El grupo sesiona cada mes y en sesiones extraordinarias a petición de cualquier sector. "
    "Los acuerdos se toman por consenso y las minutas se publican en diez días hábiles."
)


@dataclass(frozen=True)
class Cast:
    """The demo people, as principals and as what the group knows of them."""

    government: DemoPerson
    cso: DemoPerson
    inai: DemoPerson
    committee: DemoPerson

    @classmethod
    def of(cls, people: dict[str, DemoPerson]) -> "Cast":
        return cls(people["government"], people["cso"], people["inai"], people["committee"])


async def demo_commitments(session: AsyncSession) -> dict[str, Commitment]:
    """The plan's commitments born from demonstration themes, by scenario."""
    rows = await session.exec(
        select(Commitment).where(Commitment.plan_code == PLAN_CODE, Commitment.demo.is_(True))
    )
    return {SCENARIOS[c.title]: c for c in rows if c.title in SCENARIOS}


def _key_actions(start: date, title: str) -> list[dict]:
    def act(name: str, begins: int, ends: int, indicator: str) -> dict:
        return {
            "title": name,
            "start_date": start + timedelta(days=begins),
            "end_date": start + timedelta(days=ends),
            "indicator": indicator,
            "means_of_verification": "Publicación en el micrositio del compromiso",
        }

    return [
        {
            "title": "Diagnóstico y datos disponibles",
            "weight": 40,
            "activities": [
                act("Inventario de las bases de datos existentes", 0, 60, "Inventario publicado"),
                # Ends before the demo's day: still open on one commitment, so it is overdue.
                act("Diagnóstico con las organizaciones", 30, 110, "Diagnóstico publicado"),
                act("Mesa técnica con las dependencias", 60, 150, "Minuta de la mesa"),
            ],
        },
        {
            "title": f"Plataforma de datos abiertos: {title.lower()}",
            "weight": 35,
            "activities": [
                act("Estándar de datos acordado", 120, 210, "Estándar publicado"),
                act("Primera publicación de datos abiertos", 200, 330, "Conjunto publicado"),
            ],
        },
        {
            "title": "Uso ciudadano y rendición de cuentas",
            "weight": 25,
            "activities": [
                act("Talleres con comunidades usuarias", 300, 480, "Talleres realizados"),
                act("Informe público de resultados", 450, 600, "Informe publicado"),
            ],
        },
    ]


def complete_roadmap(cast: Cast, commitment: Commitment, start: date) -> RoadmapSave:
    return RoadmapSave(
        message="Propuesta completa del grupo de trabajo",
        responsible_public_servant_id=cast.government.account_id,
        responsible_cso_person_id=cast.cso.account_id,
        final_result=f"{commitment.title}: información pública, abierta y útil para quien la "
        "necesita, construida con las organizaciones y las comunidades.",
        expected_products=["Diagnóstico público", "Conjunto de datos abiertos", "Informe final"],
        indicators=["Conjuntos de datos publicados", "Personas usuarias en talleres"],
        means_of_verification=["Minutas del grupo", "Datos en datos.gob.mx", "Informe final"],
        start_date=start,
        end_date=start + timedelta(days=600),
        key_actions=_key_actions(start, commitment.title),
    )


def draft_roadmap(cast: Cast, commitment: Commitment) -> RoadmapSave:
    """A first, incomplete proposal: what the government side wrote so far."""
    return RoadmapSave(
        message="Primer borrador (incompleto)",
        responsible_public_servant_id=cast.government.account_id,
        final_result=f"Padrones y calendarios públicos: {commitment.title.lower()}.",
        expected_products=["Padrón único de beneficiarios"],
    )


async def _group(session: AsyncSession, cast: Cast, commitment: Commitment) -> None:
    committee = cast.committee.principal()
    members = (
        (cast.government, "government", "responsible_public_servant"),
        (cast.cso, "cso", "responsible_cso_person"),
        (cast.inai, "inai", "member"),
    )
    for person, sector, role in members:
        if await groups.find_member(session, commitment.id, person.account_id) is None:
            data = MemberCreate(
                account_id=person.account_id, name=person.name,
                organization=person.organization, sector=sector, group_role=role,
            )  # fmt: skip
            await groups.add_member(session, committee, commitment, data)
    group = await groups.read_group(session, commitment.id)
    if not group.rules_of_operation:
        rules = RulesUpdate(rules_of_operation=RULES)
        await groups.update_rules(session, committee, commitment.id, group.version, rules)


async def _details(session: AsyncSession, cast: Cast, commitment: Commitment) -> Commitment:
    if commitment.status != "draft" or commitment.lead_institutions:
        return commitment
    data = CommitmentUpdate(
        summary=f"Compromiso de demostración surgido de la consulta: {commitment.title}.",
        lead_institutions=[cast.government.organization],
        cso_coresponsible=[cast.cso.organization],
        supporting_institutions=[cast.inai.organization],
        # OGP's template, as the Committee fills it before publishing the plan.
        how_it_solves=(
            "Demostración: publica cada mes lo que se decidió y por qué, con datos abiertos "
            "que cualquier persona puede revisar."
        ),
        ogp_values={
            "access_to_information": "Demostración: abre la información del tema.",
            "civic_participation": "Demostración: la ciudadanía da seguimiento al avance.",
        },
        sdg_targets=["16.6", "16.10"],
        pnd_axis="Eje 1. Política y Gobierno (demostración)",
        risk_analysis=(
            "Demostración: cambio de titulares durante la implementación; se mitiga con "
            "reglas de operación del grupo de trabajo y un enlace suplente por sector."
        ),
        gender_perspective=(
            "Demostración: la información se publica desagregada por sexo y las mesas "
            "cuidan una participación paritaria."
        ),
        ambition="Demostración: pasar de información dispersa a datos abiertos mensuales.",
        short_term_objective="Demostración: diagnóstico compartido en seis meses.",
        medium_term_objective="Demostración: publicación mensual sostenida al cierre del plan.",
    )
    committee = cast.committee.principal()
    return await commitments.update_commitment(
        session, committee, commitment, commitment.version, data
    )


async def _review(session, cast: Cast, commitment: Commitment, held_on: date, n: int) -> None:
    view = await view_roadmap(session, commitment, sees_working_versions=True)
    data = ReviewSessionCreate(
        held_on=held_on,
        attendee_ids=[cast.government.account_id, cast.cso.account_id, cast.inai.account_id],
        minutes=f"Sesión de revisión {n}: se revisaron indicadores, fechas y pesos.",
        outcome="Se ajustan los pesos de las acciones clave." if n == 1 else "Versión lista.",
    )
    await workflow.record_review_session(session, cast.government.principal(), view, data)


async def _roadmap(session: AsyncSession, cast: Cast, commitment: Commitment, goal: str) -> None:
    """Take the commitment's roadmap as far as ``goal``, step by step, as its people."""
    government = cast.government.principal()
    author = await groups.find_member(session, commitment.id, cast.government.account_id)
    today = date.today()
    if goal == "draft":
        await create_roadmap(
            session, government, commitment, author, draft_roadmap(cast, commitment)
        )
        return
    start = today - timedelta(days=120)
    data = complete_roadmap(cast, commitment, start)
    view = await create_roadmap(session, government, commitment, author, data)
    view = await workflow.submit_for_review(session, government, view)
    await _review(session, cast, commitment, today - timedelta(days=60), 1)
    if goal == "in_review":
        return
    await _review(session, cast, commitment, today - timedelta(days=45), 2)
    for person in (cast.government, cast.cso):
        view = await view_roadmap(session, commitment, sees_working_versions=True)
        await workflow.sign_off(session, person.principal(), view, view.roadmap.version)
    view = await workflow.agree(session, government, view)
    if goal == "agreed":
        return
    view = await workflow.publish(session, cast.committee.principal(), view)
    if goal == "published":
        return
    await _amend(session, cast, commitment, author)


RESCHEDULE_REASON = (
    "La dependencia cambió de titular y la mesa técnica se pospuso hasta que la nueva "
    "titular designara a su enlace; el grupo acordó la nueva fecha en su sesión de revisión."
)


async def _amend(session: AsyncSession, cast: Cast, commitment: Commitment, author) -> None:
    """An amendment: the plan extended by three months, one activity rescheduled with its
    reason, one added; every id kept so progress survives, and the superseded version stays
    public."""
    view = await view_roadmap(session, commitment, sees_working_versions=True)
    values = as_write(view.version.content)
    values["end_date"] = date.fromisoformat(values["end_date"]) + timedelta(days=90)
    # One activity is rescheduled, with the responsible party's public explanation.
    meeting = values["key_actions"][0]["activities"][2]
    meeting["end_date"] = date.fromisoformat(meeting["end_date"]) + timedelta(days=75)
    meeting["reschedule_reason"] = RESCHEDULE_REASON
    values["key_actions"][2]["activities"].append(
        {
            "title": "Seguimiento comunitario del uso de los datos",
            "start_date": values["end_date"] - timedelta(days=120),
            "end_date": values["end_date"],
            "indicator": "Informe comunitario publicado",
            "means_of_verification": "Informe en el micrositio",
        }
    )
    data = RoadmapSave.model_validate(
        values
        | {
            "message": "Enmienda: ampliación del plazo",
            "justification": "Cambio de la persona titular de la dependencia responsable; el "
            "grupo acordó ampliar tres meses el plazo y añadir el seguimiento comunitario.",
        }
    )
    await save_roadmap(
        session, cast.government.principal(), view, author, view.roadmap.version, data
    )


def _meeting(held_on: date, minutes: str, **people: tuple[int, int]) -> MeetingCreate:
    attendance = [
        AttendanceCount(sector=sector, women=women, men=men)
        for sector, (women, men) in people.items()
    ]
    return MeetingCreate(
        held_on=held_on, attendance=attendance, minutes=minutes, agreements=["Publicar la minuta"]
    )


async def _meetings(session: AsyncSession, cast: Cast, found: dict[str, Commitment]) -> None:
    government, today = cast.government.principal(), date.today()
    for n, scenario in enumerate(("amended", "published", "agreed")):
        for days in (90, 30):
            held_on = today - timedelta(days=days + n)
            minutes = f"Reunión del grupo: avance de las acciones clave ({scenario})."
            data = _meeting(held_on, minutes, government=(2, 1), cso=(2, 1), inai=(1, 0))
            await record_meeting(session, government, found[scenario], data)
    forum = PlanMeetingCreate(
        **_meeting(today - timedelta(days=20), "Sesión del foro multiactor del plan.",
                   government=(3, 2), cso=(3, 3), inai=(1, 1)).model_dump(),
        kind="forum",
        minutes_url="https://gobiernoabierto.example/minutas/mx-5pa-foro-1.pdf",
    )  # fmt: skip
    await record_plan_meeting(session, cast.committee.principal(), PLAN_CODE, forum)


async def load_cycle(session: AsyncSession, people: dict[str, DemoPerson]) -> str | None:
    """The roadmaps part of the demonstration; returns what it still waits for, if anything."""
    if await session.get(DraftPlanPublication, PLAN_CODE) is not None:
        return None
    found = await demo_commitments(session)
    if len(found) < len(SCENARIOS):
        return f"{len(SCENARIOS) - len(found)} compromisos de los temas promovidos"
    cast = Cast.of(people)
    committee = cast.committee.principal()
    for scenario in SCENARIOS.values():
        commitment = await _details(session, cast, found[scenario])
        await _group(session, cast, commitment)
        await commitments.publish_commitment(session, committee, commitment.id)
    for scenario, commitment in found.items():
        await _roadmap(session, cast, commitment, scenario)
    await _meetings(session, cast, found)
    await publish_draft_plan(session, committee, PLAN_CODE)
    return None
