"""What the vote benchmark needs in the database and in its hands: an open process with
topics, votes spread over them in bulk SQL, and distinct voters with real tokens."""

import itertools
import uuid
from datetime import timedelta

import asyncpg

from consultation.processes.phases import mexico_city_today
from kit.tokens import TokenSigner


async def seed_process(dsn: str, plan_code: str, topics: int) -> tuple[str, list[str]]:
    """A process whose consultation is open today and ``topics`` topics, in bulk SQL."""
    conn = await asyncpg.connect(dsn)
    today = mexico_city_today()
    pid = uuid.uuid4().hex
    start, end = today - timedelta(days=3), today + timedelta(days=17)
    await conn.execute(
        "INSERT INTO process (id, plan_code, title, level, starts_on, ends_on, created_at, "
        "updated_at, requires_curp) VALUES ($1, $2, 'Bench', 'federal', $3, $4, now(), now(), "
        "false)",
        pid, plan_code, start, end,
    )  # fmt: skip
    await conn.execute(
        "INSERT INTO phase (process_id, key, \"order\", name_es, starts_on, ends_on) "
        "VALUES ($1, 'consultation', 1, 'Consulta de temas', $2, $3)",
        pid, start, end,
    )  # fmt: skip
    ids = [uuid.uuid4().hex for _ in range(topics)]
    await conn.executemany(
        "INSERT INTO topic (id, process_id, title, problem, affected, solution, area, sdg_tags, "
        "state_code, channel, status, votes_count, reports_count, search_text, trigram_count, "
        "created_at, updated_at) VALUES ($1, $2, $3, 'Problema público de prueba', 'Personas', "
        "'Solución propuesta', 'fiscal_openness', '[]', $4, 'online', 'published', 0, 0, '', 0, "
        "now(), now())",
        [(i, pid, f"Tema de prueba {n}", f"{n % 32 + 1:02d}") for n, i in enumerate(ids)],
    )
    await conn.close()
    return pid, ids


async def seed_votes(dsn: str, pid: str, votes: int) -> None:
    """``votes`` votes spread unevenly over the process's topics, counts kept exact."""
    conn = await asyncpg.connect(dsn)
    await conn.execute(
        """
        WITH t AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM topic
                   WHERE process_id = $1)
        INSERT INTO vote (topic_id, voter_key, process_id, channel, created_at)
        SELECT t.id, 'seed-' || g, $1, 'online', now()
        FROM generate_series(1::bigint, $2::bigint) AS g
        JOIN t ON t.n = 1 + ((g * 7919 + (g % 97) * (g % 13)) % (SELECT count(*) FROM t))
        ON CONFLICT DO NOTHING
        """,
        pid, votes,
    )  # fmt: skip
    await conn.execute(
        "UPDATE topic SET votes_count = c.n FROM (SELECT topic_id, count(*) AS n FROM vote "
        "WHERE process_id = $1 GROUP BY topic_id) c WHERE c.topic_id = topic.id",
        pid,
    )
    await conn.execute("ANALYZE")
    await conn.close()


class Voters:
    """Distinct (voter, topic) pairs with real tokens; a voter casts at most 100 votes so the
    gateway's per-caller limit (120/minute) never refuses a benchmark vote."""

    def __init__(self, signer: TokenSigner, topics: list[str]) -> None:
        self.signer, self.topics = signer, topics
        self.pairs = self._pairs()

    def _pairs(self):
        for batch in itertools.count():
            sub = f"bench-{batch}-{uuid.uuid4().hex[:6]}"
            token, _ = self.signer.sign(sub, "citizen", email_verified=True, voter_key="vk-" + sub)
            offset = (batch * 37) % len(self.topics)
            for k in range(100):
                yield token, self.topics[(offset + k) % len(self.topics)]

    def next(self) -> tuple[str, str]:
        return next(self.pairs)
