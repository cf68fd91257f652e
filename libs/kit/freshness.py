"""Data versions that no write path can forget: a counter per scope, bumped by the ORM.

A service declares which tables feed which cached read (``scopes``: scope name → models).
SQLAlchemy session events then bump the scope's row in ``data_version`` in the SAME
transaction as any insert, update or delete of a watched row: unit-of-work flushes
(``before_flush`` notes what ``session.new``/``dirty``/``deleted`` touch, with
``session.is_modified`` so a no-op assignment counts nothing; ``after_flush_postexec``
writes) and statements run through ``session.execute`` (``do_orm_execute``: ORM-enabled or
Core ``insert``/``update``/``delete`` of a watched table). A read keyed by the version
therefore never outlives the data it was built from.

Only raw SQL (``text()``, ``exec_driver_sql``, ``Database.single_statement``) escapes the
events; such a write calls ``bump`` itself.

``DataVersions.get`` remembers a scope's version for ``ttl`` seconds; this process's own
commits forget the scopes they bumped (the session's ``after_commit`` event, so a commit
outside ``Database.transaction`` counts too), so a write is read back at once here and
within ``ttl`` on another replica. Read the version BEFORE the data,
in the same transaction or an earlier one: a key is then never newer than its body.
"""

import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, event, select
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.session import ORMExecuteState

INFO_KEY = "data_versions"  # session.info: the DataVersions watching this database
PENDING = "data_versions_pending"  # scopes a flush is about to change
BUMPED = "data_versions_bumped"  # scopes bumped in the current transaction


def install_data_version_table(metadata: MetaData) -> Table:
    """``data_version(scope, version, changed_at)`` on a service's metadata."""
    return Table(
        "data_version",
        metadata,
        Column("scope", String(40), primary_key=True),
        Column("version", Integer, nullable=False),
        Column("changed_at", DateTime(timezone=True), nullable=False),
    )


def _upsert_statement(dialect: str, table: Table, scope: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    now = datetime.now(UTC)
    stmt = insert(table).values(scope=scope, version=1, changed_at=now)
    return stmt.on_conflict_do_update(
        index_elements=["scope"], set_={"version": table.c.version + 1, "changed_at": now}
    )


def _table_name(target: Any) -> str | None:
    return getattr(target, "name", None)


class DataVersions:
    """The scopes of one service and the memo of their current versions."""

    def __init__(self, table: Table, scopes: Mapping[str, Iterable[Any]], ttl: float) -> None:
        self.table = table
        self.ttl = ttl
        self.scopes = {name: frozenset(_tables_of(models)) for name, models in scopes.items()}
        self.watching: dict[str, set[str]] = {}
        for scope, tables in self.scopes.items():
            for name in tables:
                self.watching.setdefault(name, set()).add(scope)
        self._seen: dict[str, tuple[int, float]] = {}
        self._forgotten = 0  # invalidations so far: a read racing one keeps nothing

    def install(self, db: Any) -> None:
        """Watch the sessions of ``db`` (a ``kit.db.Database``)."""
        _listen_once()
        db.info[INFO_KEY] = self

    def scopes_of(self, table_name: str | None) -> set[str]:
        return self.watching.get(table_name or "", set())

    def bump(self, session: Session, scopes: Iterable[str]) -> None:
        """One more change to each of ``scopes``, in ``session``'s transaction (sync: call
        it from an event or through ``AsyncSession.run_sync``)."""
        done = session.info.setdefault(BUMPED, set())
        connection = session.connection()
        for scope in sorted(set(scopes) - done):
            connection.execute(_upsert_statement(connection.dialect.name, self.table, scope))
            done.add(scope)

    async def current(self, session: Any, scope: str) -> int:
        query = select(self.table.c.version).where(self.table.c.scope == scope)
        return int((await session.execute(query)).scalar_one_or_none() or 0)

    async def get(self, session: Any, scope: str) -> int:
        held = self._seen.get(scope)
        now = time.monotonic()
        if held is not None and now - held[1] < self.ttl:
            return held[0]
        forgotten = self._forgotten
        version = await self.current(session, scope)
        if forgotten == self._forgotten:  # no commit of ours landed while we read
            self._seen[scope] = (version, now)
        return version

    def forget(self, scopes: Iterable[str]) -> None:
        self._forgotten += 1
        for scope in scopes:
            self._seen.pop(scope, None)


def _tables_of(models: Iterable[Any]) -> Iterable[str]:
    for model in models:
        table = getattr(model, "__table__", model)
        yield table.name


def _watcher(session: Session) -> DataVersions | None:
    return session.info.get(INFO_KEY)


def _before_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    versions = _watcher(session)
    if versions is None:
        return
    scopes: set[str] = set()
    for obj in (*session.new, *session.deleted):
        scopes |= versions.scopes_of(_table_name(getattr(obj, "__table__", None)))
    for obj in session.dirty:
        if session.is_modified(obj):
            scopes |= versions.scopes_of(_table_name(getattr(obj, "__table__", None)))
    if scopes:
        session.info.setdefault(PENDING, set()).update(scopes)


def _after_flush_postexec(session: Session, _flush: UOWTransaction) -> None:
    versions = _watcher(session)
    pending = session.info.pop(PENDING, None)
    if versions is not None and pending:
        versions.bump(session, pending)


def _do_orm_execute(state: ORMExecuteState) -> None:
    versions = _watcher(state.session)
    if versions is None or not (state.is_insert or state.is_update or state.is_delete):
        return
    scopes = versions.scopes_of(_table_name(getattr(state.statement, "table", None)))
    if scopes:
        versions.bump(state.session, scopes)


def _after_commit(session: Session) -> None:
    versions = _watcher(session)
    bumped = session.info.pop(BUMPED, None)
    if versions is not None and bumped:
        versions.forget(bumped)


def _after_rollback(session: Session) -> None:
    # What this transaction bumped is gone with it; a retry in the session bumps again.
    session.info.pop(BUMPED, None)
    session.info.pop(PENDING, None)


_listening = False


def _listen_once() -> None:
    """Session-class listeners, shared by every service in the process; a session acts
    only when its ``info`` names a ``DataVersions``."""
    global _listening
    if _listening:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush_postexec", _after_flush_postexec)
    event.listen(Session, "do_orm_execute", _do_orm_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
    _listening = True
