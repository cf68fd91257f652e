"""CPU per request of roadmaps' public ``GET /commitments?plan_code=MX-4PA``, direct to the
service: this tree against another one (``--before``, e.g. the main branch's worktree), two
uvicorn processes on the same database, measured interleaved (the machine is shared).

    .venv/bin/python -m tests.perf.bench_reads_freshness --before /work/main \\
        [--seconds 8] [--rounds 3] [--database-url postgresql://postgres@127.0.0.1:5432/postgres]

CPU = the process's utime+stime delta (/proc/PID/stat) over wrk's requests. Prints a table.
"""

import argparse
import os
from pathlib import Path

import httpx

from kit.gateway_credential import credential
from kit.settings import DEV_GATEWAY_SECRET
from tests.perf.bench_gateway import seeded_roadmaps
from tests.perf.harness import Process, free_port, processes, wrk

PATH, QUERY = "/commitments", "plan_code=MX-4PA"


def _measure(proc: Process, seconds: int, connections: int, extra: dict[str, str]) -> dict:
    headers = {"X-Cocrea-Gateway": credential(DEV_GATEWAY_SECRET, "GET", PATH, QUERY)} | extra
    cpu = proc.cpu_seconds()
    result = wrk(
        f"{proc.url}{PATH}?{QUERY}", connections=connections, seconds=seconds, headers=headers
    )
    used = proc.cpu_seconds() - cpu
    return result | {"cpu_ms": 1000 * used / max(result["requests"], 1)}


def run(args: argparse.Namespace) -> str:
    tmp, _pem, env = seeded_roadmaps(args.database_url)
    before_tree = Path(args.before)
    before_path = os.pathsep.join(
        str(before_tree / p) for p in ("libs", "services/roadmaps", "services/tracking")
    )
    app = "roadmaps.main:create_app"
    lines = []
    with processes() as procs:
        before = Process("before", app, free_port(), env | {"PYTHONPATH": before_path}, tmp)
        after = Process("after", app, free_port(), env, tmp)
        procs += [before, after]
        for proc in procs:
            proc.wait("/healthz")
            _measure(proc, 2, args.connections, {})  # warm up
        rows: dict[str, list[dict]] = {"before": [], "after": [], "after, If-None-Match": []}
        tag = None
        for _ in range(args.rounds):
            rows["before"].append(_measure(before, args.seconds, args.connections, {}))
            rows["after"].append(_measure(after, args.seconds, args.connections, {}))
            if tag is None:
                headers = {"X-Cocrea-Gateway": credential(DEV_GATEWAY_SECRET, "GET", PATH, QUERY)}
                tag = httpx.get(f"{after.url}{PATH}?{QUERY}", headers=headers).headers["etag"]
                old = httpx.get(f"{before.url}{PATH}?{QUERY}", headers=headers)
                lines.append(f"before: {old.status_code}, ETag {old.headers.get('etag')}; ")
                lines.append(f"after: ETag {tag}\n")
            rows["after, If-None-Match"].append(
                _measure(after, args.seconds, args.connections, {"If-None-Match": tag})
            )
    lines.append("| tree | requests/s | CPU ms/request | p50 ms | p99 ms | not 2xx/3xx |")
    lines.append("|---|---|---|---|---|---|")
    for name, results in rows.items():
        for r in results:
            cells = (name, f"{r['rps']:.0f}", f"{r['cpu_ms']:.3f}", f"{r['p50_ms']:.1f}")
            lines.append(f"| {' | '.join(cells)} | {r['p99_ms']:.1f} | {r['non_2xx']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url")
    print(run(parser.parse_args()))


if __name__ == "__main__":
    main()
