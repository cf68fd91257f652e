"""The public website's budget: page weight (HTML+CSS+JS before compression, < 100 KB)
and the tablero's throughput through frontend → gateway → tracking (goal ≥ 500 req/s).

    .venv/bin/python -m tests.perf.bench_frontend [--seconds 15] [--connections 32]

Starts the whole stack with demo data (``infra/dev.py up`` on free ports), plus a second
website process whose cache always revalidates (fresh window 0 s: every page view sends
``If-None-Match`` to the gateway), so both ways are measured side by side in one run.
Writes the ``frontend`` section of docs/PERFORMANCE.md.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import httpx

from tests.e2e.test_stack import OWN_PREFIXES, Stack, _pump, free_port_base
from tests.perf.harness import ROOT, Process, free_port, machine, processes, write_section, wrk

PAGES = ["/", "/consulta", "/tablero", "/datos-abiertos", "/aviso-de-privacidad",
         "/accesibilidad", "/registro", "/entrar", "/verificar"]  # fmt: skip
BUDGET = 100 * 1024
FRESH = "1 s fresh window, then ETag revalidation"
ALWAYS = "`If-None-Match` → 304 on every view"


def start_stack(data_dir: Path) -> Stack:
    base = free_port_base()
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    command = [sys.executable, str(ROOT / "infra" / "dev.py"), "up", "--port-base", str(base)]
    process = subprocess.Popen(
        [*command, "--data-dir", str(data_dir)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, text=True, start_new_session=True,
    )  # fmt: skip
    stack = Stack(process, base)
    threading.Thread(target=_pump, args=(process.stdout, stack.output), daemon=True).start()
    ready = f"Cocrea is ready: open {stack.website}"
    for _ in range(600):
        if ready in stack.text():
            return stack
        if process.poll() is not None:
            raise SystemExit(stack.text()[-4000:])
        threading.Event().wait(0.2)
    stack.stop()
    raise SystemExit("the stack did not start")


def page_weights(website: str) -> list[tuple[str, int, int]]:
    """(path, HTML bytes, HTML + every linked stylesheet and script)."""
    rows = []
    with httpx.Client(base_url=website, timeout=10) as client:
        first_topic = re.search(r'href="(/consulta/temas/\w+)"', client.get("/consulta").text)
        first_commitment = re.search(
            r'href="(/tablero/compromisos/\w+)"', client.get("/tablero").text
        )
        extra = [m.group(1) for m in (first_topic, first_commitment) if m]
        for path in PAGES + extra:
            html = client.get(path).content
            assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
            total = len(html) + sum(len(client.get(a.decode()).content) for a in assets)
            rows.append((path, len(html), total))
    return rows


def run(args: argparse.Namespace) -> str:
    tmp = Path(tempfile.mkdtemp(prefix="cocrea-bench-frontend-"))
    stack = start_stack(tmp / "stack")
    try:
        weights = page_weights(stack.website)
        with processes() as procs:
            env = {"FRONTEND_GATEWAY_URL": stack.gateway, "FRONTEND_CACHE_FRESH_SECONDS": "0",
                   "FRONTEND_ACCESS_LOG": "false", "FRONTEND_LOG_LEVEL": "WARNING"}  # fmt: skip
            always = Process(
                "frontend-revalidating", "frontend.main:create_app", free_port(), env, tmp
            )
            procs.append(always)
            always.wait("/healthz")
            dashboard = "/api/v1/tracking/plans/MX-4PA/dashboard"
            targets = [
                (f"website as `dev.py up` runs it ({FRESH})", stack.website + "/tablero"),
                (f"website revalidating every view ({ALWAYS})", always.url + "/tablero"),
                (f"the gateway alone (`GET {dashboard}`)", stack.gateway + dashboard),
            ]
            results = []
            for label, url in targets:
                wrk(url, connections=args.connections, seconds=2)
                results.append(
                    (label, wrk(url, connections=args.connections, seconds=args.seconds))
                )
    finally:
        stack.stop()
    return report(args, weights, results)


def report(args: argparse.Namespace, weights: list, results: list) -> str:
    lines = [
        "## Website (frontend)",
        "",
        f"`.venv/bin/python -m tests.perf.bench_frontend --seconds {args.seconds} "
        f"--connections {args.connections}` on {machine()}; one uvicorn worker per process.",
        "",
        "| page | HTML bytes | HTML + CSS + JS bytes | under 100 KB |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{p}` | {h:,} | {t:,} | {'yes' if t < BUDGET else '**no**'} |" for p, h, t in weights
    ]
    lines += ["", "No page loads any script (nothing render-blocking); one stylesheet.", ""]
    lines += [
        "| tablero (`GET /tablero`) | req/s | p50 ms | p99 ms | non-2xx/3xx |",
        "|---|---|---|---|---|",
    ]
    for label, r in results:
        lines.append(
            f"| {label} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
            f"| {r['non_2xx']} |"
        )
    lines += ["", "Goal: ≥ 500 req/s for the tablero through frontend → gateway → tracking."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    body = run(parser.parse_args())
    write_section("frontend", body)
    print(body)


if __name__ == "__main__":
    main()
