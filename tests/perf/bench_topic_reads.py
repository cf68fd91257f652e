"""CPU per request of the consultation's topic reads, direct to the service (no gateway), for
this tree against another checkout of the repository (issue 17, "fast reads").

    .venv/bin/python -m tests.perf.bench_topic_reads \
        --database-url postgresql://postgres@127.0.0.1:5432/postgres \
        --before /path/to/a/worktree/of/main [--seconds 8] [--rounds 3]

One database (10,000 topics, ``--votes`` votes), two consultation processes on it (the
other checkout's code by ``PYTHONPATH``, this tree's), and for each read (the first page of
``GET /topics?sort=votes&limit=20``, one ``GET /topics/{id}``), anonymous and signed in,
``wrk -t1 -c32`` against each process in turn, ``--rounds`` times interleaved; CPU per
request is the process's utime+stime delta over wrk's request count. Prints a table.
"""

import argparse
import asyncio
import statistics
import tempfile
from pathlib import Path

import asyncpg

from kit.gateway_credential import CREDENTIAL_HEADER, credential
from kit.migrations import upgrade
from kit.settings import DEV_GATEWAY_SECRET
from tests.perf.harness import (
    ROOT,
    Process,
    consultation_env,
    create_database,
    free_port,
    plain_dsn,
    processes,
    wrk,
)
from tests.perf.votes_data import seed_process, seed_votes

TOPICS = 10_000


async def _reader_votes(dsn: str, pid: str, voter_key: str, topics: list[str]) -> None:
    """The signed-in reader voted for some of the topics the page shows."""
    conn = await asyncpg.connect(dsn)
    await conn.executemany(
        "INSERT INTO vote (topic_id, voter_key, process_id, channel, created_at) "
        "VALUES ($1, $2, $3, 'online', now()) ON CONFLICT DO NOTHING",
        [(t, voter_key, pid) for t in topics],
    )
    await conn.close()


def _reads(pid: str, topic_id: str) -> dict[str, tuple[str, str]]:
    return {
        "list": ("/topics", f"process_id={pid}&sort=votes&limit=20"),
        "topic": (f"/topics/{topic_id}", ""),
    }


def _measure(service: Process, path: str, query: str, token: str | None, seconds: int) -> float:
    headers = {CREDENTIAL_HEADER: credential(DEV_GATEWAY_SECRET, "GET", path, query)}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    url = service.url + path + (f"?{query}" if query else "")
    before = service.cpu_seconds()
    result = wrk(url, connections=32, seconds=seconds, headers=headers)
    spent = service.cpu_seconds() - before
    if result["non_2xx"] or not result["requests"]:
        raise SystemExit(f"{service.name} {path}: {result}")
    return spent * 1000 / result["requests"]


def run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="cocrea-bench-topic-reads-"))
    url = asyncio.run(create_database(args.database_url))
    dsn = plain_dsn(url)
    upgrade(ROOT / "services" / "consultation", url)
    pid, topics = asyncio.run(seed_process(dsn, "MX-READS", TOPICS))
    asyncio.run(seed_votes(dsn, pid, args.votes))
    asyncio.run(_reader_votes(dsn, pid, "vk-reader", topics[::7]))
    _, signer, env = consultation_env(tmp, url)
    token, _ = signer.sign("reader", "citizen", email_verified=True, voter_key="vk-reader")
    before_tree = Path(args.before).resolve()
    roots = [before_tree / "libs", before_tree / "services" / "consultation"]
    before_env = env | {"PYTHONPATH": ":".join(map(str, roots))}
    figures: dict[str, list[float]] = {}
    with processes() as procs:
        app = "consultation.main:create_app"
        services = {
            "before": Process("before", app, free_port(), before_env, tmp),
            "after": Process("after", app, free_port(), env, tmp),
        }
        procs += list(services.values())
        for service in services.values():
            service.wait("/healthz")
        reads = _reads(pid, topics[0])
        for round_ in range(args.rounds + 1):  # round 0 warms both up, not counted
            for read, (path, query) in reads.items():
                for reader, bearer in (("anonymous", None), ("signed in", token)):
                    for name, service in services.items():
                        seconds = 2 if round_ == 0 else args.seconds
                        ms = _measure(service, path, query, bearer, seconds)
                        if round_:
                            figures.setdefault(f"{read} | {reader} | {name}", []).append(ms)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--before", required=True, help="a checkout to compare against")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--votes", type=int, default=100_000)
    figures = run(parser.parse_args())
    print("| read | reader | tree | CPU ms/request, median (rounds) |\n|---|---|---|---|")
    for key, values in figures.items():
        rounds = ", ".join(f"{v:.3f}" for v in values)
        print(f"| {key} | {statistics.median(values):.3f} ({rounds}) |")


if __name__ == "__main__":
    main()
