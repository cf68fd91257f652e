"""The read paths side by side with a bare FastAPI hello, in one run, on PostgreSQL: each read
direct to its service and through the gateway (its micro-cache off), the website's pages,
with the demo data and with 100 times it.

    .venv/bin/python -m tests.perf.bench_reads \
        --database-url postgresql://postgres@127.0.0.1:5432/postgres [--seconds 10]
        [--connections 32] [--factor 100] [--samples 300]

Two stacks run at once, each loaded by ``infra/dev.py seed`` into its own PostgreSQL
databases: "demo" (the README's demo data) and "100×" (the same, then
``tests.perf.reads_data.multiply``). Every process is one uvicorn worker started as the
other benchmarks start them (no access log); the gateway's micro-cache is off
(``GATEWAY_PUBLIC_CACHE_SECONDS=0``), so every request through it reaches the service.

1. Throughput (wrk, closed loop) on the demo stack: hello, then each read direct (with the
   gateway credential the gateway would add, ``kit.gateway_credential``) and through the
   gateway; the website's tablero and topic list.
2. Cost against the data: one client, ``--samples`` requests per read on each stack,
   interleaved; the p95 of the 100× stack over the p95 of the demo stack.

Writes the ``reads`` section of docs/PERFORMANCE.md.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import asyncpg
import httpx
from sqlalchemy.engine import make_url

from gateway.accounts.demo import DEMO_PASSWORD
from kit.gateway_credential import CREDENTIAL_HEADER, credential
from kit.settings import DEV_GATEWAY_SECRET
from tests.e2e.test_stack import OWN_PREFIXES, free_port_base
from tests.perf.harness import (
    ROOT,
    Process,
    create_database,
    free_port,
    machine,
    plain_dsn,
    processes,
    write_section,
    wrk,
)

sys.path.insert(0, str(ROOT / "infra"))
import dev_stack

SERVICES = ("consultation", "roadmaps", "tracking")
DATABASES = ("gateway", *SERVICES)
CITIZEN = "ciudadana@cocrea.example"
MEMBER = "enlace.bienestar@cocrea.example"
PLAN = "MX-4PA"
# No access log (as the other benchmarks); the pool of the production overlay
# (infra/k8s/overlays/production/pools.yaml), so two stacks fit in max_connections.
QUIET = {"ACCESS_LOG": "false", "LOG_LEVEL": "WARNING", "DATABASE_POOL_SIZE": "10"}


@dataclass
class Read:
    """One read: its service path (``service`` None: a website page) and who asks."""

    label: str
    service: str | None
    path: str
    as_: str | None = None  # "citizen" | "member" | None (anonymous)


@dataclass
class Stack:
    name: str
    base: int
    data_dir: Path
    urls: dict[str, str]
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, Process] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def gateway(self) -> str:
        return self.procs["gateway"].url

    def service(self, name: str) -> str:
        return self.procs[name].url

    def headers(self, who: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}


async def _databases(base_url: str) -> dict[str, str]:
    return {name: await create_database(base_url) for name in DATABASES}


async def _drop(base_url: str, stacks: list["Stack"]) -> None:
    conn = await asyncpg.connect(base_url)
    for stack in stacks:
        for url in stack.urls.values():
            await conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    await conn.close()


def seed(stack: Stack) -> None:
    """``infra/dev.py seed`` into the stack's PostgreSQL databases (demo accounts, both
    plans, the MX-5PA demonstration cycle through its events)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    env |= {f"{n.upper()}_DATABASE_URL": url for n, url in stack.urls.items()}
    command = [sys.executable, str(ROOT / "infra" / "dev.py"), "seed"]
    command += ["--port-base", str(stack.base), "--data-dir", str(stack.data_dir)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"seeding {stack.name} failed:\n{done.stdout[-4000:]}{done.stderr}")
    stack.env = dev_stack.stack_env(dev_stack.Ports(stack.base), stack.data_dir, env)
    for prefix in (*DATABASES, "frontend"):
        stack.env |= {f"{prefix.upper()}_{k}": v for k, v in QUIET.items()}
    stack.env["GATEWAY_PUBLIC_CACHE_SECONDS"] = "0"


def start(stack: Stack, procs: list[Process], log_dir: Path) -> None:
    ports = dev_stack.Ports(stack.base)
    for name in (*DATABASES, "frontend"):
        process = Process(
            f"{name}-{stack.name}",
            f"{name}.main:create_app",
            ports.of(name),
            stack.env,
            log_dir,
        )
        stack.procs[name] = process
        procs.append(process)
    for process in stack.procs.values():
        process.wait("/healthz", timeout=60)


def sign_in(stack: Stack) -> None:
    with httpx.Client(base_url=stack.gateway, timeout=10) as client:
        for who, email in (("citizen", CITIZEN), ("member", MEMBER)):
            found = client.post(
                "/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD}
            )
            if found.status_code != 200:
                raise SystemExit(f"{email} cannot sign in: {found.text}")
            stack.tokens[who] = found.json()["access_token"]


def find_ids(stack: Stack) -> None:
    """The ids the reads name, read through the gateway as the site would."""
    with httpx.Client(base_url=stack.gateway + "/api/v1", timeout=10) as client:
        processes_ = client.get("/consultation/processes").json()
        items = processes_["items"] if isinstance(processes_, dict) else processes_
        open_ = [
            p
            for p in items
            if (p.get("current_phase") or {}).get("key") == "consultation"
            and (p.get("current_phase") or {}).get("status") == "open"
        ]
        process = (open_ or items)[0]
        stack.ids["process"] = process["id"]
        # The citizen votes for the first five topics of the list (she is "a signed-in
        # citizen with votes"; a vote already cast answers 409 and still counts).
        citizen = stack.headers("citizen")
        listing = client.get(
            "/consultation/topics", params={"process_id": process["id"], "limit": 5}
        ).json()
        voted = [t["id"] for t in listing["items"]]
        for topic in voted:
            cast = client.post(f"/consultation/topics/{topic}/votes", headers=citizen)
            if cast.status_code not in (201, 409):
                raise SystemExit(f"the citizen cannot vote: {cast.status_code} {cast.text}")
        stack.ids["topic"] = voted[0]
        stack.ids["votes_of_citizen"] = str(len(voted))
        commitments = client.get("/roadmaps/commitments", params={"plan_code": PLAN}).json()
        stack.ids["commitment"] = commitments["items"][0]["id"]
        groups = client.get("/roadmaps/me/working-groups", headers=stack.headers("member")).json()
        groups = groups["items"] if isinstance(groups, dict) else groups
        if not groups:
            raise SystemExit(f"{MEMBER} is in no working group")
        stack.ids["group_commitment"] = groups[0]["commitment_id"]


def reads(ids: dict[str, str]) -> list[Read]:
    process, topic = ids["process"], ids["topic"]
    return [
        Read("commitments list (`GET /commitments?plan_code=MX-4PA`)", "roadmaps",
             f"/commitments?plan_code={PLAN}"),
        Read("one commitment with its roadmap (`GET /commitments/{id}`, tracking)", "tracking",
             f"/commitments/{ids['commitment']}"),
        Read("topic list, anonymous (`GET /topics?process_id=…&sort=votes`)", "consultation",
             f"/topics?process_id={process}&sort=votes&limit=20"),
        Read("topic list, signed-in citizen with votes", "consultation",
             f"/topics?process_id={process}&sort=votes&limit=20", "citizen"),
        Read("topic page, signed-in citizen (`GET /topics/{id}`)", "consultation",
             f"/topics/{topic}", "citizen"),
        Read("dashboard (`GET /plans/MX-4PA/dashboard`)", "tracking",
             f"/plans/{PLAN}/dashboard"),
        Read("member's roadmap editor data (`GET /commitments/{id}/roadmap`)", "roadmaps",
             f"/commitments/{ids['group_commitment']}/roadmap", "member"),
    ]  # fmt: skip


PAGES = [
    Read("website `/tablero`", None, "/tablero"),
    Read("website `/consulta` (topic list)", None, "/consulta"),
]


def direct(stack: Stack, read: Read) -> tuple[str, dict[str, str]]:
    """The service's own URL and headers, with the credential the gateway would add (it
    is valid for a minute: made again before each measurement)."""
    url = stack.service(read.service) + read.path
    parts = urlsplit(url)
    mac = credential(DEV_GATEWAY_SECRET, "GET", parts.path, parts.query)
    return url, stack.headers(read.as_) | {CREDENTIAL_HEADER: mac}


def via_gateway(stack: Stack, read: Read) -> tuple[str, dict[str, str]]:
    return f"{stack.gateway}/api/v1/{read.service}{read.path}", stack.headers(read.as_)


def check(url: str, headers: dict[str, str]) -> int:
    found = httpx.get(url, headers=headers, timeout=10)
    if found.status_code != 200:
        raise SystemExit(f"GET {url}: {found.status_code} {found.text[:300]}")
    return len(found.content)


async def p95(url: str, headers: dict[str, str], samples: int) -> float:
    """One client, one request at a time: the cost of a read, not queueing."""
    timings = []
    async with aiohttp.ClientSession(headers=headers) as session:
        for n in range(samples + 20):
            started = time.perf_counter()
            async with session.get(url) as found:
                await found.read()
                assert found.status == 200, (url, found.status)
            if n >= 20:  # warm-up
                timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return timings[int(len(timings) * 0.95) - 1]


async def table_sizes(stack: Stack) -> dict[str, int]:
    conn = await asyncpg.connect(plain_dsn(stack.urls["consultation"]))
    topics = await conn.fetchval("SELECT count(*) FROM topic")
    votes = await conn.fetchval("SELECT count(*) FROM vote")
    await conn.close()
    conn = await asyncpg.connect(plain_dsn(stack.urls["roadmaps"]))
    commitments = await conn.fetchval("SELECT count(*) FROM commitment")
    await conn.close()
    return {"topics": topics, "votes": votes, "commitments": commitments}


def run(args: argparse.Namespace) -> str:
    stacks: list[Stack] = []
    try:
        return _run(args, stacks)
    finally:
        asyncio.run(_drop(args.database_url, stacks))


def _run(args: argparse.Namespace, stacks: list["Stack"]) -> str:
    tmp = Path(tempfile.mkdtemp(prefix="cocrea-bench-reads-"))
    for name in ("demo", f"{args.factor}x"):
        base = free_port_base()
        stack = Stack(name, base, tmp / name, asyncio.run(_databases(args.database_url)))
        stacks.append(stack)
        seed(stack)
    demo, big = stacks
    from tests.perf.reads_data import multiply

    started = time.monotonic()
    asyncio.run(multiply({n: plain_dsn(big.urls[n]) for n in SERVICES}, args.factor))
    multiplied_in = time.monotonic() - started
    sizes = {s.name: asyncio.run(table_sizes(s)) for s in stacks}
    with processes() as procs:
        for stack in stacks:
            start(stack, procs, tmp)
            sign_in(stack)
            find_ids(stack)
        # After the stacks: an ephemeral port must not take one of theirs.
        hello = Process("hello", "tests.perf.hello:app", free_port(), {}, tmp)
        procs.append(hello)
        hello.wait("/hello")
        load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        rows, ratios, throughput = [], [], {}
        hello_rps = measure(hello.url + "/hello", {}, args)["rps"]
        for read in reads(demo.ids):
            size = check(*via_gateway(demo, read))
            d = measure(*direct(demo, read), args)
            g = measure(*via_gateway(demo, read), args)
            throughput[read.label] = (d, g)
            rows.append(
                f"| {read.label} | {size:,} | {d['rps']:,.0f} | {d['rps'] / hello_rps:.0%} | "
                f"{g['rps']:,.0f} | {g['rps'] / d['rps']:.0%} | {g['p50_ms']:.1f} / "
                f"{g['p99_ms']:.1f} | {d['non_2xx'] + g['non_2xx']} |"
            )
        pages = []
        for page in PAGES:
            url = demo.procs["frontend"].url + page.path
            size = check(url, {})
            r = measure(url, {}, args)
            pages.append(
                f"| {page.label} | {size:,} | {r['rps']:,.0f} | {r['p50_ms']:.1f} / "
                f"{r['p99_ms']:.1f} | {r['non_2xx']} |"
            )
        # A p95 of a few milliseconds moves from round to round (a collection, the other
        # stack's relay): each read is measured ``--rounds`` times, interleaved, and the
        # median ratio is the figure.
        targets = [
            (d.label, via_gateway(demo, d), via_gateway(big, g))
            for d, g in zip(reads(demo.ids), reads(big.ids), strict=True)
        ] + [
            (page.label, (demo.procs["frontend"].url + page.path, {}),
             (big.procs["frontend"].url + page.path, {}))
            for page in PAGES
        ]  # fmt: skip
        found: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in targets}
        for _ in range(args.rounds):
            for label, small_target, big_target in targets:
                a = asyncio.run(p95(*small_target, args.samples))
                b = asyncio.run(p95(*big_target, args.samples))
                found[label].append((a, b))
        for label, pairs in found.items():
            each = [b / a for a, b in pairs]
            ratios.append(
                f"| {label} | {' / '.join(f'{a:.2f}' for a, _ in pairs)} | "
                f"{' / '.join(f'{b:.2f}' for _, b in pairs)} | "
                f"{' / '.join(f'{r:.2f}' for r in each)} | **{statistics.median(each):.2f}** |"
            )
        rss = {p.name: p.rss_mb() for p in procs}
    return report(args, locals())


def measure(url: str, headers: dict[str, str], args: argparse.Namespace) -> dict:
    wrk(url, connections=args.connections, seconds=2, headers=headers)
    return wrk(url, connections=args.connections, seconds=args.seconds, headers=headers)


def report(args: argparse.Namespace, v: dict) -> str:
    demo, big, sizes = v["demo"], v["big"], v["sizes"]
    return "\n".join(
        [
            "## Reads (issue 17)",
            "",
            "Command: `.venv/bin/python -m tests.perf.bench_reads --database-url … "
            f"--seconds {args.seconds} --connections {args.connections} --factor {args.factor} "
            f"--samples {args.samples} --rounds {args.rounds}`",
            f"Machine: {machine()}; load average before the first measurement "
            f"{v['load_before']}. wrk 1 thread, {args.connections} connections, "
            f"{args.seconds} s per target after a 2 s warm-up; one uvicorn worker per "
            "process, no access log; PostgreSQL 15 on the same host; the gateway's "
            "micro-cache off; the load generator on the same 2 cores.",
            "",
            f"Data: demo stack {sizes[demo.name]}; {big.name} stack {sizes[big.name]} "
            f"(multiplied in {v['multiplied_in']:.0f} s). The demo citizen has "
            f"{demo.ids['votes_of_citizen']} votes.",
            "",
            f"Bare FastAPI hello (`GET /hello`), same run: **{v['hello_rps']:,.0f} req/s**.",
            "",
            "| read | bytes | direct req/s | direct / hello | gateway req/s | gateway / "
            "direct | gateway p50 / p99 ms | non-2xx |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *v["rows"],
            "",
            "| website page (gateway micro-cache off) | bytes | req/s | p50 / p99 ms | "
            "non-2xx/3xx |",
            "|---|---:|---:|---:|---:|",
            *v["pages"],
            "",
            f"Cost against the data: one client, {args.samples} requests per read after 20 "
            f"of warm-up, through the gateway, the two stacks interleaved read by read, "
            f"{args.rounds} rounds.",
            "",
            f"| read | demo p95 ms (each round) | {big.name} p95 ms | ratio | median ratio |",
            "|---|---:|---:|---:|---:|",
            *v["ratios"],
            "",
            "RSS at the end: " + ", ".join(f"{k} {m:.0f} MB" for k, m in v["rss"].items()),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3, help="p95 rounds per read")
    args = parser.parse_args()
    body = run(args)
    write_section("reads", body)
    print(body)


if __name__ == "__main__":
    main()
