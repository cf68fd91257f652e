"""Votes end to end on PostgreSQL through the gateway, and the ranking list under load.

    .venv/bin/python -m tests.perf.bench_votes \
        --database-url postgresql://postgres@127.0.0.1:5432/postgres [--seconds 30]
        [--connections 64] [--rate 500] [--list-votes 1000000] [--redis-url redis://…]

1. Closed loop: ``--connections`` clients vote as fast as they can for ``--seconds``
   (real RS256 tokens, distinct voters and topics); accepted votes/s.
2. Open loop: ``--rate`` votes/s on a fixed timetable; latency counted from each request's
   scheduled time (so a slow server cannot hide queueing, as wrk2 does); p50/p99.
3. SQL afterwards: rows = accepted 201s, no (topic, voter) twice, Σ votes_count = rows.
4. The bare FastAPI hello beside it (wrk), same run.
5. ``GET /topics?sort=votes`` for one client with 10,000 topics and ``--list-votes`` votes
   stored: p95 over first and deep (keyset) pages.

Writes the ``votes`` section of docs/PERFORMANCE.md.
"""

import argparse
import asyncio
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp
import asyncpg

from kit.migrations import upgrade
from tests.perf.harness import (
    ROOT,
    Process,
    consultation_env,
    create_database,
    free_port,
    gateway_env,
    machine,
    plain_dsn,
    postgres_cpu_seconds,
    processes,
    write_section,
    wrk,
)
from tests.perf.votes_data import Voters, seed_process, seed_votes

VOTE_TOPICS, LIST_TOPICS, FEW_VOTES = 5000, 10_000, 10_000


async def _vote(session: aiohttp.ClientSession, base: str, token: str, topic: str) -> int:
    """The status of one vote, or 0 when the connection failed."""
    url = f"{base}/api/v1/consultation/topics/{topic}/votes"
    try:
        async with session.post(url, headers={"Authorization": f"Bearer {token}"}) as response:
            await response.read()
            return response.status
    except aiohttp.ClientError:
        return 0


async def closed_loop(base: str, voters: Voters, connections: int, seconds: float) -> dict:
    codes: dict[int, int] = {}
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                token, topic = voters.next()
                status = await _vote(session, base, token, topic)
                codes[status] = codes.get(status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*[worker() for _ in range(connections)])
        elapsed = time.perf_counter() - started
    return {"codes": codes, "accepted_per_s": codes.get(201, 0) / elapsed}


WRK_VOTES = """
-- Each request is the next distinct (voter token, topic) pair of the file.
local pairs, i = {}, 0
for line in io.lines("%s") do pairs[#pairs + 1] = line end
request = function()
  i = i + 1
  local token, topic = pairs[(i - 1) %% #pairs + 1]:match("(%%S+) (%%S+)")
  return wrk.format("POST", "/api/v1/consultation/topics/" .. topic .. "/votes",
                    {["Authorization"] = "Bearer " .. token}, "")
end
"""


def closed_loop_wrk(base: str, voters: Voters, connections: int, seconds: int, tmp: Path) -> dict:
    """The same closed loop with wrk (C) as the client, so the load generator takes little
    of the two cores; a Lua script walks distinct (voter, topic) pairs."""
    pairs = tmp / "vote-pairs.txt"
    with pairs.open("w") as handle:
        # Enough distinct pairs for 60 votes/s per connection: more than the stack can take,
        # so wrk never wraps around to pairs already voted (those would be 409s).
        for _ in range(max(2000, connections * seconds * 60)):
            token, topic = voters.next()
            handle.write(f"{token} {topic}\n")
    script = tmp / "votes.lua"
    script.write_text(WRK_VOTES % pairs)
    result = wrk(base + "/", connections=connections, seconds=seconds, script=script)
    accepted = result["requests"] - result["non_2xx"]
    return result | {"accepted_per_s": accepted / seconds}


async def open_loop(base: str, voters: Voters, rate: float, seconds: float) -> dict:
    """Request k is due at t0 + k/rate whatever happened before; latency from that time."""
    latencies: list[float] = []
    lags: list[float] = []
    codes: dict[int, int] = {}
    # Enough connections that the client never throttles the timetable at the target rate.
    connector = aiohttp.TCPConnector(limit=512)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(due: float, token: str, topic: str) -> None:
            # How late the load generator itself sent it: its own stalls (it shares the cores)
            # told apart from the stack's.
            lags.append(time.perf_counter() - due)
            status = await _vote(session, base, token, topic)
            latencies.append(time.perf_counter() - due)
            codes[status] = codes.get(status, 0) + 1

        # The load generator must not pause itself: a full collection of its own heap (the
        # voters' tokens, the listings) stopped it for up to 115 ms while votes were in
        # flight, and that was counted as the stack's latency.
        gc.collect()
        gc.freeze()
        gc.disable()
        t0 = time.perf_counter() + 0.2
        tasks = []
        for k in range(int(rate * seconds)):
            due = t0 + k / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            token, topic = voters.next()
            tasks.append(asyncio.create_task(one(due, token, topic)))
        await asyncio.gather(*tasks)
        gc.enable()
        gc.unfreeze()
    ms = sorted(x * 1000 for x in latencies)
    lag = sorted(x * 1000 for x in lags)
    return {
        "codes": codes,
        "p50": ms[len(ms) // 2],
        "p99": ms[int(len(ms) * 0.99) - 1],
        "max": ms[-1],
        "client_lag_p99": lag[int(len(lag) * 0.99) - 1],
    }


async def checkpoints(dsn: str) -> int:
    """PostgreSQL checkpoints so far (timed and requested): one during a run is a suspect."""
    conn = await asyncpg.connect(dsn)
    done = await conn.fetchval("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter")
    await conn.close()
    return int(done)


async def check_sql(dsn: str, pid: str, accepted: int) -> dict:
    conn = await asyncpg.connect(dsn)
    rows = await conn.fetchval("SELECT count(*) FROM vote WHERE process_id = $1", pid)
    distinct = await conn.fetchval(
        "SELECT count(DISTINCT (topic_id, voter_key)) FROM vote WHERE process_id = $1", pid
    )
    counted = await conn.fetchval("SELECT sum(votes_count) FROM topic WHERE process_id = $1", pid)
    await conn.close()
    return {"rows": rows, "accepted": accepted, "double": rows - distinct, "counted": counted}


async def list_latency(base: str, pid: str, requests: int = 300) -> dict:
    timings: list[float] = []
    async with aiohttp.ClientSession() as session:
        cursor = None
        for n in range(requests):
            params = {"process_id": pid, "sort": "votes", "limit": "20"}
            if cursor and n % 10:
                params["cursor"] = cursor
            started = time.perf_counter()
            async with session.get(f"{base}/api/v1/consultation/topics", params=params) as r:
                body = await r.json()
                assert r.status == 200, body
            timings.append((time.perf_counter() - started) * 1000)
            cursor = body["next_cursor"]
    timings.sort()
    return {"p50": statistics.median(timings), "p95": timings[int(len(timings) * 0.95) - 1]}


def run(args: argparse.Namespace) -> str:
    tmp = Path(tempfile.mkdtemp(prefix="cocrea-bench-votes-"))
    url = asyncio.run(create_database(args.database_url))
    dsn = plain_dsn(url)
    upgrade(ROOT / "services" / "consultation", url)
    vote_pid, vote_topics = asyncio.run(seed_process(dsn, "MX-BENCH", VOTE_TOPICS))
    list_pid, _ = asyncio.run(seed_process(dsn, "MX-LIST", LIST_TOPICS))
    asyncio.run(seed_votes(dsn, list_pid, args.list_votes))
    # The same listing over as many topics with a hundredth of the votes, side by side: the
    # list cost must not grow with the number of votes.
    few_pid, _ = asyncio.run(seed_process(dsn, "MX-LIST-FEW", LIST_TOPICS))
    asyncio.run(seed_votes(dsn, few_pid, FEW_VOTES))
    pem, signer, env = consultation_env(tmp, url)
    with processes() as procs:
        hello = Process("hello", "tests.perf.hello:app", free_port(), {}, tmp)
        service = Process("consultation", "consultation.main:create_app", free_port(), env, tmp)
        procs += [hello, service]
        env_of_gateway = gateway_env(
            tmp,
            pem,
            {"consultation": service.url},
            access_log="false",
            # Every listing request reaches the service: its cost is what is measured.
            public_cache_seconds="0",
        )
        gateway = Process("gateway", "gateway.main:create_app", free_port(), env_of_gateway, tmp)
        procs.append(gateway)
        redis_gateway = None
        if args.redis_url:  # rate limits in Redis, as the production manifests have them
            redis_env = env_of_gateway | {"GATEWAY_REDIS_URL": args.redis_url}
            redis_gateway = Process(
                "gateway-redis", "gateway.main:create_app", free_port(), redis_env, tmp
            )
            procs.append(redis_gateway)
            redis_gateway.wait("/api/v1/consultation/processes")
        hello.wait("/hello")
        service.wait("/healthz")
        gateway.wait("/api/v1/consultation/processes")
        voters = Voters(signer, vote_topics)
        warm = asyncio.run(closed_loop(gateway.url, voters, args.connections, 3))
        closed = asyncio.run(closed_loop(gateway.url, voters, args.connections, args.seconds))
        before = (gateway.cpu_seconds(), service.cpu_seconds(), postgres_cpu_seconds())
        closed_wrk = closed_loop_wrk(gateway.url, voters, args.connections, args.seconds, tmp)
        after = (gateway.cpu_seconds(), service.cpu_seconds(), postgres_cpu_seconds())
        votes = max(1, closed_wrk["requests"] - closed_wrk["non_2xx"])
        closed_wrk["cpu_ms"] = [(b - a) * 1000 / votes for a, b in zip(before, after, strict=True)]
        runs = []
        for _ in range(args.open_runs):  # consecutive, each with the load average before it
            load, done = os.getloadavg()[0], asyncio.run(checkpoints(dsn))
            runs.append(asyncio.run(open_loop(gateway.url, voters, args.rate, args.open_seconds)))
            runs[-1] |= {"load": load, "checkpoints": asyncio.run(checkpoints(dsn)) - done}
        accepted = sum(r["codes"].get(201, 0) for r in (warm, closed, *runs))
        accepted += closed_wrk["requests"] - closed_wrk["non_2xx"]
        if redis_gateway is not None:
            url = redis_gateway.url
            closed_wrk["redis"] = closed_loop_wrk(url, voters, args.connections, args.seconds, tmp)
            accepted += closed_wrk["redis"]["requests"] - closed_wrk["redis"]["non_2xx"]
        hello_rps = wrk(hello.url + "/hello", connections=args.connections, seconds=10)["rps"]
        few = asyncio.run(list_latency(gateway.url, few_pid))
        listing = asyncio.run(list_latency(gateway.url, list_pid))
        listing["few"] = few
        rss = {p.name: p.rss_mb() for p in procs}
    sql = asyncio.run(check_sql(dsn, vote_pid, accepted))
    return _report(args, closed, closed_wrk, runs, sql, hello_rps, listing, rss)


def _report(args, closed, closed_wrk, runs, sql, hello_rps, listing, rss) -> str:
    ok = sql["double"] == 0 and sql["rows"] == sql["counted"]
    return "\n".join(
        [
            "## Votes (issue #3)",
            "",
            f"Command: `.venv/bin/python -m tests.perf.bench_votes --database-url … --seconds "
            f"{args.seconds} --connections {args.connections} --rate {args.rate} "
            f"--open-seconds {args.open_seconds} --open-runs {args.open_runs} "
            f"--list-votes {args.list_votes}"
            + (f" --redis-url {args.redis_url}`" if args.redis_url else "`"),
            f"Machine: {machine()}; PostgreSQL 15 on the same host; one uvicorn worker each for "
            "gateway and consultation; the load generator (aiohttp) shares the same cores.",
            "",
            "| measure | result |",
            "|---|---|",
            f"| closed loop, {args.connections} connections, {args.seconds} s, aiohttp client: "
            f"accepted votes/s through the gateway | **{closed['accepted_per_s']:,.0f}** "
            "(target 800) |",
            f"| status codes (closed loop) | {closed['codes']} |",
            f"| the same closed loop with wrk as the client (Lua script, distinct voters and "
            f"topics): accepted votes/s / p50 / p99 | **{closed_wrk['accepted_per_s']:,.0f}** / "
            f"{closed_wrk['p50_ms']:.1f} / {closed_wrk['p99_ms']:.1f} ms "
            f"({closed_wrk['non_2xx']} non-2xx) |",
            "| CPU per accepted vote in that wrk run: gateway / consultation / PostgreSQL | "
            + " / ".join(f"{ms:.2f}" for ms in closed_wrk["cpu_ms"])
            + " ms |",
            *_redis_row(closed_wrk.get("redis")),
            *_open_rows(args, runs),
            f"| SQL after the runs: vote rows / 201s (incl. warm-up) / double votes / Σ "
            f"votes_count | {sql['rows']} / {sql['accepted']} / {sql['double']} / "
            f"{sql['counted']} ({'consistent' if ok else 'INCONSISTENT'}) |",
            f"| bare FastAPI hello, same run (wrk, {args.connections} connections) | "
            f"{hello_rps:,.0f} req/s |",
            f"| `GET /topics?sort=votes` via gateway (its micro-cache off), one client, "
            f"{LIST_TOPICS:,} topics, "
            f"{args.list_votes:,} votes: p50 / p95 | {listing['p50']:.1f} / "
            f"**{listing['p95']:.1f}** ms (target p95 < 50) |",
            f"| the same listing, same run, {LIST_TOPICS:,} topics with {FEW_VOTES:,} votes: "
            f"p50 / p95 | {listing['few']['p50']:.1f} / {listing['few']['p95']:.1f} ms "
            f"(p95 ratio {args.list_votes:,} votes : {FEW_VOTES:,} votes = "
            f"{listing['p95'] / listing['few']['p95']:.2f}) |",
            "",
            "RSS at the end: " + ", ".join(f"{k} {v:.0f} MB" for k, v in rss.items()),
            "",
            "wrk counts only the answers it received: the requests in flight when it stops "
            "(at most one per connection) are votes in SQL but not among the 201s above. ",
            "",
            "Votes write no audit row each: the vote row (topic, voter_key, account, channel, "
            "time) is the record; an uncapped vote is a single CTE statement on PostgreSQL.",
        ]
    )


def _open_rows(args: argparse.Namespace, runs: list[dict]) -> list[str]:
    """One row per consecutive open-loop run: the tail is the figure, so all are shown."""
    rows = []
    for n, run in enumerate(runs, 1):
        rows.append(
            f"| open loop {args.rate}/s for {args.open_seconds} s, run {n} of {len(runs)} "
            f"(load average before: {run['load']:.2f}): p50 / p99 / max from the scheduled "
            f"time; the load generator's own lateness p99; PostgreSQL checkpoints during the "
            f"run; status codes | {run['p50']:.1f} / **{run['p99']:.1f}** / "
            f"{run['max']:.1f} ms; {run['client_lag_p99']:.1f} ms; {run['checkpoints']}; "
            f"{run['codes']} |"
        )
    worst = max(run["p99"] for run in runs)
    rows.append(f"| worst p99 of the {len(runs)} open-loop runs | **{worst:.1f}** ms |")
    return rows


def _redis_row(result: dict | None) -> list[str]:
    if result is None:
        return []
    return [
        "| the same wrk closed loop through a second gateway whose rate limits are in Redis "
        f"(`--redis-url`, as in production): accepted votes/s / p50 / p99 | "
        f"{result['accepted_per_s']:,.0f} / {result['p50_ms']:.1f} / {result['p99_ms']:.1f} ms "
        f"({result['non_2xx']} non-2xx) |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--open-seconds", type=int, default=20)
    parser.add_argument("--open-runs", type=int, default=5, help="consecutive open-loop runs")
    parser.add_argument("--list-votes", type=int, default=1_000_000)
    parser.add_argument("--redis-url", default=None, help="also measure Redis rate limits")
    body = run(parser.parse_args())
    write_section("votes", body)
    print(body)


if __name__ == "__main__":
    main()
