"""Transactions that must commit some failures: a counted wrong code, a revoked token
family, an issued MFA setup token."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from kit.db import Database
from kit.errors import AppError

T = TypeVar("T")


async def run_in_transaction(
    db: Database, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any
) -> T:
    """Run ``work(session, ...)`` in its own transaction.

    An error marked ``keep_changes`` (a counted failed attempt, a revoked token family, an
    issued setup token) still commits what was done before it is raised; any other error
    rolls everything back. The request-scoped ``SessionDep`` cannot do this: it rolls back
    whenever the handler raises.
    """
    failure: AppError | None = None
    async with db.transaction() as session:
        try:
            return await work(session, *args, **kwargs)
        except AppError as exc:
            if not getattr(exc, "keep_changes", False):
                raise
            failure = exc
    raise failure
