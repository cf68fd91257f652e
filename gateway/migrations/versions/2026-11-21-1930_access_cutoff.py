"""access_cutoff: access tokens refused before they expire

Revision ID: 3f9a61c0d2e7
Revises: 7c2e5d1a9b40
Create Date: 2026-11-21 19:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "3f9a61c0d2e7"
down_revision: str | None = "7c2e5d1a9b40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "access_cutoff",
        sa.Column("sub", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("cutoff_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sub"),
    )
    with op.batch_alter_table("access_cutoff") as batch_op:
        batch_op.create_index(batch_op.f("ix_access_cutoff_cutoff_at"), ["cutoff_at"])


def downgrade() -> None:
    with op.batch_alter_table("access_cutoff") as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_cutoff_cutoff_at"))
    op.drop_table("access_cutoff")
