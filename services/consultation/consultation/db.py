"""This service's SQLModel registry and metadata, its kit tables, the column helpers every
table uses, and ``import_models()``, which loads every domain's tables onto the metadata."""

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import MetaData
from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from kit.tables import install_kit_tables


class ConsultationModel(SQLModel, registry=registry()):
    """Base of every table in this service's database."""


kit_tables = install_kit_tables(ConsultationModel.metadata)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid4().hex


def import_models() -> MetaData:
    """Import every domain's tables, so the metadata is complete (Alembic, the app, tests)."""
    from consultation.commitment_comments import models as _commitment_comments  # noqa: F401
    from consultation.feedback import models as _feedback  # noqa: F401
    from consultation.privacy import models as _privacy  # noqa: F401
    from consultation.processes import models as _processes  # noqa: F401
    from consultation.responses import models as _responses  # noqa: F401
    from consultation.statistics import models as _statistics  # noqa: F401
    from consultation.systematization import models as _systematization  # noqa: F401
    from consultation.topics import models as _topics  # noqa: F401
    from consultation.votes import models as _votes  # noqa: F401

    return ConsultationModel.metadata
