"""demonstration data: a `demo` flag on tracked_commitment

Revision ID: demo_cycle_tr_01
Revises: sec_public_tr_01
Create Date: 2026-12-04 02:10:00+00:00

Records loaded by the development demo (never in production) say so, and the API returns
it, so every page that shows them can say "Datos de demostración". Existing rows are real.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "demo_cycle_tr_01"
down_revision: str | None = "sec_public_tr_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tracked_commitment") as batch_op:
        batch_op.add_column(sa.Column("demo", sa.Boolean(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("tracked_commitment") as batch_op:
        batch_op.drop_column("demo")
