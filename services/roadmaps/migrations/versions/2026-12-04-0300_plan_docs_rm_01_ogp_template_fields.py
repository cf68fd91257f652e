"""commitment: the rest of OGP's template (risks, gender, ambition, objectives) and PND axis

Revision ID: plan_docs_rm_01
Revises: demo_cycle_rm_01
Create Date: 2026-12-04 03:00:00+00:00

Existing commitments carry over with these fields empty (nothing recorded them before).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "plan_docs_rm_01"
down_revision: str | None = "demo_cycle_rm_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("pnd_axis", 300),
    ("risk_analysis", 5000),
    ("gender_perspective", 5000),
    ("ambition", 5000),
    ("short_term_objective", 2000),
    ("medium_term_objective", 2000),
)


def upgrade() -> None:
    with op.batch_alter_table("commitment") as batch_op:
        for name, length in COLUMNS:
            batch_op.add_column(
                sa.Column(
                    name,
                    sqlmodel.sql.sqltypes.AutoString(length=length),
                    nullable=False,
                    server_default="",
                )
            )


def downgrade() -> None:
    with op.batch_alter_table("commitment") as batch_op:
        for name, _length in reversed(COLUMNS):
            batch_op.drop_column(name)
