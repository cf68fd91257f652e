"""The session dependency commits once per request, and a failed commit is never a 2xx."""

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from kit import audit
from kit.db import Database, SessionDep, insert_ignore
from kit.errors import install_error_handlers
from kit.tables import append_only_ddl, install_kit_tables
from kit.tokens import Principal

metadata = MetaData()
kit_tables = install_kit_tables(metadata)
item = Table(
    "item",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50), nullable=False),
    UniqueConstraint("name"),
)
# A deferred foreign key is only checked at COMMIT: the way to make a commit itself fail.
child = Table(
    "child",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("item.id", deferrable=True, initially="DEFERRED")),
)


@pytest.fixture
async def db(databases):
    database = Database(await databases.new("kit"), info={"kit": kit_tables})
    async with database.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        for statement in append_only_ddl(conn.dialect.name):
            await conn.execute(text(statement))
    yield database
    await database.dispose()


def _app(db: Database) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.state.db = db

    @app.post("/items/{name}", status_code=201)
    async def create(name: str, session: SessionDep) -> dict:
        await session.execute(insert(item).values(name=name))
        return {"name": name}

    @app.post("/orphans", status_code=201)
    async def orphan(session: SessionDep) -> dict:
        await session.execute(insert(child).values(item_id=999_999))
        return {"created": True}

    return app


async def test_commit_happens_before_the_response(db):
    transport = httpx.ASGITransport(app=_app(db), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        first = await c.post("/items/a")
        assert first.status_code == 201
        async with db.transaction(read_only=True) as session:
            rows = (await session.execute(select(item.c.name))).scalars().all()
        assert rows == ["a"]  # committed by the time the 201 arrived
        failed_commit = await c.post("/orphans")
    # The handler returned normally; only the COMMIT failed. The caller must not see a 201.
    assert failed_commit.status_code == 500
    assert failed_commit.json()["error"]["code"] == "internal_error"
    async with db.transaction(read_only=True) as session:
        assert (await session.execute(select(child.c.id))).first() is None


async def test_insert_ignore_is_atomic_under_concurrency(db):
    async def attempt() -> bool:
        async with db.transaction() as session:
            return await insert_ignore(session, item, {"name": "same"}, ["name"])

    results = await asyncio.gather(*(attempt() for _ in range(20)))
    assert results.count(True) == 1
    async with db.transaction(read_only=True) as session:
        count = (await session.execute(select(item.c.id))).all()
    assert len(count) == 1


async def test_rolled_back_work_leaves_nothing(db):
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await session.execute(insert(item).values(name="ghost"))
            raise RuntimeError("boom")
    async with db.transaction(read_only=True) as session:
        assert (await session.execute(select(item.c.id))).first() is None


async def test_audit_log_is_append_only(db):
    actor = Principal(sub="u1", role="committee")
    async with db.transaction() as session:
        await audit.record(
            session,
            actor,
            "thing.changed",
            "thing",
            "7",
            before={"a": 1},
            after={"a": 2},
            reason="porque sí",
        )
    async with db.transaction(read_only=True) as session:
        entries = await audit.history(session, "thing", "7")
    assert len(entries) == 1
    entry = entries[0]
    assert (entry["actor_sub"], entry["actor_role"], entry["action"]) == (
        "u1",
        "committee",
        "thing.changed",
    )
    assert entry["before"] == {"a": 1} and entry["after"] == {"a": 2}
    for statement in ("UPDATE audit_entry SET action = 'x'", "DELETE FROM audit_entry"):
        with pytest.raises((IntegrityError, DBAPIError)):
            async with db.transaction() as session:
                await session.execute(text(statement))
    async with db.transaction(read_only=True) as session:
        assert len(await audit.history(session, "thing", "7")) == 1


async def test_sqlite_runs_in_wal_mode(db):
    if not db.sqlite:
        pytest.skip("SQLite only")
    async with db.transaction(read_only=True) as session:
        mode = (await session.execute(text("PRAGMA journal_mode"))).scalar_one()
    assert mode.lower() == "wal"


async def test_single_statement_pool_is_bounded_and_autocommits(databases, db_backend):
    from kit.settings import KitSettings

    url = await databases.new("kit")
    settings = KitSettings(environment="test", database_url=url, database_statement_pool_size=2)
    database = Database.from_settings(settings, info={"kit": kit_tables})
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        if db_backend == "sqlite":
            with pytest.raises(RuntimeError, match="need PostgreSQL"):
                async with database.single_statement():
                    pass
            return
        held = asyncio.Event()

        async def one(n: int) -> None:
            async with database.single_statement() as conn:
                await conn.execute("INSERT INTO item (id, name) VALUES ($1, $2)", n, f"i{n}")
                await held.wait()

        tasks = [asyncio.create_task(one(n)) for n in range(3)]
        await asyncio.sleep(0.3)
        pool = database._statement_pool
        # Two connections in use, the third caller waits for one instead of opening more.
        assert pool.get_size() == 2 and pool.get_idle_size() == 0
        assert sum(t.done() for t in tasks) == 0
        # Each statement committed on its own: visible from another connection already.
        async with database.transaction(read_only=True) as session:
            assert sorted((await session.execute(select(item.c.id))).scalars()) == [0, 1]
        held.set()
        await asyncio.gather(*tasks)
    finally:
        await database.dispose()
    assert database._statement_pool is None
