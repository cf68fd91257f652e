"""TOTP secrets are stored sealed: room for the Fernet token

Revision ID: 7c2e5d1a9b40
Revises: 31b06754b722
Create Date: 2026-11-21 19:00:00+00:00

Secrets already stored in clear keep working and are sealed at their next successful use
(gateway/accounts/totp.py); this revision only widens the columns.
"""

from collections.abc import Sequence

import sqlmodel
from alembic import op

revision: str = "7c2e5d1a9b40"
down_revision: str | None = "31b06754b722"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("mfa_secret", "mfa_pending_secret")


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        for column in COLUMNS:
            batch_op.alter_column(
                column,
                existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
                type_=sqlmodel.sql.sqltypes.AutoString(length=255),
                existing_nullable=True,
            )


def downgrade() -> None:
    # Sealed secrets do not fit the old width: going back needs MFA enrolled again.
    op.execute("UPDATE user_account SET mfa_pending_secret = NULL")
    op.execute(
        "UPDATE user_account SET mfa_secret = NULL, mfa_enabled_at = NULL "
        "WHERE mfa_secret LIKE 'enc1:%'"
    )
    with op.batch_alter_table("user_account") as batch_op:
        for column in COLUMNS:
            batch_op.alter_column(
                column,
                existing_type=sqlmodel.sql.sqltypes.AutoString(length=255),
                type_=sqlmodel.sql.sqltypes.AutoString(length=64),
                existing_nullable=True,
            )
