"""meetings of the forum and the Committee: kind, plan_code, minutes_url

Revision ID: integrity_stats_03
Revises: 2802731e29a7
Create Date: 2026-12-03 14:40:00+00:00

Existing meetings are working-group meetings: ``kind`` becomes ``working_group`` and
``plan_code`` is their commitment's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "integrity_stats_03"
down_revision: str | None = "integrity_rm_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.add_column(sa.Column("plan_code", text(length=40), nullable=True))
        batch_op.add_column(
            sa.Column("kind", text(length=20), nullable=False, server_default="working_group")
        )
        batch_op.add_column(sa.Column("minutes_url", text(length=500), nullable=True))
    op.execute(
        "UPDATE meeting SET plan_code = "
        "(SELECT c.plan_code FROM commitment c WHERE c.id = meeting.commitment_id)"
    )
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.alter_column("plan_code", existing_type=text(length=40), nullable=False)
        batch_op.alter_column("kind", existing_type=text(length=20), server_default=None)
        batch_op.alter_column("commitment_id", existing_type=text(length=32), nullable=True)
        batch_op.create_index(batch_op.f("ix_meeting_plan_code"), ["plan_code"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM meeting WHERE commitment_id IS NULL")
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_plan_code"))
        batch_op.alter_column("commitment_id", existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_column("minutes_url")
        batch_op.drop_column("kind")
        batch_op.drop_column("plan_code")
