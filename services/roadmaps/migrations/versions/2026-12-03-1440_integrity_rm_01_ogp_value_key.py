"""integrity_rm_01: one key per OGP value, ``technology_and_innovation`` (as in tracking)

Stored commitments carry over: the legacy key ``technology_innovation`` in
``commitment.ogp_values`` (a JSON object: value key → relevance text) is rewritten to the
current one, its text kept. No other roadmaps column stores OGP value keys.

Revision ID: integrity_rm_01
Revises: 2802731e29a7
Create Date: 2026-12-03 14:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "integrity_rm_01"
down_revision: str | None = "2802731e29a7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

commitment = sa.table("commitment", sa.column("id", sa.String), sa.column("ogp_values", sa.JSON))


def _rename(old: str, new: str) -> None:
    bind = op.get_bind()
    for row in bind.execute(sa.select(commitment.c.id, commitment.c.ogp_values)).all():
        values = row.ogp_values or {}
        if old not in values:
            continue
        renamed = {new if key == old else key: text for key, text in values.items()}
        if new in values:  # both present: the current key's text wins
            renamed[new] = values[new]
        bind.execute(
            commitment.update().where(commitment.c.id == row.id).values(ogp_values=renamed)
        )


def upgrade() -> None:
    _rename("technology_innovation", "technology_and_innovation")


def downgrade() -> None:
    _rename("technology_and_innovation", "technology_innovation")
