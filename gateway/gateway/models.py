"""Tables of the gateway database (its own SQLModel registry and metadata)."""

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from kit.tables import install_kit_tables


class GatewayModel(SQLModel, registry=registry()):
    """Base of every table in the gateway's database."""


kit_tables = install_kit_tables(GatewayModel.metadata)
