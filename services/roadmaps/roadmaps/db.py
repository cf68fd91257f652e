"""This service's SQLModel registry, its kit tables, and the column helpers every table uses."""

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from kit.tables import install_kit_tables


class RoadmapsModel(SQLModel, registry=registry()):
    """Base of every table in this service's database."""


kit_tables = install_kit_tables(RoadmapsModel.metadata)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid4().hex
