"""The plan dashboard through the gateway, with and without revalidation (If-None-Match),
beside a bare FastAPI hello in the same run; plus the tracking process's memory.

    .venv/bin/python -m tests.perf.bench_dashboard [--seconds 15] [--connections 32]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

Seeds the 13 commitments of the 4th plan with roadmaps (3 key actions × 4 activities each)
and the demo's assessments by signing events into tracking's inbox, then writes the
``dashboard`` section of docs/PERFORMANCE.md.
"""

import argparse
import asyncio
import json
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from kit.event_signing import producer_of
from kit.gateway_credential import CREDENTIAL_HEADER, credential
from kit.migrations import upgrade
from kit.settings import DEV_GATEWAY_SECRET
from kit.tokens import generate_private_key_pem, public_jwk
from tests.conftest import event_env, signed_event
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
from tracking.config import TrackingSettings
from tracking.demo import load_demo

DATA = json.loads((ROOT / "data" / "pa4-mexico-2019-2022.json").read_text())
SECRET = "bench-internal-secret-0123456789"
# Roadmaps publishes only complete roadmaps (contracts.roadmaps.RoadmapPublished).
PERSON = {"account_id": "bench-person", "name": "Persona", "organization": "Institución"}


async def _database(base_url: str | None, tmp: Path) -> str:
    if not base_url:
        return f"sqlite+aiosqlite:///{tmp / 'tracking.sqlite3'}"
    return await create_database(base_url)


def _events() -> list[dict]:
    out = []
    for c in DATA["commitments"]:
        n, cid = c["number"], f"c{c['number']}"
        base = {"commitment_id": cid, "plan_code": "MX-4PA"}
        out.append(
            (
                "roadmaps.commitment.published.v1",
                base
                | {
                    "number": n,
                    "slug": c["slug"],
                    "title": c["title"],
                    "problem": "",
                    "summary": "",
                    "lead_institutions": c.get("participating_institutions") or [],
                    "cso_coresponsible": c.get("cso_coresponsible") or [],
                    "published_at": "2019-12-01T12:00:00+00:00",
                },
            )
        )
        kas = [
            {
                "key_action_id": f"{cid}-k{k}",
                "order": k,
                "title": f"Acción {k}",
                "weight": [50, 30, 20][k - 1],
                "activities": [
                    {
                        "activity_id": f"{cid}-k{k}-a{a}",
                        "order": a,
                        "title": f"Actividad {a}",
                        "start_date": None,
                        "end_date": None,
                        "indicator": "",
                        "means_of_verification": "",
                    }
                    for a in range(1, 5)
                ],
            }
            for k in (1, 2, 3)
        ]
        out.append(
            (
                "roadmaps.roadmap.published.v1",
                base
                | {
                    "roadmap_id": f"rm-{cid}",
                    "commitment_number": n,
                    "commitment_title": c["title"],
                    "version": 1,
                    "published_at": "2019-12-01T12:00:00+00:00",
                    "responsible_public_servant": PERSON,
                    "responsible_cso_person": PERSON,
                    "final_result": "Resultado final",
                    "expected_products": ["Producto"],
                    "indicators": ["Indicador"],
                    "means_of_verification": ["Medio"],
                    "start_date": "2020-01-01",
                    "end_date": "2022-08-31",
                    "members": [],
                    "key_actions": kas,
                },
            )
        )
    return [
        {
            "id": uuid.uuid4().hex,
            "topic": t,
            "source": producer_of(t),
            "occurred_at": datetime.now(UTC).isoformat(),
            "payload": p,
        }
        for t, p in out
    ]


def _seed(tracking_url: str) -> None:
    with httpx.Client(base_url=tracking_url) as client:
        for event in _events():
            body = json.dumps(event).encode()
            headers = signed_event(body, event["source"])
            client.post("/internal/events", content=body, headers=headers).raise_for_status()


def _headers(headers: dict | str | None, target: str) -> dict | None:
    """``"credential"``: what the gateway adds to a request it forwards (services answer 401
    without it); made just before each measurement, as it is valid for a minute."""
    if headers != "credential":
        return headers
    parts = urlsplit(target)
    return {CREDENTIAL_HEADER: credential(DEV_GATEWAY_SECRET, "GET", parts.path, parts.query)}


def run(args: argparse.Namespace) -> str:
    tmp = Path(tempfile.mkdtemp(prefix="cocrea-bench-"))
    url = asyncio.run(_database(args.database_url, tmp))
    upgrade(ROOT / "services" / "tracking", url)
    asyncio.run(load_demo(TrackingSettings(environment="test", database_url=url)))
    pem = generate_private_key_pem()
    (tmp / "jwks.json").write_text(json.dumps({"keys": [public_jwk(pem, "bench")]}))
    env = {
        "TRACKING_DATABASE_URL": url,
        "TRACKING_JWKS_FILE": str(tmp / "jwks.json"),
        "TRACKING_INTERNAL_SECRET": SECRET,
        **event_env("tracking"),
        "TRACKING_RELAY_ENABLED": "false",
        "TRACKING_LOG_LEVEL": "WARNING",
        "TRACKING_ACCESS_LOG": "false",
        "TRACKING_EVIDENCE_DIR": str(tmp / "evidence"),
    }
    with processes() as procs:
        hello = Process("hello", "tests.perf.hello:app", free_port(), {}, tmp)
        tracking = Process("tracking", "tracking.main:create_app", free_port(), env, tmp)
        procs += [hello, tracking]
        tracking.wait("/healthz")
        _seed(tracking.url)
        gateways = {}
        for name, cache_seconds in (("gateway", "1"), ("gateway-nocache", "0")):
            gateways[name] = Process(
                name,
                "gateway.main:create_app",
                free_port(),
                gateway_env(
                    tmp,
                    pem,
                    {"tracking": tracking.url},
                    db=name,
                    public_cache_seconds=cache_seconds,
                ),
                tmp,
            )
            procs.append(gateways[name])
        gateway, nocache = gateways["gateway"], gateways["gateway-nocache"]
        hello.wait("/hello")
        path = "/api/v1/tracking/plans/MX-4PA/dashboard"
        gateway.wait(path)
        nocache.wait(path)
        first = httpx.get(gateway.url + path)
        assert first.status_code == 200, first.text
        etag = first.headers["etag"]
        assert httpx.get(gateway.url + path, headers={"If-None-Match": etag}).status_code == 304
        targets = [
            ("bare FastAPI hello (`GET /hello`)", hello, hello.url + "/hello", None),
            (
                "dashboard through the gateway, no If-None-Match (200)",
                tracking,
                gateway.url + path,
                None,
            ),
            (
                "dashboard through the gateway, If-None-Match (304)",
                tracking,
                gateway.url + path,
                {"If-None-Match": etag},
            ),
            (
                "… gateway micro-cache off, no If-None-Match (200)",
                tracking,
                nocache.url + path,
                None,
            ),
            (
                "… gateway micro-cache off, If-None-Match (304)",
                tracking,
                nocache.url + path,
                {"If-None-Match": etag},
            ),
            (
                "dashboard direct to tracking, no If-None-Match",
                tracking,
                tracking.url + "/plans/MX-4PA/dashboard",
                "credential",
            ),
        ]
        for _, _, target, headers in targets:
            wrk(target, connections=args.connections, seconds=2, headers=_headers(headers, target))
        rows, results = [], {}
        for label, proc, target, headers in targets:
            headers = _headers(headers, target)
            r = wrk(target, connections=args.connections, seconds=args.seconds, headers=headers)
            results[label] = r
            rows.append(
                f"| {label} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                f"{r['non_2xx']} | {proc.name}: {proc.rss_mb():.0f} MB |"
            )
        rss = {p.name: p.rss_mb() for p in procs}
    backend = "PostgreSQL" if args.database_url else "SQLite"
    plain = results[targets[1][0]]["rps"]
    revalidated = results[targets[2][0]]["rps"]
    plain_off = results[targets[3][0]]["rps"]
    revalidated_off = results[targets[4][0]]["rps"]
    return "\n".join(
        [
            "## Tracking dashboard (issue #5)",
            "",
            f"Command: `.venv/bin/python -m tests.perf.bench_dashboard --seconds {args.seconds} "
            f"--connections {args.connections}"
            + (" --database-url …`" if args.database_url else "`"),
            f"Machine: {machine()}; wrk 1 thread, {args.connections} connections, {args.seconds} s "
            f"per target after a 2 s warm-up; one uvicorn worker each; tracking on {backend} "
            "with the 13 commitments of the 4th plan (3 key actions × 4 activities each) and the "
            "demo's assessments. wrk counts 304 as a success.",
            "",
            "| target | req/s | p50 ms | p99 ms | non-2xx/3xx | RSS after run |",
            "|---|---:|---:|---:|---:|---|",
            *rows,
            "",
            f"Goals: ≥ 2,000 req/s with revalidation (measured **{revalidated:,.0f}**), ≥ 600 "
            f"without (measured **{plain:,.0f}**), tracking RSS < 150 MB "
            f"(measured **{rss['tracking']:.0f} MB**). With the gateway's micro-cache off "
            f"(`GATEWAY_PUBLIC_CACHE_SECONDS=0`, every request reaches tracking): "
            f"{revalidated_off:,.0f} with revalidation, {plain_off:,.0f} without.",
            "",
            "The gateway keeps a public answer (anonymous GET, `Cache-Control: public`) for at "
            "most 1 s and answers revalidations itself, so the rows above measure that cache; "
            "the rows with the cache off measure the full path through tracking.",
            "",
            "How: the ETag is the plan's change counter (`plan_state`, bumped in the transaction "
            "of every public change) remembered in-process for `TRACKING_VERSION_TTL_SECONDS` "
            "(this process's own changes invalidate it at commit), so a revalidation usually "
            "touches no database; the rendered dashboard is kept in an in-process LRU keyed by "
            "plan version and filters.",
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
    write_section("dashboard", body)
    print(body)


if __name__ == "__main__":
    main()
