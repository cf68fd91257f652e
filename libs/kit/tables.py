"""The infrastructure tables every service database has: outbox, inbox and audit log.

They are SQLAlchemy Core tables attached to the service's own metadata, so each service's
Alembic history creates them in its own database.
"""

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)


@dataclass(frozen=True)
class KitTables:
    outbox: Table
    inbox: Table
    audit: Table


def install_kit_tables(metadata: MetaData) -> KitTables:
    outbox = Table(
        "outbox_event",
        metadata,
        Column("id", String(32), primary_key=True),  # one row per event and destination
        Column("event_id", String(32), nullable=False),
        Column("destination", String(300), nullable=False),
        Column("topic", String(120), nullable=False),
        Column("payload", JSON, nullable=False),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("available_at", DateTime(timezone=True), nullable=False),
        Column("claimed_until", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("delivered_at", DateTime(timezone=True), nullable=True),
        Column("last_error", Text, nullable=True),
        # Set when delivery gave up (a permanent refusal, or the channel's last attempt):
        # the relay skips the row until someone retries it (clears the column).
        Column("failed_at", DateTime(timezone=True), nullable=True),
        Column("request_id", String(64), nullable=True),
        Column("seq", BigInteger, nullable=False),
        Index("ix_outbox_event_pending", "delivered_at", "available_at", "seq"),
    )
    inbox = Table(
        "inbox_event",
        metadata,
        Column("event_id", String(32), primary_key=True),
        Column("topic", String(120), nullable=False),
        Column("source", String(60), nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False),
    )
    audit = Table(
        "audit_entry",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("actor_sub", String(80), nullable=True),
        Column("actor_role", String(30), nullable=True),
        Column("action", String(80), nullable=False),
        Column("entity_type", String(60), nullable=False),
        Column("entity_id", String(80), nullable=False),
        Column("before", JSON, nullable=True),
        Column("after", JSON, nullable=True),
        Column("reason", Text, nullable=True),
        Column("request_id", String(64), nullable=True),
        Index("ix_audit_entry_entity", "entity_type", "entity_id"),
        info={"append_only": True},  # kit.erasure rewrites it under a permit
    )
    # While a row is here (inside one erasure transaction, kit.erasure) the audit triggers
    # accept an UPDATE, and so do those of a service's append-only history that consult it
    # (roadmap_version, within narrower limits); DELETE is refused always.
    Table("audit_erasure_permit", metadata, Column("token", String(32), primary_key=True))
    return KitTables(outbox=outbox, inbox=inbox, audit=audit)


def erasure_aware_ddl(dialect: str) -> list[str]:
    """The append-only triggers again, letting an UPDATE through while an erasure permit
    exists (``kit.erasure``); run after :func:`append_only_ddl` by a later migration."""
    if dialect == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS audit_entry_no_update",
            "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
            "WHEN NOT EXISTS (SELECT 1 FROM audit_erasure_permit) "
            "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
        ]
    return [
        "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
        "BEGIN IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM audit_erasure_permit) "
        "THEN RETURN NEW; END IF; "
        "RAISE EXCEPTION 'audit_entry is append-only'; END; $$ LANGUAGE plpgsql",
    ]


def append_only_ddl(dialect: str) -> list[str]:
    """Triggers that make ``audit_entry`` refuse UPDATE and DELETE at the database."""
    if dialect == "sqlite":
        return [
            "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
            "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
            "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
            "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
        ]
    return [
        "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    ]
