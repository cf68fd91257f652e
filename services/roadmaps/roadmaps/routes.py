"""Every public route of the service, one router per domain."""

from fastapi import APIRouter

from roadmaps.commitments.routes import router as commitments
from roadmaps.groups.routes import router as groups
from roadmaps.meetings.routes import router as meetings
from roadmaps.roadmap.routes import router as roadmaps
from roadmaps.roadmap.workflow_routes import router as workflow

router = APIRouter()
for domain in (commitments, groups, roadmaps, workflow, meetings):
    router.include_router(domain)
