"""The roadmap versions' erasure-aware trigger (revision erasure_append_only_rm_01) keeps
the versions already stored, lets the erasure rewrite them, and its downgrade refuses every
UPDATE again (SQLite and PostgreSQL)."""

import asyncio

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

from kit.db import normalize_url
from kit.migrations import alembic_config
from tests.conftest import ROOT, migrate
from tests.infra.test_migrations_carry_over import _insert, _rows, _upgrade_to

ERASE = "UPDATE roadmap_version SET author_name = 'Cuenta eliminada' WHERE version = 1"


async def _erase(url: str) -> None:
    """The erasure's UPDATE inside a transaction holding the permit, as kit.erasure does."""
    engine = create_async_engine(normalize_url(url))
    try:
        async with engine.begin() as conn:
            await conn.execute(sa.text("INSERT INTO audit_erasure_permit (token) VALUES ('t')"))
            await conn.execute(sa.text(ERASE))
            await conn.execute(sa.text("DELETE FROM audit_erasure_permit"))
    finally:
        await engine.dispose()


async def test_stored_versions_carry_over_and_only_the_new_trigger_lets_the_erasure_in(databases):
    url = await databases.new("roadmaps")
    await _upgrade_to("roadmaps", url, "reads_freshness_rm_01")
    await _insert(url, "commitment", {"id": "c1", "plan_code": "MX-4PA", "number": 1, "slug": "a"})
    await _insert(url, "roadmap", {"id": "r1", "commitment_id": "c1"})
    content = {"final_result": "Tablero público."}
    await _insert(
        url,
        "roadmap_version",
        {"roadmap_id": "r1", "version": 1, "content": content, "author_name": "Ana López"},
    )
    with pytest.raises(DBAPIError, match="roadmap_version is append-only"):
        await _erase(url)

    await migrate("roadmaps", url)
    await _erase(url)
    erased = await _rows(url, "SELECT version, author_name, message FROM roadmap_version")

    config = alembic_config(ROOT / "services" / "roadmaps", url)
    await asyncio.to_thread(command.downgrade, config, "-1")
    with pytest.raises(DBAPIError, match="roadmap_version is append-only"):
        await _erase(url)
    assert erased == [(1, "Cuenta eliminada", "x")]
