"""Async database access: one engine per process, one transaction per request.

SQLite (the embedded default) runs in WAL mode and opens write transactions with
``BEGIN IMMEDIATE`` so concurrent writers queue on the lock instead of failing half-way
with "database is locked" at commit; read-only requests use a plain deferred ``BEGIN``.
PostgreSQL goes through asyncpg.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import asyncpg
import orjson
from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Connect arguments SQLAlchemy's asyncpg adapter consumes itself (not asyncpg's).
_ADAPTER_ONLY = ("prepared_statement_cache_size", "prepared_statement_name_func", "async_fallback")


def normalize_url(url: str) -> str:
    """Accept the plain URLs operators write and pick the async driver."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://") and not url.startswith("sqlite+aiosqlite://"):
        return "sqlite+aiosqlite://" + url.split("://", 1)[1]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(normalize_url(url)).get_backend_name() == "sqlite"


def _install_sqlite_behaviour(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (pysqlite would otherwise defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("cocrea_read_only"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """Engine plus session factories for one service database."""

    @classmethod
    def from_settings(cls, settings: Any, *, info: dict[str, Any] | None = None) -> "Database":
        """The process's database with the pool sizes of its settings (``KitSettings``)."""
        return cls(
            settings.database_url,
            info=info,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            statement_pool_size=settings.database_statement_pool_size,
        )

    def __init__(
        self,
        url: str,
        *,
        info: dict[str, Any] | None = None,
        echo: bool = False,
        pool_size: int = 20,
        max_overflow: int = 0,
        statement_pool_size: int = 16,
    ):
        self.url = normalize_url(url)
        self.sqlite = is_sqlite(self.url)
        # A failed statement's parameters (password hashes, e-mails) stay out of errors/logs.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.sqlite:
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs.update(pool_size=pool_size, max_overflow=max_overflow, pool_recycle=1800)
            # JSON columns decoded by orjson (asyncpg's codec calls this for every value).
            kwargs["json_deserializer"] = orjson.loads
        self.engine = create_async_engine(self.url, **kwargs)
        if self.sqlite:
            _install_sqlite_behaviour(self.engine)
        self.info = info or {}
        self._writer = async_sessionmaker(
            self.engine, class_=AsyncSession, expire_on_commit=False, info=self.info
        )
        # Reads on PostgreSQL run in autocommit: under READ COMMITTED every statement takes
        # its own snapshot anyway, so BEGIN and COMMIT were two round trips that bought
        # nothing. SQLite keeps its BEGIN (one WAL snapshot for the whole read).
        reading = {"cocrea_read_only": True}
        if not self.sqlite:
            reading["isolation_level"] = "AUTOCOMMIT"
        self._reader = async_sessionmaker(
            self.engine.execution_options(**reading),
            class_=AsyncSession,
            expire_on_commit=False,
            info=self.info,
        )
        self.after_commit_hooks: list[Any] = []
        # For hot paths whose work is ONE statement (atomic by itself, so autocommit): a
        # small pool of plain asyncpg connections, without the ORM's pool, greenlet hop and
        # BEGIN/COMMIT round trips. PostgreSQL only; opened on first use.
        self.statement_pool_size = statement_pool_size
        self._statement_pool: asyncpg.Pool | None = None
        self._statement_pool_lock = asyncio.Lock()

    @asynccontextmanager
    async def transaction(self, *, read_only: bool = False) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed once at the end, or rolled back on error."""
        maker = self._reader if read_only else self._writer
        async with maker() as session:
            try:
                yield session
                if _has_work(session):
                    await session.commit()
            except BaseException:
                await session.rollback()
                raise
        if not read_only:
            for hook in self.after_commit_hooks:
                hook(session)

    @asynccontextmanager
    async def single_statement(self) -> AsyncIterator[asyncpg.Connection]:
        """An asyncpg connection outside any transaction, for work that is exactly one SQL
        statement (``$1``-style parameters; asyncpg prepares and caches it)."""
        pool = self._statement_pool or await self._open_statement_pool()
        async with pool.acquire() as connection:
            yield connection

    async def _open_statement_pool(self) -> asyncpg.Pool:
        if self.sqlite:
            raise RuntimeError("single-statement connections need PostgreSQL")
        async with self._statement_pool_lock:
            if self._statement_pool is None:
                _args, kwargs = self.engine.dialect.create_connect_args(make_url(self.url))
                for key in _ADAPTER_ONLY:
                    kwargs.pop(key, None)
                if "application_name" in kwargs:
                    kwargs["server_settings"] = {"application_name": kwargs.pop("application_name")}
                self._statement_pool = await asyncpg.create_pool(
                    min_size=1, max_size=self.statement_pool_size, **kwargs
                )
        return self._statement_pool

    async def dispose(self) -> None:
        if self._statement_pool is not None:
            await self._statement_pool.close()
            self._statement_pool = None
        await self.engine.dispose()


def _has_work(session: AsyncSession) -> bool:
    """Whether ``commit`` has anything to do: a transaction begun, or objects not flushed. A
    read answered from a cache never touched the database, and its empty commit (a new
    session transaction and its events) was a tenth of such a request's time."""
    return session.in_transaction() or bool(session.new or session.dirty or session.deleted)


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    db: Database = request.app.state.db
    async with db.transaction(read_only=request.method in READ_ONLY_METHODS) as session:
        yield session


# scope="function": the commit happens when the handler returns, before the response is
# sent, so a failed commit becomes an error answer instead of a 2xx for lost work.
SessionDep = Annotated[AsyncSession, Depends(_request_session, scope="function")]


async def insert_ignore(
    session: AsyncSession, table: Any, values: dict[str, Any], key: list[str]
) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING``: True when the row was new.

    One atomic statement, so uniqueness is decided by the database and never by a
    read-then-write check that two concurrent requests could both pass.
    """
    if session.bind.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    pk = [table.c[name] for name in key]
    stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=key).returning(*pk)
    result = await session.execute(stmt)
    return result.first() is not None
