"""This service's SQLModel registry and metadata, its kit tables, the column helpers every
table uses, and ``import_models()``, which loads every domain's tables onto the metadata."""

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import MetaData
from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from kit.freshness import install_data_version_table
from kit.tables import install_kit_tables


class RoadmapsModel(SQLModel, registry=registry()):
    """Base of every table in this service's database."""


kit_tables = install_kit_tables(RoadmapsModel.metadata)
# The change counters of the cached public reads (``kit.freshness``; scopes in main).
data_version = install_data_version_table(RoadmapsModel.metadata)
COMMITMENTS = "commitments"  # GET /commitments, /commitments/{id}
ROADMAPS = "roadmaps"  # GET /commitments/{id}/roadmap


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid4().hex


def import_models() -> MetaData:
    """Every domain's tables, imported here (not at module level, so no domain's import of
    this module comes back to it), so the metadata is complete (Alembic, the app, tests)."""
    from roadmaps.commitments import models as _commitments  # noqa: F401
    from roadmaps.groups import models as _groups  # noqa: F401
    from roadmaps.meetings import models as _meetings  # noqa: F401
    from roadmaps.roadmap import models as _roadmap  # noqa: F401

    return RoadmapsModel.metadata
