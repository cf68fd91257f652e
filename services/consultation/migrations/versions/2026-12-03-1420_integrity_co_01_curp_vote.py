"""integrity_co_01: curp_vote, one CURP one vote per topic in CURP-required processes

Carried over: every vote already cast in a process that requires a CURP, by an account whose
CURP is registered, gets its row (one per topic and CURP).

Revision ID: integrity_co_01
Revises: 6258cd5742ab
Create Date: 2026-12-03 14:20:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "integrity_co_01"
down_revision: str | None = "6258cd5742ab"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = """
INSERT INTO curp_vote (topic_id, curp_hash, voter_key)
SELECT v.topic_id, c.curp_hash, MIN(v.voter_key)
FROM vote v
JOIN curp_registration c ON c.account_id = v.account_id
JOIN process p ON p.id = v.process_id
WHERE p.requires_curp
GROUP BY v.topic_id, c.curp_hash
"""


def upgrade() -> None:
    op.create_table(
        "curp_vote",
        sa.Column("topic_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("curp_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("voter_key", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"]),
        sa.PrimaryKeyConstraint("topic_id", "curp_hash"),
    )
    with op.batch_alter_table("curp_vote") as batch_op:
        batch_op.create_index(batch_op.f("ix_curp_vote_voter_key"), ["voter_key"], unique=False)
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("curp_vote") as batch_op:
        batch_op.drop_index(batch_op.f("ix_curp_vote_voter_key"))
    op.drop_table("curp_vote")
