"""commitment.continues_commitment_id: a commitment may continue one of an earlier plan

Revision ID: plan_docs_rm_02
Revises: plan_docs_rm_01
Create Date: 2026-12-04 03:10:00+00:00

Existing commitments carry over continuing none (the link was never recorded).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "plan_docs_rm_02"
down_revision: str | None = "plan_docs_rm_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commitment") as batch_op:
        batch_op.add_column(
            sa.Column(
                "continues_commitment_id",
                sqlmodel.sql.sqltypes.AutoString(length=32),
                nullable=True,
            )
        )
        batch_op.create_index(
            "ix_commitment_continues_commitment_id", ["continues_commitment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("commitment") as batch_op:
        batch_op.drop_index("ix_commitment_continues_commitment_id")
        batch_op.drop_column("continues_commitment_id")
