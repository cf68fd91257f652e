"""Shared plumbing for the benchmark scripts: processes, wrk, RSS, the results file.

Benchmarks run on demand (never in the test suite); ratios are measured side by side in
one run, and each script rewrites its own section of docs/PERFORMANCE.md.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from kit.tokens import TokenSigner, generate_private_key_pem, public_jwk

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "docs" / "PERFORMANCE.md"


async def create_database(base_url: str) -> str:
    """A new ``cocrea_bench_*`` database on the PostgreSQL server of ``base_url``; its URL
    for asyncpg/SQLAlchemy (``postgresql+asyncpg://…``). Drop them after killed runs."""
    name = f"cocrea_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(base_url)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    url = make_url(base_url).set(drivername="postgresql+asyncpg", database=name)
    return url.render_as_string(hide_password=False)


def plain_dsn(url: str) -> str:
    """The same URL as asyncpg.connect wants it (``postgresql://…``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def consultation_env(tmp: Path, url: str) -> tuple[str, TokenSigner, dict[str, str]]:
    """A bench signing key (PEM) and the signer of its tokens, and the environment of a
    consultation on ``url`` that trusts it, with its relay off and quiet logs."""
    pem = generate_private_key_pem()
    (tmp / "jwks.json").write_text(json.dumps({"keys": [public_jwk(pem, "bench")]}))
    signer = TokenSigner(pem, "bench", issuer="cocrea-gateway", audience="cocrea-api")
    env = {
        "CONSULTATION_DATABASE_URL": url,
        "CONSULTATION_JWKS_FILE": str(tmp / "jwks.json"),
        "CONSULTATION_RELAY_ENABLED": "false",
        "CONSULTATION_LOG_LEVEL": "WARNING",
        "CONSULTATION_ACCESS_LOG": "false",
    }
    return pem, signer, env


def gateway_env(
    tmp: Path, pem: str, services: dict[str, str], db: str = "gateway", **settings: str
) -> dict[str, str]:
    """A benchmark gateway's environment: its own SQLite file, migrated as the gateway
    requires before it starts, the bench signing key, the services, quiet logs, plus
    ``settings`` as ``GATEWAY_<NAME>`` values."""
    path = tmp / f"{db}.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    if not path.exists():
        from kit.migrations import upgrade

        upgrade(ROOT / "gateway", url)
    env = {
        "GATEWAY_DATABASE_URL": url,
        "GATEWAY_SIGNING_KEY_PEM": pem,
        "GATEWAY_SIGNING_KEY_ID": "bench",
        "GATEWAY_SERVICE_URLS": json.dumps(services),
        "GATEWAY_LOG_LEVEL": "WARNING",
    }
    return env | {f"GATEWAY_{name.upper()}": value for name, value in settings.items()}


BENCH_PREFIXES = ("GATEWAY", "CONSULTATION", "ROADMAPS", "TRACKING", "FRONTEND")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    def __init__(self, name: str, app: str, port: int, env: dict[str, str], log_dir: Path):
        self.name, self.port = name, port
        log = open(log_dir / f"{name}.log", "wb")
        cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        if app.endswith("create_app"):
            cmd.append("--factory")
        # Settings default to production: a benchmark process is a test process.
        tested = {f"{p}_ENVIRONMENT": "test" for p in BENCH_PREFIXES}
        self.proc = subprocess.Popen(
            cmd, env={**os.environ, **tested, **env}, stdout=log, stderr=log, cwd=ROOT
        )
        self._log = log

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait(self, path: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}")
            try:
                if httpx.get(self.url + path, timeout=1).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not become ready")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


@contextmanager
def processes():
    started: list[Process] = []
    try:
        yield started
    finally:
        for p in reversed(started):
            p.stop()


def wrk(
    url: str,
    *,
    connections: int,
    seconds: int,
    threads: int = 1,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
) -> dict[str, float]:
    """Closed-loop load with wrk; returns requests/s, p50/p99 latency (ms) and errors."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is required: apt-get install wrk")
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    if script is not None:
        cmd += ["-s", str(script)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    total = re.search(r"(\d+) requests in", out)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)

    def pct(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {
        "rps": rps,
        "requests": int(total.group(1)) if total else 0,
        "p50_ms": pct("50"),
        "p99_ms": pct("99"),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{cpus} cores ({model}), Python {sys.version.split()[0]}, load average at start {load}"


def write_section(key: str, body: str) -> None:
    """Replace the ``<!-- bench:key -->`` section of docs/PERFORMANCE.md."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    text = (
        RESULTS.read_text()
        if RESULTS.exists()
        else "# Performance\n\nMeasured on demand with the scripts in tests/perf/; "
        "each section names the command that produced it.\n"
    )
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL server process on this machine (same host)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip().startswith("postgres"):
                total += cpu_seconds(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return total
