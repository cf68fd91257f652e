"""This service's SQLModel registry, its kit tables, and the column helpers every table uses."""

from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from kit.tables import install_kit_tables


class TrackingModel(SQLModel, registry=registry()):
    """Base of every table in this service's database."""


kit_tables = install_kit_tables(TrackingModel.metadata)


def now() -> datetime:
    return datetime.now(UTC)


def import_models() -> MetaData:
    """Every domain's tables, imported here (not at module level, so no domain's import of
    this module comes back to it), so the metadata is complete."""
    from tracking.activities import models as _activities  # noqa: F401
    from tracking.assessments import models as _assessments  # noqa: F401
    from tracking.commitments import models as _commitments  # noqa: F401
    from tracking.compliance import models as _compliance  # noqa: F401
    from tracking.documents import models as _documents  # noqa: F401
    from tracking.notifications import models as _notifications  # noqa: F401
    from tracking.updates import models as _updates  # noqa: F401
    from tracking.webhooks import models as _webhooks  # noqa: F401

    return TrackingModel.metadata
