"""participation: what each person declared when they took part, for the statistics

Revision ID: integrity_stats_01
Revises: 6258cd5742ab
Create Date: 2026-12-03 14:10:00+00:00

Backfill: every person who voted or proposed online in a process (the earliest of their
votes and topics is when they took part) with the demographics they hold now (the best
record there is of what they had declared), and one person per paper questionnaire that
was not withdrawn, exactly as the statistics counted them before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "integrity_stats_01"
down_revision: str | None = "integrity_co_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "process_id, person_key, channel, state_code, gender, age_band, sector, recorded_at"
ONLINE = f"""
INSERT INTO participation ({COLUMNS})
SELECT p.process_id, p.person, 'online', d.state_code, d.gender, d.age_band, d.sector, p.first_at
FROM (
  SELECT process_id, person, MIN(took_part_at) AS first_at FROM (
    SELECT process_id, voter_key AS person, created_at AS took_part_at FROM vote
    UNION ALL
    SELECT process_id, author_key, created_at FROM topic
    WHERE author_key IS NOT NULL AND channel <> 'territorial'
  ) AS contributions
  GROUP BY process_id, person
) AS p
LEFT JOIN (
  SELECT voter_key, MIN(state_code) AS state_code, MIN(gender) AS gender,
         MIN(age_band) AS age_band, MIN(sector) AS sector
  FROM demographics GROUP BY voter_key
) AS d ON d.voter_key = p.person
"""  # noqa: S608 (constant SQL)
PAPER = f"""
INSERT INTO participation ({COLUMNS})
SELECT process_id, 'paper:' || id, 'territorial', NULL, NULL, NULL, NULL, created_at
FROM topic WHERE channel = 'territorial' AND status <> 'withdrawn'
"""  # noqa: S608 (constant SQL)


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "participation",
        sa.Column("process_id", text(length=32), nullable=False),
        sa.Column("person_key", text(length=128), nullable=False),
        sa.Column("channel", text(length=12), nullable=False),
        sa.Column("state_code", text(length=2), nullable=True),
        sa.Column("gender", text(length=20), nullable=True),
        sa.Column("age_band", text(length=10), nullable=True),
        sa.Column("sector", text(length=20), nullable=True),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"]),
        sa.PrimaryKeyConstraint("process_id", "person_key"),
    )
    op.execute(ONLINE)
    op.execute(PAPER)


def downgrade() -> None:
    op.drop_table("participation")
