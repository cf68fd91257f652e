"""progress_comments_01: published_commitment and commitment_comment, public comments on a
published commitment's progress (answered through ``response``, subject type "progress")

Revision ID: progress_comments_01
Revises: demo_cycle_co_01
Create Date: 2026-12-04 20:00:00+00:00

Commitments published before this revision arrive again only if roadmaps republishes them;
until then they are not open for comments (nothing is lost: no comment existed).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "progress_comments_01"
down_revision: str | None = "demo_cycle_co_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AutoString = sqlmodel.sql.sqltypes.AutoString
UTCDateTime = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "published_commitment",
        sa.Column("commitment_id", AutoString(length=64), nullable=False),
        sa.Column("plan_code", AutoString(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", AutoString(length=300), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=False),
        sa.Column("comments_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("commitment_id"),
    )
    with op.batch_alter_table("published_commitment") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_published_commitment_plan_code"), ["plan_code"], unique=False
        )
    op.create_table(
        "commitment_comment",
        sa.Column("id", AutoString(length=32), nullable=False),
        sa.Column("commitment_id", AutoString(length=64), nullable=False),
        sa.Column("process_id", AutoString(length=32), nullable=False),
        sa.Column("author_id", AutoString(length=80), nullable=True),
        sa.Column("author_name", AutoString(length=120), nullable=True),
        sa.Column("body", AutoString(length=4000), nullable=False),
        sa.Column("status", AutoString(length=12), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["published_commitment.commitment_id"]),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("commitment_comment") as batch_op:
        for column in ("commitment_id", "process_id", "author_id"):
            batch_op.create_index(
                batch_op.f(f"ix_commitment_comment_{column}"), [column], unique=False
            )


def downgrade() -> None:
    with op.batch_alter_table("commitment_comment") as batch_op:
        for column in ("commitment_id", "process_id", "author_id"):
            batch_op.drop_index(batch_op.f(f"ix_commitment_comment_{column}"))
    op.drop_table("commitment_comment")
    with op.batch_alter_table("published_commitment") as batch_op:
        batch_op.drop_index(batch_op.f("ix_published_commitment_plan_code"))
    op.drop_table("published_commitment")
