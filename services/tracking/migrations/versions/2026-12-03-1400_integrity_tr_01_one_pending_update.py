"""integrity_tr_01: one pending progress update per activity, as a partial unique index

Existing duplicates are carried over first: the earliest pending update of an activity stays
pending, later ones become ``rejected`` by the system with a reason (they stay on record and
can be resubmitted once the first is decided).

Revision ID: integrity_tr_01
Revises: 9f7518f7763d
Create Date: 2026-12-03 14:00:00+00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "integrity_tr_01"
down_revision: str | None = "9f7518f7763d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_progress_update_one_pending"
PENDING = sa.text("state = 'pending'")
REASON = (
    "La actividad ya tenía una actualización pendiente anterior; esta se devolvió al "
    "introducir la regla de una sola actualización pendiente por actividad."
)
REJECT_LATER_DUPLICATES = sa.text(
    """
UPDATE progress_update
SET state = 'rejected', rejected_side = 'system', rejected_at = :now,
    rejection_reason = :reason
WHERE state = 'pending' AND EXISTS (
  SELECT 1 FROM progress_update earlier
  WHERE earlier.activity_id = progress_update.activity_id
    AND earlier.state = 'pending'
    AND (earlier.submitted_at < progress_update.submitted_at
         OR (earlier.submitted_at = progress_update.submitted_at
             AND earlier.id < progress_update.id))
)
"""
).bindparams(sa.bindparam("now", type_=UTCDateTime()))


def upgrade() -> None:
    op.get_bind().execute(REJECT_LATER_DUPLICATES, {"now": datetime.now(UTC), "reason": REASON})
    with op.batch_alter_table("progress_update") as batch_op:
        batch_op.create_index(
            INDEX, ["activity_id"], unique=True, postgresql_where=PENDING, sqlite_where=PENDING
        )


def downgrade() -> None:
    with op.batch_alter_table("progress_update") as batch_op:
        batch_op.drop_index(INDEX)
