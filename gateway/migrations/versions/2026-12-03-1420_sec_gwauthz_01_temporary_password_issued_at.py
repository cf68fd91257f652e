"""temporary passwords expire: when each was issued

Revision ID: sec_gwauthz_01
Revises: 3f9a61c0d2e7
Create Date: 2026-12-03 14:20:00+00:00

Accounts still holding a temporary password get their creation time as its issue time,
so one issued long ago expires (GATEWAY_TEMPORARY_PASSWORD_TTL_HOURS) like a new one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "sec_gwauthz_01"
down_revision: str | None = "mail_gw_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(
            sa.Column(
                "temporary_password_issued_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True
            )
        )
    op.execute(
        "UPDATE user_account SET temporary_password_issued_at = created_at "
        "WHERE must_change_password"
    )


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("temporary_password_issued_at")
