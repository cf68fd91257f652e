"""outbox_event.failed_at: deliveries that gave up are recorded, not retried forever

Revision ID: mail_rm_01
Revises: 2802731e29a7
Create Date: 2026-12-03 14:00:00+00:00

A nullable column: every existing row carries over unchanged (still pending or delivered).
"""

from collections.abc import Sequence

from kit.migrations import add_outbox_failed_at, drop_outbox_failed_at

revision: str = "mail_rm_01"
down_revision: str | None = "integrity_stats_03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_failed_at()


def downgrade() -> None:
    drop_outbox_failed_at()
