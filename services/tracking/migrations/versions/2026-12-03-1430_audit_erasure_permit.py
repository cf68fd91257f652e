"""audit_erasure_permit: the one sanctioned rewrite of the audit log (account erasure)

Revision ID: sec_public_tr_01
Revises: 9f7518f7763d
Create Date: 2026-12-03 14:30:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from kit.migrations import add_audit_erasure_permit, drop_audit_erasure_permit

revision: str = "sec_public_tr_01"
down_revision: str | None = "mail_tr_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_audit_erasure_permit(op)


def downgrade() -> None:
    drop_audit_erasure_permit(op)
