"""The exchange with the consultation service, both ways.

In: a theme the Committee promoted becomes a draft commitment that remembers the theme and
the citizens' topics behind it. Out: the draft plan, opened for public comment.
"""

import re
import unicodedata

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from contracts.consultation import ThemePromoted
from contracts.roadmaps import DraftPlanCommitment, DraftPlanPublished
from kit import audit
from kit.db import insert_ignore
from kit.errors import Unprocessable
from kit.inbox import Event
from kit.outbox import emit
from kit.tokens import Principal
from reference.areas import AREAS
from roadmaps.commitments.errors import (
    DraftPlanAlreadyPublished,
    DraftPlanNotFound,
    PlanWithoutCommitments,
)
from roadmaps.commitments.events import DRAFT_PLAN_PUBLISHED, draft_plan_item
from roadmaps.commitments.models import Commitment, DraftPlanPublication
from roadmaps.commitments.schemas import CommitmentCreate
from roadmaps.commitments.service import create_commitment
from roadmaps.db import utcnow

CONSULTATION = Principal(sub="consultation", role="system")


def slugify(text: str, fallback: str = "compromiso") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or fallback


class InvalidThemeEvent(Unprocessable):
    code = "invalid_theme_event"
    message = "El tema promovido llegó incompleto."


def known_areas(theme: ThemePromoted) -> list[str]:
    """The areas this service knows, once each; a theme may carry others."""
    return [a for a in dict.fromkeys(theme.areas) if a in AREAS]


async def _plan_scope(session: AsyncSession, plan_code: str) -> tuple[int, str, str | None]:
    """The next free number in the plan and the plan's level and state."""
    highest = await session.execute(
        select(func.max(Commitment.number)).where(Commitment.plan_code == plan_code)
    )
    sibling = await session.execute(
        select(Commitment.plan_level, Commitment.state_code)
        .where(Commitment.plan_code == plan_code)
        .limit(1)
    )
    level, state = sibling.first() or ("federal", None)
    return (highest.scalar() or 0) + 1, level, state


async def on_theme_promoted(session: AsyncSession, event: Event, theme: ThemePromoted) -> None:
    """Handler of ``consultation.theme.promoted.v1``: a draft commitment per theme, once."""
    known = await session.execute(
        select(Commitment.id).where(Commitment.source_theme_id == theme.theme_id)
    )
    if known.first() is not None:
        return
    number, level, state = await _plan_scope(session, theme.plan_code)
    try:
        data = CommitmentCreate(
            plan_code=theme.plan_code,
            number=number,
            slug=slugify(theme.title),
            title=theme.title[:300],
            problem=theme.description[:5000],
            areas=known_areas(theme),
            plan_level=level,
            state_code=state,
        )
    except ValidationError as exc:
        raise InvalidThemeEvent(
            "El tema promovido no cabe en un compromiso.", details=exc.errors(include_url=False)
        ) from None
    await create_commitment(
        session,
        CONSULTATION,
        data,
        source_theme_id=theme.theme_id,
        source_process_id=theme.process_id,
        source_topics=[topic.model_dump() for topic in theme.source_topics],
        demo=theme.demo,
    )


async def publish_draft_plan(
    session: AsyncSession, actor: Principal, plan_code: str
) -> DraftPlanPublication:
    """Open every commitment of the plan for public comment (once per plan)."""
    rows = await session.execute(
        select(Commitment).where(Commitment.plan_code == plan_code).order_by(Commitment.number)
    )
    commitments = list(rows.scalars())
    if not commitments:
        raise PlanWithoutCommitments(details={"plan_code": plan_code})
    publication = DraftPlanPublication(
        plan_code=plan_code,
        published_at=utcnow(),
        published_by=actor.sub,
        commitments=[draft_plan_item(c).model_dump(mode="json") for c in commitments],
    )
    table = DraftPlanPublication.__table__
    if not await insert_ignore(session, table, publication.model_dump(), ["plan_code"]):
        raise DraftPlanAlreadyPublished(details={"plan_code": plan_code})
    await audit.record(
        session,
        actor,
        "draft_plan.published",
        "draft_plan",
        plan_code,
        after=publication.model_dump(),
    )
    payload = DraftPlanPublished(
        plan_code=plan_code,
        published_at=publication.published_at,
        commitments=[DraftPlanCommitment.model_validate(c) for c in publication.commitments],
    )
    await emit(session, DRAFT_PLAN_PUBLISHED, payload)
    return publication


async def get_draft_plan(session: AsyncSession, plan_code: str) -> DraftPlanPublication:
    publication = await session.get(DraftPlanPublication, plan_code)
    if publication is None:
        raise DraftPlanNotFound()
    return publication
