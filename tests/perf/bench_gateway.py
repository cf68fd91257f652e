"""Gateway overhead: a public GET direct to a service vs. the same GET through the gateway,
beside a bare FastAPI hello endpoint, all in one run; plus the proxy's two HTTP transports.

    .venv/bin/python -m tests.perf.bench_gateway [--seconds 15] [--connections 32]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Writes the ``gateway`` section of docs/PERFORMANCE.md.
"""

import argparse
import asyncio
import json
import tempfile
from pathlib import Path

from kit.db import Database
from kit.gateway_credential import CREDENTIAL_HEADER, credential
from kit.migrations import upgrade
from kit.settings import DEV_GATEWAY_SECRET
from kit.tokens import generate_private_key_pem, public_jwk
from roadmaps.commitments import service
from roadmaps.commitments.schemas import CommitmentCreate
from roadmaps.db import kit_tables
from tests.perf.harness import (
    ROOT,
    Process,
    create_database,
    free_port,
    gateway_env,
    machine,
    processes,
    write_section,
    wrk,
)

DATA = json.loads((ROOT / "data" / "pa4-mexico-2019-2022.json").read_text())


async def _database(base_url: str | None, tmp: Path) -> str:
    if not base_url:
        return f"sqlite+aiosqlite:///{tmp / 'roadmaps.sqlite3'}"
    return await create_database(base_url)


async def _seed(url: str) -> None:
    db = Database(url, info={"kit": kit_tables})
    async with db.transaction() as session:
        for item in DATA["commitments"]:
            data = CommitmentCreate(
                plan_code="MX-4PA",
                number=item["number"],
                slug=item["slug"],
                title=item["title"],
                problem=item["problem"] or "",
                summary=item["summary"] or "",
            )
            created = await service.create_commitment(session, None, data)
            await service.publish_commitment(session, None, created.id)
    await db.dispose()


def seeded_roadmaps(database_url: str | None) -> tuple[Path, str, dict[str, str]]:
    """A roadmaps database with the plan's commitments published, in a new temporary
    folder; the folder, the bench signing key and the service's environment."""
    tmp = Path(tempfile.mkdtemp(prefix="cocrea-bench-"))
    url = asyncio.run(_database(database_url, tmp))
    upgrade(ROOT / "services" / "roadmaps", url)
    asyncio.run(_seed(url))
    pem = generate_private_key_pem()
    (tmp / "jwks.json").write_text(json.dumps({"keys": [public_jwk(pem, "bench")]}))
    env = {
        "ROADMAPS_DATABASE_URL": url,
        "ROADMAPS_JWKS_FILE": str(tmp / "jwks.json"),
        "ROADMAPS_RELAY_ENABLED": "false",
        "ROADMAPS_LOG_LEVEL": "WARNING",
    }
    return tmp, pem, env


def run(args: argparse.Namespace) -> str:
    tmp, pem, common = seeded_roadmaps(args.database_url)
    with processes() as procs:
        hello = Process("hello", "tests.perf.hello:app", free_port(), {}, tmp)
        roadmaps = Process("roadmaps", "roadmaps.main:create_app", free_port(), common, tmp)
        procs += [hello, roadmaps]
        gateways = {}
        for transport in ("aiohttp", "httpx"):
            env = gateway_env(tmp, pem, {"roadmaps": roadmaps.url}, proxy_transport=transport)
            gateways[transport] = Process(
                f"gateway-{transport}", "gateway.main:create_app", free_port(), env, tmp
            )
            procs.append(gateways[transport])
        hello.wait("/hello")
        roadmaps.wait("/healthz")
        for g in gateways.values():
            g.wait("/api/v1/roadmaps/commitments")
        path = "/commitments?plan_code=MX-4PA"
        targets = [
            ("bare FastAPI hello (`GET /hello`)", hello, hello.url + "/hello"),
            (
                "roadmaps direct (`GET /commitments?plan_code=MX-4PA`)",
                roadmaps,
                roadmaps.url + path,
            ),
            (
                "through the gateway, aiohttp client (default)",
                gateways["aiohttp"],
                gateways["aiohttp"].url + "/api/v1/roadmaps" + path,
            ),
            (
                "through the gateway, httpx with its own transport",
                gateways["httpx"],
                gateways["httpx"].url + "/api/v1/roadmaps" + path,
            ),
        ]
        # The credential the gateway adds: services answer 401 without it; valid a minute.
        route, query = path.split("?", 1)
        direct = {
            roadmaps.url + path: lambda: {
                CREDENTIAL_HEADER: credential(DEV_GATEWAY_SECRET, "GET", route, query)
            }
        }
        for _, _, target in targets:  # warm up pools and caches
            headers = direct[target]() if target in direct else None
            wrk(target, connections=args.connections, seconds=2, headers=headers)
        rows, results = [], {}
        for label, proc, target in targets:
            headers = direct[target]() if target in direct else None
            r = wrk(target, connections=args.connections, seconds=args.seconds, headers=headers)
            results[label] = r
            rows.append(
                f"| {label} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                f"{r['non_2xx']} | {proc.name}: {proc.rss_mb():.0f} MB |"
            )
        rss = {p.name: p.rss_mb() for p in procs}
    direct_rps = results[targets[1][0]]["rps"]
    via_aiohttp = results[targets[2][0]]["rps"]
    via_httpx = results[targets[3][0]]["rps"]
    backend = "PostgreSQL" if args.database_url else "SQLite"
    return "\n".join(
        [
            "## Gateway overhead (Foundation issue)",
            "",
            f"Command: `.venv/bin/python -m tests.perf.bench_gateway --seconds {args.seconds} "
            f"--connections {args.connections}"
            + (" --database-url …`" if args.database_url else "`"),
            f"Machine: {machine()}; wrk 1 thread, {args.connections} connections, {args.seconds} s "
            f"per target after a 2 s warm-up; every process on the same 2 cores; one uvicorn "
            f"worker each; roadmaps on {backend} with the 13 commitments of the 4th plan.",
            "",
            "| target | req/s | p50 ms | p99 ms | non-2xx | RSS after run |",
            "|---|---:|---:|---:|---:|---|",
            *rows,
            "",
            f"Gateway (aiohttp client) / direct: **{via_aiohttp / direct_rps:.0%}** (goal ≥ 40%). "
            f"httpx / direct: {via_httpx / direct_rps:.0%}. "
            f"aiohttp vs httpx: {via_aiohttp / via_httpx:.1f}×, so the gateway calls the services "
            "with aiohttp's client (`GATEWAY_PROXY_TRANSPORT=aiohttp`, the default; "
            "gateway/upstream.py).",
            "",
            "Process memory (RSS) at the end: "
            + ", ".join(f"{k} {v:.0f} MB" for k, v in rss.items()),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    body = run(args)
    write_section("gateway", body)
    print(body)


if __name__ == "__main__":
    main()
