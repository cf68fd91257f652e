"""No lost updates: versions travel as ETags and every edit is one compare-and-swap.

An edit names the version it started from (``If-Match``); the database applies it only if
that is still the current version, in a single ``UPDATE … WHERE id = … AND version = …``.
A read-then-write check would let two concurrent editors both pass.
"""

import re
from typing import Any

from sqlalchemy import update
from sqlmodel.ext.asyncio.session import AsyncSession

from kit.errors import PreconditionFailed, PreconditionRequired

_STRONG_ETAG = re.compile(r'^"(\d{1,9})"$')
NEVER_MATCHES = -1


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None) -> int:
    """The version an ``If-Match`` header names; ``NEVER_MATCHES`` if it names none.

    A missing header (or ``*``, which would skip the check) is a 428. A weak or malformed
    tag cannot equal a strong ETag, so it fails like a stale one: a 412 with the current
    version.
    """
    value = (if_match or "").strip()
    if not value or value == "*":
        raise PreconditionRequired(
            details={"header": "If-Match", "hint": "Envía la ETag que recibiste al leer."}
        )
    match = _STRONG_ETAG.match(value)
    return int(match.group(1)) if match else NEVER_MATCHES


async def compare_and_swap(
    session: AsyncSession,
    model: Any,
    key: Any,
    expected: int,
    values: dict[str, Any],
    *,
    also: dict[str, Any] | None = None,
    bump: bool = True,
) -> bool:
    """Apply ``values`` (and bump the version) only if ``model.version`` is still
    ``expected`` and the columns in ``also`` still hold those values; False otherwise."""
    table = model.__table__
    key_column = next(iter(table.primary_key.columns))
    conditions = [key_column == key, table.c.version == expected]
    conditions += [table.c[name] == value for name, value in (also or {}).items()]
    if bump:
        values = values | {"version": expected + 1}
    result = await session.execute(update(table).where(*conditions).values(**values))
    return result.rowcount == 1


def stale(current_version: int, current: Any) -> PreconditionFailed:
    """The 412 a client can merge from: the current version and its content."""
    return PreconditionFailed(
        details={
            "current_version": current_version,
            "etag": etag(current_version),
            "current": current,
        },
        headers={"ETag": etag(current_version)},
    )
