"""1,000 vote attempts from one account within about a second, over one pooled client,
through the live gateway: one vote per person and topic is all that counts, the per-caller
rate limit answers the excess with 429, and nothing breaks (no 5xx)."""

import asyncio
import time
from collections import Counter
from collections.abc import Callable

import httpx

from tests.authz.live import citizen, new_topic, open_process_id, sql
from tests.fault.stack import Stack

ATTEMPTS = 1000
VOTE_LIMIT_PER_MINUTE = 120  # route_table.yaml: POST /topics/{topic_id}/votes


async def test_a_vote_flood_counts_one_vote_per_topic(stack: Stack, token_for: Callable):
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=stack.url, timeout=60, limits=limits) as client:
        author = citizen(token_for, "cit-autor-flood")
        process_id = await open_process_id(client)
        topics = [
            (await new_topic(client, author, process_id, f"Tema votado en ráfaga {n}"))["id"]
            for n in range(2)
        ]
        voter = citizen(token_for, "cit-rafaga")

        async def vote(n: int) -> tuple[str, httpx.Response]:
            topic_id = topics[n % 2]
            url = f"/api/v1/consultation/topics/{topic_id}/votes"
            return topic_id, await client.post(url, headers=voter)

        started = time.monotonic()
        answers = await asyncio.gather(*(vote(n) for n in range(ATTEMPTS)))
        elapsed = time.monotonic() - started
        counts = [(await client.get(f"/api/v1/consultation/topics/{t}")).json() for t in topics]

    statuses = Counter(a.status_code for _, a in answers)
    cast = Counter(t for t, a in answers if a.status_code == 201)
    throttled = [a for _, a in answers if a.status_code == 429]
    assert set(statuses) <= {201, 409, 429}, statuses
    assert cast == Counter(topics), statuses  # exactly one counted vote per topic
    assert statuses[201] + statuses[409] <= VOTE_LIMIT_PER_MINUTE, statuses
    assert len(throttled) >= ATTEMPTS - VOTE_LIMIT_PER_MINUTE
    assert all(int(a.headers["Retry-After"]) >= 1 for a in throttled)
    assert [c["votes_count"] for c in counts] == [1, 1]
    for topic_id in topics:
        rows = await sql(
            stack, "consultation", "SELECT count(*) FROM vote WHERE topic_id = $1", topic_id
        )
        stored = await sql(
            stack, "consultation", "SELECT votes_count FROM topic WHERE id = $1", topic_id
        )
        assert (rows, stored) == (1, 1)
    assert elapsed < 30, f"1,000 attempts took {elapsed:.1f}s"
    print(f"\n{ATTEMPTS} vote attempts in {elapsed:.2f}s: {dict(statuses)}")
