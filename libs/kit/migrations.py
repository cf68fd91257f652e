"""Alembic glue shared by every service's ``migrations/env.py``."""

import asyncio
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from kit.db import normalize_url
from kit.tables import append_only_ddl, erasure_aware_ddl


def alembic_config(service_root: Path, url: str) -> Config:
    cfg = Config(str(service_root / "alembic.ini"))
    cfg.set_main_option("script_location", str(service_root / "migrations"))
    cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return cfg


def upgrade(service_root: Path, url: str, revision: str = "head") -> None:
    """``alembic upgrade head`` for one service database (call from sync code or a thread)."""
    command.upgrade(alembic_config(service_root, url), revision)


async def upgrade_async(service_root: Path, url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, service_root, url, revision)


def _run(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(metadata: MetaData) -> None:
    config = context.config
    section = config.get_section(config.config_ini_section, {})
    section["sqlalchemy.url"] = normalize_url(config.get_main_option("sqlalchemy.url"))
    engine = async_engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_run, metadata)
    await engine.dispose()


def run_env(metadata: MetaData) -> None:
    """Body of every ``env.py``: online migrations over the async driver."""
    if context.is_offline_mode():
        context.configure(
            url=context.config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_async(metadata))


def add_outbox_failed_at() -> None:
    """``outbox_event.failed_at`` (kit.tables), added by each service's own history."""
    import sqlalchemy as sa
    from alembic import op

    with op.batch_alter_table("outbox_event") as batch_op:
        batch_op.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))


def drop_outbox_failed_at() -> None:
    from alembic import op

    with op.batch_alter_table("outbox_event") as batch_op:
        batch_op.drop_column("failed_at")


def add_audit_erasure_permit(op: Any) -> None:
    """The body of each service's migration that allows the sanctioned audit rewrite."""
    import sqlalchemy as sa

    op.create_table(
        "audit_erasure_permit",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    for statement in erasure_aware_ddl(op.get_bind().dialect.name):
        op.execute(statement)


def drop_audit_erasure_permit(op: Any) -> None:
    """Back to the plain append-only triggers (``kit.tables.append_only_ddl``)."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
    for statement in append_only_ddl(dialect):
        if "no_update" in statement or statement.startswith("CREATE OR REPLACE FUNCTION"):
            op.execute(statement)
    op.drop_table("audit_erasure_permit")
