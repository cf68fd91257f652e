from fastapi import APIRouter, Response

from kit.db import SessionDep
from kit.errors import error_responses
from roadmaps.deps import (
    CommitteeMember,
    CommitteeRoadmap,
    EditableRoadmap,
    IfMatch,
    ValidRoadmap,
    WorkingGroupPerson,
)
from roadmaps.roadmap import store, workflow
from roadmaps.roadmap.review_schemas import ReviewSessionCreate, ReviewSessionRead
from roadmaps.roadmap.routes import ROADMAP, answer
from roadmaps.roadmap.schemas import RoadmapRead, SignOffRead

router = APIRouter(tags=["roadmap workflow"])
TRANSITION_ERRORS = error_responses(401, 403, 404, 409, 412)


def _session_read(review) -> ReviewSessionRead:
    return ReviewSessionRead.model_validate(
        review.model_dump() | {"both_sides": store.both_sides(review)}
    )


@router.post(f"{ROADMAP}/submit", response_model=RoadmapRead, responses=TRANSITION_ERRORS)
async def submit_roadmap(
    session: SessionDep, actor: WorkingGroupPerson, roadmap: EditableRoadmap, response: Response
) -> RoadmapRead:
    """Send the draft to review (members of the working group): draft → in review. Refused
    (409 ``roadmap_incomplete``) while a required element is missing or the key actions'
    weights do not sum 100, each named in the message and in ``details``."""
    view = await workflow.submit_for_review(session, actor, roadmap)
    return await answer(session, view, response)


@router.post(
    f"{ROADMAP}/review-sessions",
    status_code=201,
    response_model=ReviewSessionRead,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def record_review_session(
    session: SessionDep,
    actor: WorkingGroupPerson,
    roadmap: EditableRoadmap,
    data: ReviewSessionCreate,
) -> ReviewSessionRead:
    """Record a review session held between the government and the civil-society side
    (members of the working group): date, attendees (group members), minutes, outcome.
    Agreement needs at least two sessions attended by both sides."""
    review = await workflow.record_review_session(session, actor, roadmap, data)
    return _session_read(review)


@router.get(
    f"{ROADMAP}/review-sessions",
    response_model=list[ReviewSessionRead],
    responses=error_responses(401, 404),
)
async def list_review_sessions(
    session: SessionDep, roadmap: ValidRoadmap
) -> list[ReviewSessionRead]:
    """The review sessions of the roadmap, oldest first (public once it is published)."""
    return [_session_read(r) for r in await store.review_sessions(session, roadmap.roadmap.id)]


@router.post(
    f"{ROADMAP}/sign-offs",
    status_code=201,
    response_model=SignOffRead,
    responses=error_responses(401, 403, 404, 409, 412, 428),
)
async def sign_roadmap(
    session: SessionDep, actor: WorkingGroupPerson, roadmap: EditableRoadmap, expected: IfMatch
) -> SignOffRead:
    """Sign the version named in ``If-Match`` (the responsible public servant or the
    responsible CSO person named in it), only once it is complete (409
    ``roadmap_incomplete`` names what is missing). A later edit needs new signatures."""
    signature = await workflow.sign_off(session, actor, roadmap, expected)
    return SignOffRead.model_validate(signature)


@router.post(f"{ROADMAP}/agree", response_model=RoadmapRead, responses=TRANSITION_ERRORS)
async def agree_roadmap(
    session: SessionDep, actor: WorkingGroupPerson, roadmap: EditableRoadmap, response: Response
) -> RoadmapRead:
    """Mark the roadmap agreed (members of the working group): in review → agreed. Refused
    with the missing elements, review sessions and signatures named."""
    view = await workflow.agree(session, actor, roadmap)
    return await answer(session, view, response)


@router.post(f"{ROADMAP}/publish", response_model=RoadmapRead, responses=TRANSITION_ERRORS)
async def publish_roadmap(
    session: SessionDep, actor: CommitteeMember, roadmap: CommitteeRoadmap, response: Response
) -> RoadmapRead:
    """Publish an agreed roadmap (Coordinating Committee). Refused with the missing
    elements, review sessions and signatures named; tracking receives the full roadmap
    through ``roadmaps.roadmap.published.v1``."""
    view = await workflow.publish(session, actor, roadmap)
    return await answer(session, view, response)
