"""Fault tests need PostgreSQL (the production database) and real processes."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import PG_URL, Databases

NEEDS_PG = "needs PostgreSQL: set TEST_DATABASE_URL (CI does, in .ci/run)"


@pytest.fixture
async def pg_databases(tmp_path: Path) -> AsyncIterator[Databases]:
    """Uniquely named PostgreSQL databases for this test, dropped at the end."""
    if not PG_URL:
        pytest.skip(NEEDS_PG)
    dbs = Databases("postgresql", tmp_path)
    try:
        yield dbs
    finally:
        await dbs.drop_all()
