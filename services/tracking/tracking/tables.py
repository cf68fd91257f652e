"""Every table of the tracking database, imported once so the metadata is complete."""

from tracking.assessments import models as _assessments
from tracking.compliance import models as _compliance
from tracking.documents import models as _documents
from tracking.models import TrackingModel
from tracking.notifications import models as _notifications
from tracking.roadmaps import models as _roadmaps
from tracking.updates import models as _updates
from tracking.webhooks import models as _webhooks

metadata = TrackingModel.metadata
__all__ = [
    "_assessments",
    "_compliance",
    "_documents",
    "_notifications",
    "_roadmaps",
    "_updates",
    "_webhooks",
    "metadata",
]
