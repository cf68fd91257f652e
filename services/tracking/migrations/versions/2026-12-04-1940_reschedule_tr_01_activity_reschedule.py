"""activity.original_*_date and activity_reschedule: rescheduled activities keep their
original dates and each change with its public explanation

Revision ID: reschedule_tr_01
Revises: plan_docs_tr_02
Create Date: 2026-12-04 19:40:00+00:00

Existing activities carry over with their current dates as the original ones (tracking kept
no earlier dates to recover; ``original_version`` stays unknown), and with no recorded
change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "reschedule_tr_01"
down_revision: str | None = "plan_docs_tr_02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.add_column(sa.Column("original_start_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("original_end_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("original_version", sa.Integer(), nullable=True))
    op.execute("UPDATE activity SET original_start_date = start_date, original_end_date = end_date")
    op.create_table(
        "activity_reschedule",
        sa.Column("activity_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("roadmap_version", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("previous_start_date", sa.Date(), nullable=True),
        sa.Column("previous_end_date", sa.Date(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", "roadmap_version"),
    )
    op.create_index(
        "ix_activity_reschedule_commitment_id", "activity_reschedule", ["commitment_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_activity_reschedule_commitment_id", table_name="activity_reschedule")
    op.drop_table("activity_reschedule")
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_column("original_version")
        batch_op.drop_column("original_end_date")
        batch_op.drop_column("original_start_date")
