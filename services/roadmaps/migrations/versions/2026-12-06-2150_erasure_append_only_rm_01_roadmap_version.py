"""roadmap_version: append-only except for the erasure of a person's name

Revision ID: erasure_append_only_rm_01
Revises: reads_freshness_rm_01
Create Date: 2026-12-06 21:50:00+00:00

The versions' triggers refused every UPDATE, so an account deletion (``kit.erasure``) could
never replace the author's name, or a responsible person's name in the content, and the
event was retried forever. Now an UPDATE passes only inside an erasure transaction (a row
of ``audit_erasure_permit``, as for the audit log), only when the roadmap, the number, the
kind, the time and the author's id and role stay as they were, and only when each text that
changes now holds the erasure label. DELETE is refused always. No row is rewritten here.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "erasure_append_only_rm_01"
down_revision: str | None = "reads_freshness_rm_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# kit.erasure.LABEL as of this revision (a later label needs a later migration).
LABEL = "Cuenta eliminada"
FIXED = ("roadmap_id", "version", "kind", "created_at", "author_sub", "author_role")
ERASABLE = ("content", "message", "justification", "author_name")
REFUSE = "roadmap_version is append-only"


def _sqlite_refused() -> str:
    """When SQLite refuses an UPDATE: no permit, a fixed column changed, or a text changed
    without becoming the label."""
    changed = [f"NEW.{c} IS NOT OLD.{c}" for c in FIXED]
    rewritten = [
        f"(NEW.{c} IS NOT OLD.{c} AND coalesce(instr(NEW.{c}, '{LABEL}'), 0) = 0)" for c in ERASABLE
    ]
    return " OR ".join(["NOT EXISTS (SELECT 1 FROM audit_erasure_permit)", *changed, *rewritten])


def _postgresql_erasure() -> str:
    """When PostgreSQL lets an UPDATE through: the negation of the SQLite condition."""
    kept = [f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in FIXED]
    erased = [
        f"(NEW.{c}::text IS NOT DISTINCT FROM OLD.{c}::text "
        f"OR coalesce(strpos(NEW.{c}::text, '{LABEL}'), 0) > 0)"
        for c in ERASABLE
    ]
    return " AND ".join(["EXISTS (SELECT 1 FROM audit_erasure_permit)", *kept, *erased])


def _function(body: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION roadmap_version_append_only() RETURNS trigger AS $$ "
        f"BEGIN {body}RAISE EXCEPTION '{REFUSE}'; END; $$ LANGUAGE plpgsql"
    )


def _sqlite_update_trigger(when: str) -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS roadmap_version_no_update",
        f"CREATE TRIGGER roadmap_version_no_update BEFORE UPDATE ON roadmap_version {when}"
        f"BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        statements = _sqlite_update_trigger(f"WHEN {_sqlite_refused()} ")
    else:
        erasure = f"IF TG_OP = 'UPDATE' AND {_postgresql_erasure()} THEN RETURN NEW; END IF; "
        statements = [_function(erasure)]
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    """Back to refusing every UPDATE (revision 2802731e29a7)."""
    if op.get_bind().dialect.name == "sqlite":
        statements = _sqlite_update_trigger("")
    else:
        statements = [_function("")]
    for statement in statements:
        op.execute(statement)
