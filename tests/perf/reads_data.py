"""About ``factor`` times the demo's data, in bulk SQL, for the reads benchmark (issue 17).

``multiply(dsns, factor)`` takes the consultation, roadmaps and tracking databases already
loaded with the demo and adds:

- roadmaps and tracking: plans ``MX-X001`` … ``MX-X{factor-1}``, each with copies of
  MX-4PA's 13 commitments (new ids, same numbers and texts, not demonstration data). New
  commitment n carries a full copy of a published demo roadmap (MX-5PA's, taken in turn):
  in roadmaps the roadmap, its versions, publications, sign-offs, review sessions, working
  group, members and meetings; in tracking the tracked roadmap, key actions, activities,
  reschedules, received roadmap versions, progress updates (pending, validated, rejected,
  published, with their evidence), meetings, members and followers. Per plan, tracking also
  gets MX-4PA's self-assessments, IRM assessments, indicators, narrative (and versions),
  change counter and public-data days; the all-plans counter is bumped. Rows are copied
  generically (reads_plans.py): ids are a hash of (plan, number, old id), the same in both
  services, so every key, reference and unique constraint holds.
- consultation: 10,000 published topics in the demo's open process (the one whose
  consultation phase is open today: MX-5PA's), copied from its topics with a number after
  the title, indexed for similar-topic search (trigrams); and 1,000,000 votes over them,
  spread unevenly (topic of rank r gets votes in proportion to 1/r^0.9, from tens to tens
  of thousands), by 200,000 distinct ``bench-*`` voters each recorded once in
  ``participation`` as the vote path does; ``votes_count`` is exact. The process has no vote
  cap, so the vote path keeps no ``voter_tally`` rows and none are written.
- ANALYZE on the three databases.

Returns the row count of every table of the three databases afterwards, as
``"service.table"``. Run it as ``python -m tests.perf.reads_data --consultation DSN
--roadmaps DSN --tracking DSN [--factor 100]`` (plain ``postgresql://`` DSNs).
"""

import argparse
import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg

from consultation.processes.phases import mexico_city_today
from consultation.topics.search import search_text, trigrams
from tests.perf.reads_plans import copy_roadmaps, copy_tracking, extra_plans

TOPICS, VOTES, VOTERS = 10_000, 1_000_000, 200_000
SKEW = 0.9
# A voter's key for the j-th vote of topic n: injective in j (7919 is prime, VOTERS is not
# a multiple of it), so no voter votes twice for a topic and the count is exact.
VOTER_STEP = 7919
TOPIC_COLUMNS = (
    "id, process_id, title, problem, affected, solution, area, sdg_tags, state_code, channel, "
    "author_name, status, votes_count, reports_count, search_text, trigram_count, created_at, "
    "updated_at"
).split(", ")


async def connect(dsn: str) -> asyncpg.Connection:
    """A connection, waiting a little while the server is full (shared with other runs)."""
    for _ in range(60):
        try:
            return await asyncpg.connect(dsn)
        except asyncpg.TooManyConnectionsError:
            await asyncio.sleep(1)
    return await asyncpg.connect(dsn)


def vote_counts(topics: int, votes: int) -> list[int]:
    """``votes`` split over ``topics`` in proportion to 1/rank^SKEW, summing exactly."""
    weights = [1 / (rank**SKEW) for rank in range(1, topics + 1)]
    total = sum(weights)
    counts = [int(votes * w / total) for w in weights]
    for i in range(votes - sum(counts)):
        counts[i % topics] += 1
    return counts


async def open_process(conn: asyncpg.Connection) -> str:
    found = await conn.fetchval(
        "SELECT process_id FROM phase WHERE key = 'consultation' AND starts_on <= $1 "
        "AND ends_on >= $1 ORDER BY process_id LIMIT 1",
        mexico_city_today(),
    )
    if found is None:
        raise RuntimeError("no demo process has its consultation open today")
    return found


def topic_records(templates: list[asyncpg.Record], pid: str, counts: list[int]):
    now = datetime.now(UTC)
    topics, grams = [], []
    for n, votes in enumerate(counts):
        t = templates[n % len(templates)]
        tid, title = uuid.uuid4().hex, f"{t['title'][:280]} {n + 1}"
        found = trigrams(title)
        created = now - timedelta(minutes=n)
        topics.append(
            (tid, pid, title, t["problem"], t["affected"], t["solution"], t["area"],
             t["sdg_tags"], t["state_code"], t["channel"], t["author_name"], "published",
             votes, 0, search_text(title, t["problem"]), len(found), created, created)
        )  # fmt: skip
        grams.extend((g, tid, pid) for g in found)
    return topics, grams


async def add_votes(conn: asyncpg.Connection, factor: int) -> dict[str, int]:
    """The open process's topics and votes (``factor`` scales them: 100 gives 10k and 1M)."""
    pid = await open_process(conn)
    templates = await conn.fetch(
        "SELECT * FROM topic WHERE process_id = $1 AND status = 'published' ORDER BY id", pid
    )
    counts = vote_counts(TOPICS * factor // 100, VOTES * factor // 100)
    topics, grams = topic_records(templates, pid, counts)
    await conn.copy_records_to_table("topic", records=topics, columns=TOPIC_COLUMNS)
    await conn.copy_records_to_table(
        "topic_trigram", records=grams, columns=["trigram", "topic_id", "process_id"]
    )
    await conn.execute(
        """
        INSERT INTO vote (topic_id, voter_key, process_id, channel, created_at)
        SELECT t.id, 'bench-' || ((j * $3 + t.n * 31) % $4), $1, 'online', now()
        FROM unnest($2::text[]) WITH ORDINALITY AS t(id, n)
        JOIN topic ON topic.id = t.id
        CROSS JOIN LATERAL generate_series(0, topic.votes_count - 1) AS j
        """,
        pid, [t[0] for t in topics], VOTER_STEP, VOTERS,
    )  # fmt: skip
    await conn.execute(
        "INSERT INTO participation (process_id, person_key, channel, recorded_at) "
        "SELECT $1::varchar, voter_key, 'online', now() FROM vote "
        "WHERE process_id = $1::varchar AND voter_key LIKE 'bench-%' GROUP BY voter_key "
        "ON CONFLICT DO NOTHING",
        pid,
    )
    return {"topic": len(topics), "vote": sum(counts)}


async def counts(conn: asyncpg.Connection, service: str) -> dict[str, int]:
    tables = await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    found = {}
    for row in tables:
        name = row["tablename"]
        found[f"{service}.{name}"] = await conn.fetchval(f'SELECT count(*) FROM "{name}"')  # noqa: S608
    return found


ADDERS = {
    "consultation": add_votes,
    "roadmaps": lambda conn, factor: copy_roadmaps(conn, extra_plans(factor)),
    "tracking": lambda conn, factor: copy_tracking(conn, extra_plans(factor)),
}


async def _multiply_one(dsn: str, service: str, factor: int) -> dict[str, int]:
    conn = await connect(dsn)
    try:
        if factor > 1:  # one transaction per service: a failed run leaves the demo as it was
            async with conn.transaction():
                await ADDERS[service](conn, factor)
        await conn.execute("ANALYZE")
        return await counts(conn, service)
    finally:
        await conn.close()


async def multiply(dsns: dict[str, str], factor: int = 100) -> dict[str, int]:
    """Add rows so that each service holds about ``factor`` times the demo's data (see the
    module docstring); the row count of every table afterwards, as ``"service.table"``."""
    services = ("consultation", "roadmaps", "tracking")
    found = await asyncio.gather(*(_multiply_one(dsns[s], s, factor) for s in services))
    return {k: v for part in found for k, v in part.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for service in ("consultation", "roadmaps", "tracking"):
        parser.add_argument(f"--{service}", required=True, help="asyncpg DSN (postgresql://…)")
    parser.add_argument("--factor", type=int, default=100)
    args = parser.parse_args()
    started = time.monotonic()
    dsns = {s: getattr(args, s) for s in ("consultation", "roadmaps", "tracking")}
    found = asyncio.run(multiply(dsns, args.factor))
    for name, count in found.items():
        print(f"{name:45} {count:>10,}")
    print(f"multiply({args.factor}) took {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
