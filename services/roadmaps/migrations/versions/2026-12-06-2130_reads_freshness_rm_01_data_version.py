"""data_version: a change counter per cached public read (kit.freshness)

Revision ID: reads_freshness_rm_01
Revises: plan_docs_rm_02
Create Date: 2026-12-06 21:30:00+00:00

Starts empty: a scope without a row is version 0, and the first write makes it 1.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "reads_freshness_rm_01"
down_revision: str | None = "plan_docs_rm_02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope"),
    )


def downgrade() -> None:
    op.drop_table("data_version")
