"""key_action.responsible_institution: the institution in charge of each key action

Revision ID: plan_docs_tr_02
Revises: plan_docs_tr_01
Create Date: 2026-12-04 02:50:00+00:00

Existing key actions carry over with an empty institution (the roadmaps they came from
named none); the next roadmap version that names one fills it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "plan_docs_tr_02"
down_revision: str | None = "plan_docs_tr_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("key_action") as batch_op:
        batch_op.add_column(
            sa.Column(
                "responsible_institution",
                sqlmodel.sql.sqltypes.AutoString(length=300),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("key_action") as batch_op:
        batch_op.drop_column("responsible_institution")
