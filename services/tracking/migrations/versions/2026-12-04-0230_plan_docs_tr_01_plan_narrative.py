"""plan narrative: the Committee's versioned texts of the plan's documents

Revision ID: plan_docs_tr_01
Revises: demo_cycle_tr_01
Create Date: 2026-12-04 02:30:00+00:00

Two new tables; no existing row changes (a plan without narrative reads as version 0).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "plan_docs_tr_01"
down_revision: str | None = "demo_cycle_tr_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "plan_narrative",
        sa.Column("plan_code", text(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("updated_by", text(length=80), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("plan_code"),
    )
    op.create_table(
        "plan_narrative_version",
        sa.Column("plan_code", text(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("author_sub", text(length=80), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("plan_code", "version"),
    )


def downgrade() -> None:
    op.drop_table("plan_narrative_version")
    op.drop_table("plan_narrative")
