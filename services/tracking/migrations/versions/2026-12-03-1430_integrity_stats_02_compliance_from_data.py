"""compliance from data: contribution tallies, days the public data changed, minutes links

Revision ID: integrity_stats_02
Revises: 9f7518f7763d
Create Date: 2026-12-03 14:30:00+00:00

``public_data_change`` is backfilled with the days already known to have changed the
plan's public data: every published progress update, every meeting received and the
plan's last recorded change. ``compliance_input.contributions_*`` stay as they were
(no longer read: the consultation's own tally replaces them).
"""

from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "integrity_stats_02"
down_revision: str | None = "integrity_tr_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KNOWN_CHANGES = (
    "SELECT plan_code, published_at AS at FROM progress_update WHERE published_at IS NOT NULL",
    "SELECT plan_code, received_at AS at FROM meeting",
    "SELECT plan_code, changed_at AS at FROM plan_state WHERE plan_code <> '*'",
)


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "contribution_tally",
        sa.Column("plan_code", text(length=40), nullable=False),
        sa.Column("process_id", text(length=32), nullable=False),
        sa.Column("contributions", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("by_kind", sa.JSON(), nullable=True),
        sa.Column("computed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("event_id", text(length=64), nullable=False),
        sa.PrimaryKeyConstraint("plan_code"),
    )
    op.create_table(
        "public_data_change",
        sa.Column("plan_code", text(length=40), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("plan_code", "changed_on"),
    )
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.add_column(sa.Column("minutes_url", text(length=500), nullable=True))
    bind = op.get_bind()
    days = set()
    for query in KNOWN_CHANGES:
        for plan_code, at in bind.execute(sa.text(query)):
            if at is not None:  # a datetime, or its ISO text on SQLite (UTC either way)
                day = at.date() if isinstance(at, datetime) else date.fromisoformat(str(at)[:10])
                days.add((plan_code, day))
    table = sa.table(
        "public_data_change", sa.column("plan_code", sa.String), sa.column("changed_on", sa.Date)
    )
    if days:
        op.bulk_insert(table, [{"plan_code": p, "changed_on": d} for p, d in sorted(days)])


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_column("minutes_url")
    op.drop_table("public_data_change")
    op.drop_table("contribution_tally")
