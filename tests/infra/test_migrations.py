"""Every database's Alembic history builds exactly the tables its models describe, on SQLite
and on PostgreSQL, and the latest revisions go down and up again."""

import asyncio

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from kit.db import normalize_url
from kit.migrations import alembic_config
from tests.conftest import ROOT, migrate


def _metadata(service: str):
    if service == "gateway":
        from gateway.models import GatewayModel

        return GatewayModel.metadata
    if service == "consultation":
        from consultation.db import import_models

        return import_models()
    if service == "roadmaps":
        from roadmaps.db import import_models

        return import_models()
    from tracking.db import import_models

    return import_models()


def _expression_index(op: object) -> bool:
    """Alembic cannot compare indexes on expressions such as ``votes_count DESC`` (it
    reports them as dropped and added again); those are checked by name below."""
    if not (isinstance(op, tuple) and op[0] in ("add_index", "remove_index")):
        return False
    return op[1].name in ("ix_topic_ranking", "ix_topic_recent")


async def _differences(url: str, service: str) -> tuple[list, set[str]]:
    engine = create_async_engine(normalize_url(url))
    try:
        async with engine.connect() as conn:

            def compare(sync_conn):
                context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
                diff = compare_metadata(context, _metadata(service))
                if service != "consultation":
                    return diff, set()
                indexes = sync_conn.dialect.get_indexes(sync_conn, "topic")
                return diff, {index["name"] for index in indexes}

            return await conn.run_sync(compare)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("service", ["gateway", "consultation", "roadmaps", "tracking"])
async def test_migrations_match_the_models(databases, service):
    url = await databases.new(service)
    await migrate(service, url)
    diff, topic_indexes = await _differences(url, service)
    assert [op for op in diff if not _expression_index(op)] == []
    if service == "consultation":
        assert {"ix_topic_ranking", "ix_topic_recent"} <= topic_indexes


async def test_the_latest_gateway_revisions_go_down_and_up(databases):
    url = await databases.new("gateway")
    await migrate("gateway", url)
    config = alembic_config(ROOT / "gateway", url)
    await asyncio.to_thread(command.downgrade, config, "-2")
    await asyncio.to_thread(command.upgrade, config, "head")
    diff, _ = await _differences(url, "gateway")
    assert diff == []
