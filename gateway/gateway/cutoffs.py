"""Access tokens that must stop working before they expire.

Access tokens live about ten minutes and are checked by signature alone. When an account
is deactivated, given another role, has its two-step verification reset, changes its
password or is deleted, or when an API client is revoked, the gateway records a cutoff for
that subject (``access_cutoff``): its tokens issued before it are refused by the proxy at
once, with 401 ``session_revoked``, instead of reaching the services until they expire.

Each gateway process keeps the cutoffs of the last token lifetime in memory: its own are
applied when their transaction commits, the other replicas' within
``GATEWAY_ACCESS_CUTOFF_POLL_SECONDS`` (one small query per poll). Tokens are ordered
against the cutoff by their ``iat_ms`` claim (a token without it, by ``iat`` rounded up:
one issued in the cutoff's own second is refused).
"""

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.models import AccessCutoff
from kit.db import Database
from kit.errors import Unauthorized
from kit.tokens import Principal

log = logging.getLogger("gateway.cutoffs")
PENDING = "access_cutoffs"


class SessionRevoked(Unauthorized):
    code = "session_revoked"
    message = "Tu sesión terminó (la cuenta cambió). Inicia sesión de nuevo."


async def record(session: AsyncSession, sub: str) -> None:
    """Tokens of ``sub`` issued until now stop working when this transaction commits."""
    at = datetime.now(UTC)
    await session.merge(AccessCutoff(sub=sub, cutoff_at=at))
    session.info.setdefault(PENDING, {})[sub] = at


class AccessCutoffs:
    def __init__(self, token_ttl_seconds: int, poll_seconds: float) -> None:
        self.window = timedelta(seconds=token_ttl_seconds + 60)
        self.poll_seconds = poll_seconds
        self._by_sub: dict[str, int] = {}  # sub -> cutoff in epoch milliseconds
        self._task: asyncio.Task | None = None

    def check(self, principal: Principal) -> None:
        cutoff = self._by_sub.get(principal.sub)
        if cutoff is None:
            return
        issued = principal.claims.get("iat_ms")
        if not isinstance(issued, int):
            seconds = principal.claims.get("iat")
            issued = seconds * 1000 + 999 if isinstance(seconds, int) else None
        if issued is None or issued < cutoff:
            raise SessionRevoked()

    def after_commit(self, session: Any) -> None:
        """``Database.after_commit_hooks``: this process's own cutoffs apply at once."""
        for sub, at in session.info.pop(PENDING, {}).items():
            self._by_sub[sub] = _ms(at)

    async def refresh(self, db: Database) -> None:
        since = datetime.now(UTC) - self.window
        async with db.transaction(read_only=True) as session:
            rows = await session.execute(
                select(AccessCutoff.sub, AccessCutoff.cutoff_at).where(
                    AccessCutoff.cutoff_at > since
                )
            )
            fresh = {sub: _ms(at) for sub, at in rows}
        # The later cutoff of each subject wins (one committed here while the query ran is
        # newer than the rows read); older ones no longer matter, their tokens have expired.
        known, horizon = self._by_sub, _ms(since)
        self._by_sub = {
            sub: at
            for sub in known.keys() | fresh.keys()
            if (at := max(known.get(sub, 0), fresh.get(sub, 0))) > horizon
        }

    def start(self, db: Database) -> None:
        """Poll for other replicas' cutoffs (the caller has just refreshed once)."""

        async def poll() -> None:
            while True:
                await asyncio.sleep(self.poll_seconds)
                try:
                    await self.refresh(db)
                except Exception:  # a database hiccup must not end the poller
                    log.exception("access cutoffs refresh failed")

        self._task = asyncio.create_task(poll())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def _ms(at: datetime) -> int:
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite gives naive UTC back
    return int(aware.timestamp() * 1000)
