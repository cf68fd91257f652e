"""``POST /topics/{topic_id}/votes`` on PostgreSQL without the framework's routing.

Votes are the hottest write of the platform (a national consultation sends them by the
hundreds per second), so this plain ASGI middleware answers them directly: the same token
check as the route (re-verified here, role citizen or admin, verified e-mail), the same
clock dependency, and the same one-statement vote (``service.cast_vote_in_one_statement``).
Anything it does not handle — SQLite, a process that caps votes per person or requires a
CURP, another path — goes on to the FastAPI route in ``routes.py``, which stays the
documented contract.
"""

import inspect
import json
import re
from typing import Any

from consultation.deps import current_day
from consultation.identity import email_verified, person_key
from consultation.votes import service
from consultation.votes.errors import EmailNotVerified
from kit.errors import AppError, Forbidden, Unauthorized, send_error

VOTE_PATH = re.compile(r"^/topics/([^/]{1,32})/votes$")
ROUTE = "/topics/{topic_id}/votes"
VOTERS = frozenset({"citizen", "admin"})


async def _voter(headers: list[tuple[bytes, bytes]], verifier: Any) -> Any:
    auth = next((v for k, v in headers if k == b"authorization"), b"").decode("latin-1")
    scheme, _, token = auth.partition(" ")
    if not auth:
        raise Unauthorized()
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("El encabezado Authorization no es válido.", code="invalid_token")
    principal = await verifier.verify(token.strip())
    if principal.is_client or principal.role not in VOTERS:
        raise Forbidden()
    if not email_verified(principal):
        raise EmailNotVerified()
    return principal


class VoteHotPath:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        match = VOTE_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        state = scope["app"].state if match and scope["method"] == "POST" else None
        if state is None or state.db.sqlite:
            await self.app(scope, receive, send)
            return
        scope["cocrea.route"] = ROUTE  # the metrics label, as for the route itself
        try:
            count = await self._cast(scope, state, match.group(1))
        except AppError as exc:
            await send_error(send, exc)
            return
        if count is None:  # capped or CURP process: the route's multi-statement path decides
            await self.app(scope, receive, send)
            return
        body = json.dumps({"topic_id": match.group(1), "votes_count": count}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 201, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _cast(self, scope: dict[str, Any], state: Any, topic_id: str) -> int | None:
        voter = await _voter(scope["headers"], state.verifier)
        clock = scope["app"].dependency_overrides.get(current_day, current_day)
        today = clock()
        if inspect.isawaitable(today):  # the route's dependency may be sync or async
            today = await today
        return await service.cast_vote_in_one_statement(
            state.db, topic_id, person_key(voter), voter.sub, today
        )
