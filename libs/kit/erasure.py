"""A person's data in a service database: the export, and the erasure that rewrites every
row that mentions them.

A row mentions a person when any of its text or JSON columns contains their account id or
their e-mail address. In such a row, each of the person's names and e-mail addresses is
replaced by a neutral label (inside JSON too, at any depth); ids stay, as the opaque
pseudonyms they are, so counts and history keep adding up. Tables append-only at the
database (the audit log; a service's own history, marked ``info={"append_only": True}``)
have one sanctioned rewrite, this one: a permit row inserted in the same transaction lets
their triggers accept UPDATE (never DELETE) until it is removed again; each table's
trigger may check more (roadmaps' versions: only names, only to the label).
Deletions are rare, so a scan of every text column of the service's tables is acceptable.
"""

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, String, Table, Text, cast, delete, insert, or_, select, update
from sqlalchemy.types import TypeDecorator
from sqlmodel.ext.asyncio.session import AsyncSession

LABEL = "Cuenta eliminada"
PERMIT_TABLE = "audit_erasure_permit"


async def exported_rows(session: AsyncSession, query: Any) -> list[dict[str, Any]]:
    """The model rows of ``query`` as JSON-ready dicts (for a personal-data export)."""
    return [row.model_dump(mode="json") for row in (await session.execute(query)).scalars()]


async def export_document(
    session: AsyncSession, account_id: str, queries: dict[str, Any]
) -> dict[str, Any]:
    """``{account_id, exported_at, <section>: [rows]}``, one section per query."""
    document: dict[str, Any] = {
        "account_id": account_id,
        "exported_at": datetime.now(UTC).isoformat(),
    }
    for section, query in queries.items():
        document[section] = await exported_rows(session, query)
    return document


def text_columns(table: Table) -> list[Any]:
    """The columns that hold text or JSON, SQLModel's ``AutoString`` (a ``TypeDecorator``
    over ``String``) included: every ``str`` field of a model is one."""
    return [c for c in table.columns if isinstance(_stored_type(c.type), (String, Text, JSON))]


def _stored_type(kind: Any) -> Any:
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def _replace(value: Any, needles: list[str], label: str) -> Any:
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, label)
        return value
    if isinstance(value, list):
        return [_replace(v, needles, label) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, needles, label) for k, v in value.items()}
    return value


async def erase_person(
    session: AsyncSession,
    tables: Iterable[Table],
    *,
    account_id: str,
    names: Iterable[str] = (),
    emails: Iterable[str] = (),
    label: str = LABEL,
) -> int:
    """Rewrite every row of ``tables`` that mentions the person; returns the rows changed."""
    emails = sorted({e for e in emails if e})
    # Longest first, so "Ana López Ruiz" is replaced before "Ana López".
    needles = sorted({n for n in [*names, *emails] if n and n.strip()}, key=len, reverse=True)
    markers = [account_id, *emails]
    changed = 0
    permit = None
    for table in tables:
        columns = text_columns(table)
        keys = list(table.primary_key.columns)
        if not columns or not keys or table.name == PERMIT_TABLE:
            continue
        mentions = or_(
            *(cast(c, Text).contains(m, autoescape=True) for c in columns for m in markers)
        )
        rows = (await session.execute(select(*keys, *columns).where(mentions))).all()
        for row in rows:
            values = {c.name: row._mapping[c] for c in columns}
            scrubbed = {k: _replace(v, needles, label) for k, v in values.items()}
            scrubbed = {k: v for k, v in scrubbed.items() if v != values[k]}
            if not scrubbed:
                continue
            if table.info.get("append_only") and permit is None:
                permit = await _open_permit(session, table)
            where = [k == row._mapping[k] for k in keys]
            await session.execute(update(table).where(*where).values(**scrubbed))
            changed += 1
    if permit is not None:
        await session.execute(delete(permit[0]).where(permit[0].c.token == permit[1]))
    return changed


async def _open_permit(session: AsyncSession, table: Table) -> tuple[Table, str]:
    permit = table.metadata.tables[PERMIT_TABLE]
    token = uuid.uuid4().hex
    await session.execute(insert(permit).values(token=token))
    return permit, token
