"""``POST /topics/{topic_id}/votes`` on PostgreSQL without the framework's routing.

Votes are the hottest write of the platform (a national consultation sends them by the
hundreds per second), so this plain ASGI middleware answers them directly: the same token
check as the route (``kit.auth.bearer_token``, then the one voter policy of
``voters.check_voter``), the same clock (``app.state.clock``), and the vote of
``service.cast_vote_in_one_statement`` (one statement; the multi-statement vote when the
process caps votes per person or requires a CURP). Anything else — SQLite, another path —
goes on to the FastAPI route in ``routes.py``, which stays the documented contract.
"""

import json
import re
from typing import Any

from consultation.people.identity import person_key
from consultation.votes import service
from consultation.votes.voters import check_voter
from kit.auth import bearer_token
from kit.errors import AppError, Unauthorized, send_error

VOTE_PATH = re.compile(r"^/topics/([^/]{1,32})/votes$")
ROUTE = "/topics/{topic_id}/votes"


async def _voter(headers: list[tuple[bytes, bytes]], verifier: Any) -> Any:
    header = next((v for k, v in headers if k == b"authorization"), b"").decode("latin-1")
    token = bearer_token(header)
    if token is None:
        raise Unauthorized()
    return check_voter(await verifier.verify(token))


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
        body = json.dumps({"topic_id": match.group(1), "votes_count": count}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 201, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _cast(self, scope: dict[str, Any], state: Any, topic_id: str) -> int:
        voter = await _voter(scope["headers"], state.verifier)
        today = state.clock()  # the app's clock, as the route's ``current_day``
        return await service.cast_vote_in_one_statement(
            state.db, topic_id, person_key(voter), voter.sub, today
        )
