"""The road to a public roadmap: draft → in review → agreed → published.

Submission and each signature need the required elements (a draft is saved without them);
agreement needs them too, at least two review sessions attended by both the
government and the civil-society side, and the signatures of both responsible persons on
the current version. Publishing (the Committee) checks the same, then announces it.
Every transition is one conditional ``UPDATE`` on the version and status it checked.
"""

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from kit import audit
from kit.concurrency import compare_and_swap
from kit.db import insert_ignore
from kit.tokens import Principal
from roadmaps.db import utcnow
from roadmaps.groups.roles import GROUP_ROLES, RESPONSIBLE_ROLES
from roadmaps.roadmap import store
from roadmaps.roadmap.content import missing_elements, weight_total
from roadmaps.roadmap.errors import (
    DateInFuture,
    NotAResponsiblePerson,
    ReviewSessionsMissing,
    RoadmapAlreadyPublished,
    RoadmapIncomplete,
    RoadmapNotAgreed,
    RoadmapStatusConflict,
    SignOffsMissing,
    UnknownMember,
)
from roadmaps.roadmap.models import ReviewSession, Roadmap, RoadmapSignOff
from roadmaps.roadmap.review_schemas import ReviewSessionCreate
from roadmaps.roadmap.service import (
    RoadmapView,
    record_publication,
    require_complete,
    stale_error,
    view_roadmap,
)

# Agreement needs this many review sessions attended by both sides (methodology, phase 4).
MIN_REVIEW_SESSIONS = 2


def _require_status(view: RoadmapView, *allowed: str) -> None:
    if view.roadmap.status not in allowed:
        raise RoadmapStatusConflict(
            details={"status": view.roadmap.status, "allowed": list(allowed)}
        )


async def _move(
    session: AsyncSession, actor: Principal, view: RoadmapView, to: str, **values: Any
) -> RoadmapView:
    """Change the status if nobody saved or moved the roadmap since ``view`` was read."""
    roadmap = view.roadmap
    before = {"status": roadmap.status, "version": roadmap.version}
    changes = {"status": to, "updated_at": utcnow(), **values}
    if not await compare_and_swap(
        session,
        Roadmap,
        roadmap.id,
        before["version"],
        changes,
        also={"status": before["status"]},
        bump=False,  # the content did not change, so neither does its version
    ):
        raise await stale_error(session, view.commitment)
    await audit.record(
        session,
        actor,
        f"roadmap.{to}",
        "roadmap",
        roadmap.id,
        before=before,
        after=before | {"status": to},
    )
    return await view_roadmap(session, view.commitment, sees_working_versions=True)


async def submit_for_review(
    session: AsyncSession, actor: Principal, view: RoadmapView
) -> RoadmapView:
    """draft → in review, only with every required element (the review is of a whole
    roadmap; a draft may be saved incomplete for as long as it takes)."""
    _require_status(view, "draft")
    members = await store.members_of(session, view.commitment.id)
    require_complete(view.version.content, members, "enviarse a revisión")
    return await _move(session, actor, view, "in_review")


async def record_review_session(
    session: AsyncSession, actor: Principal, view: RoadmapView, data: ReviewSessionCreate
) -> ReviewSession:
    _require_status(view, "draft", "in_review")
    if data.held_on > utcnow().date():
        raise DateInFuture(details={"field": "held_on", "held_on": data.held_on.isoformat()})
    members = await store.members_of(session, view.commitment.id)
    unknown = [a for a in dict.fromkeys(data.attendee_ids) if a not in members]
    if unknown:
        raise UnknownMember(
            "Algunas personas asistentes no integran el grupo de trabajo.",
            details={"field": "attendee_ids", "account_ids": unknown},
        )
    attendees = [members[a] for a in dict.fromkeys(data.attendee_ids)]
    review = ReviewSession(
        roadmap_id=view.roadmap.id,
        held_on=data.held_on,
        attendees=[
            {"account_id": m.account_id, "name": m.name, "sector": m.sector}
            | {"organization": m.organization}
            for m in attendees
        ],
        minutes=data.minutes,
        outcome=data.outcome,
        roadmap_version=view.roadmap.version,
        recorded_by=actor.sub,
    )
    session.add(review)
    await session.flush()
    await audit.record(
        session,
        actor,
        "roadmap.review_session_recorded",
        "roadmap",
        view.roadmap.id,
        after=review.model_dump(),
    )
    return review


def _signer_role(view: RoadmapView, actor: Principal) -> str:
    for role in RESPONSIBLE_ROLES:
        person = view.version.content.get(role)
        if person and person["account_id"] == actor.sub:
            return role
    raise NotAResponsiblePerson()


async def sign_off(
    session: AsyncSession, actor: Principal, view: RoadmapView, expected: int
) -> RoadmapSignOff:
    """The signature of a responsible person on the version they read (``expected``)."""
    _require_status(view, "in_review")
    role = _signer_role(view, actor)
    if expected != view.roadmap.version:
        raise await stale_error(session, view.commitment)
    members = await store.members_of(session, view.commitment.id)
    require_complete(view.version.content, members, "firmarse")
    member = members.get(actor.sub)
    values = {
        "roadmap_id": view.roadmap.id,
        "version": expected,
        "role": role,
        "account_id": actor.sub,
        "name": member.name if member else "",
        "signed_at": utcnow(),
    }
    key = ["roadmap_id", "version", "role"]
    if await insert_ignore(session, RoadmapSignOff.__table__, values, key):
        await audit.record(
            session, actor, "roadmap.signed", "roadmap", view.roadmap.id, after=values
        )
    signature = await session.get(RoadmapSignOff, (view.roadmap.id, expected, role))
    assert signature is not None
    return signature


async def checklist(session: AsyncSession, view: RoadmapView) -> dict[str, Any]:
    """What agreement still needs, by name (empty lists when ready)."""
    members = await store.members_of(session, view.commitment.id)
    content = view.version.content
    held = await store.sessions_held(session, view.roadmap.id)
    signed = {s.role for s in await store.sign_offs(session, view.roadmap.id, view.version.version)}
    return {
        "missing_elements": missing_elements(content, members),
        "review_sessions": {"required": MIN_REVIEW_SESSIONS, "held": held},
        "missing_sign_offs": [
            {"role": role, "label": GROUP_ROLES[role]}
            for role in RESPONSIBLE_ROLES
            if role not in signed
        ],
        "version": view.version.version,
        "weight_total": weight_total(content),
    }


async def require_ready(session: AsyncSession, view: RoadmapView) -> None:
    """Refuse, naming everything that is missing; the code names the first kind of gap."""
    found = await checklist(session, view)
    problems = []
    if found["missing_elements"]:
        labels = ", ".join(m["label"] for m in found["missing_elements"])
        problems.append((RoadmapIncomplete, f"faltan elementos obligatorios: {labels}"))
    held = found["review_sessions"]["held"]
    if held < MIN_REVIEW_SESSIONS:
        problems.append(
            (
                ReviewSessionsMissing,
                f"hay {held} de {MIN_REVIEW_SESSIONS} sesiones de revisión con asistencia "
                "de gobierno y de sociedad civil",
            )
        )
    if found["missing_sign_offs"]:
        labels = ", ".join(s["label"] for s in found["missing_sign_offs"])
        problems.append((SignOffsMissing, f"falta la firma de: {labels}"))
    if problems:
        error, _ = problems[0]
        reasons = "; ".join(reason for _, reason in problems)
        raise error(f"La hoja de ruta no puede acordarse ni publicarse: {reasons}.", details=found)


async def agree(session: AsyncSession, actor: Principal, view: RoadmapView) -> RoadmapView:
    _require_status(view, "in_review")
    await require_ready(session, view)
    return await _move(session, actor, view, "agreed")


async def publish(session: AsyncSession, actor: Principal, view: RoadmapView) -> RoadmapView:
    """The Committee publishes an agreed roadmap; tracking receives it by event."""
    if view.roadmap.status == "published":
        raise RoadmapAlreadyPublished()
    await require_ready(session, view)
    if view.roadmap.status != "agreed":
        raise RoadmapNotAgreed(details={"status": view.roadmap.status})
    published = await _move(
        session,
        actor,
        view,
        "published",
        published_version=view.roadmap.version,
        published_at=utcnow(),
    )
    await record_publication(session, actor, published)
    return published
