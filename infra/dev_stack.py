"""The local stack: environment, migrations, demo data, five uvicorn processes, supervision.

Standard library only (it runs under the venv's Python, but needs nothing from it but the
commands it starts). Logs of each process go to ``<data-dir>/logs/<name>.log``.
"""

import ctypes
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("consultation", "roadmaps", "tracking")
SERVICE_OFFSETS = {"gateway": 0, "consultation": 101, "roadmaps": 102, "tracking": 103}
FRONTEND_OFFSET = 80
STARTUP_TIMEOUT_SECONDS = 60.0
STOP_GRACE_SECONDS = 10.0
# Services whose events include e-mail requests for the gateway (as in docker-compose.yml).
MAIL_REQUESTERS = ("consultation", "tracking")
ACCOUNTS_FILE = "demo-accounts.json"  # in the data dir: the demo accounts for the loaders
SEED_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("-m", "gateway", "seed-demo-accounts", "--accounts-file", "{accounts}"),
    ("-m", "consultation.demo"),
    ("-m", "roadmaps.demo"),
    ("-m", "tracking.demo"),
    ("-m", "tracking.documents.seed"),
)
# MX-5PA's demonstration cycle crosses services: each loader runs again once the servers
# are up and keeps going while the events it needs arrive through the outboxes.
CYCLE_COMMANDS: tuple[tuple[str, ...], ...] = tuple(
    ("-m", f"{name}.demo", "--wait", "{wait}") for name in SERVICES
)
CYCLE_TIMEOUT_SECONDS = 120


class StackError(RuntimeError):
    """The stack could not start or stopped on its own."""


class Stop(Exception):
    """Raised from the SIGINT/SIGTERM handler to unwind into the clean shutdown."""


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


@dataclass(frozen=True)
class Ports:
    base: int = 8000

    def of(self, name: str) -> int:
        return self.base + (FRONTEND_OFFSET if name == "frontend" else SERVICE_OFFSETS[name])

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.of(name)}"

    def all(self) -> dict[str, int]:
        return {name: self.of(name) for name in (*SERVICE_OFFSETS, "frontend")}


def dev_secret(data_dir: Path) -> str:
    """One internal secret per data dir, generated once and kept in ``dev-secret``."""
    path = data_dir / "dev-secret"
    if path.is_file() and path.read_text().strip():
        return path.read_text().strip()
    value = secrets.token_urlsafe(32)
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


def dev_event_keys(data_dir: Path) -> dict[str, dict[str, str]]:
    """One Ed25519 event key pair per producing process (kit.event_signing), made once by
    the venv's ``python -m kit.event_signing new <names>`` and kept in
    ``keys/events/<name>.json``."""
    folder = data_dir / "keys" / "events"
    folder.mkdir(parents=True, exist_ok=True)
    names = ("gateway", *SERVICES)
    missing = [name for name in names if not (folder / f"{name}.json").is_file()]
    if missing:
        made = subprocess.run(
            [sys.executable, "-m", "kit.event_signing", "new", *missing],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        for name, pair in json.loads(made.stdout).items():
            path = folder / f"{name}.json"
            path.write_text(json.dumps(pair) + "\n")
            path.chmod(0o600)
    return {name: json.loads((folder / f"{name}.json").read_text()) for name in names}


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path.resolve()}"


def stack_env(ports: Ports, data_dir: Path, base: Mapping[str, str]) -> dict[str, str]:
    """The processes' environment; any variable already exported wins over ours."""
    secret = dev_secret(data_dir)
    event_keys = dev_event_keys(data_dir)
    public_keys = json.dumps({name: [pair["public"]] for name, pair in event_keys.items()})
    gateway = ports.url("gateway")
    service_urls = {name: ports.url(name) for name in SERVICES}
    values: dict[str, str] = {}
    for name in SERVICES:
        prefix = name.upper()
        others = {other: url for other, url in service_urls.items() if other != name}
        if name in MAIL_REQUESTERS:  # their notification e-mails are sent by the gateway
            others["gateway"] = gateway
        values |= {
            f"{prefix}_ENVIRONMENT": "dev",
            f"{prefix}_DATABASE_URL": sqlite_url(data_dir / f"{name}.sqlite3"),
            f"{prefix}_EVENT_SIGNING_KEY": event_keys[name]["private"],
            f"{prefix}_EVENT_PUBLIC_KEYS": public_keys,
            f"{prefix}_JWKS_URL": f"{gateway}/.well-known/jwks.json",
            f"{prefix}_EVENT_DESTINATIONS": json.dumps(others),
        }
    values |= {
        "GATEWAY_ENVIRONMENT": "dev",
        "GATEWAY_DATABASE_URL": sqlite_url(data_dir / "gateway.sqlite3"),
        "GATEWAY_INTERNAL_SECRET": secret,
        "TRACKING_INTERNAL_SECRET": secret,
        "GATEWAY_EVENT_SIGNING_KEY": event_keys["gateway"]["private"],
        "GATEWAY_EVENT_PUBLIC_KEYS": public_keys,
        "GATEWAY_PUBLIC_URL": gateway,
        "GATEWAY_WEBSITE_URL": ports.url("frontend"),
        "GATEWAY_SERVICE_URLS": json.dumps(service_urls),
        "GATEWAY_EVENT_DESTINATIONS": json.dumps(service_urls),
        "GATEWAY_SIGNING_KEY_FILE": str((data_dir / "keys" / "gateway-signing.pem").resolve()),
        "GATEWAY_MAIL_DIR": str((data_dir / "mail").resolve()),
        "FRONTEND_ENVIRONMENT": "dev",
        "FRONTEND_GATEWAY_URL": gateway,
        "COCREA_DEMO_ACCOUNTS": str((data_dir / ACCOUNTS_FILE).resolve()),
    }
    env = dict(base)
    for key, value in values.items():
        env.setdefault(key, value)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def check_ports_free(ports: Ports) -> None:
    for name, port in ports.all().items():
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                raise StackError(
                    f"port {port} ({name}) is already in use: stop what runs there "
                    "or pick other ports with --port-base"
                )


def run_step(title: str, command: list[str], env: Mapping[str, str]) -> str:
    """Run a setup command; its output is printed (and returned); failure stops ``up``."""
    say(title)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    output = (result.stdout + result.stderr).rstrip()
    if output:
        print(output, flush=True)
    if result.returncode != 0:
        raise StackError(f"'{' '.join(command)}' failed with exit code {result.returncode}")
    return result.stdout.strip()


def migrate(env: Mapping[str, str]) -> None:
    script = str(ROOT / "infra" / "migrate.py")
    run_step("migrating databases", [sys.executable, script, "gateway", *SERVICES], env)


def _command(args: tuple[str, ...], env: Mapping[str, str]) -> list[str]:
    values = {"accounts": env["COCREA_DEMO_ACCOUNTS"], "wait": str(CYCLE_TIMEOUT_SECONDS)}
    return [sys.executable, *(arg.format(**values) for arg in args)]


def seed(env: Mapping[str, str]) -> str:
    """Demo accounts and the 4th plan's data; returns what the accounts command printed."""
    outputs = [
        run_step(f"loading demo data: python {' '.join(args[:3])}", _command(args, env), env)
        for args in SEED_COMMANDS
    ]
    return outputs[0]


def start_cycle(env: Mapping[str, str]) -> list[subprocess.Popen]:
    """MX-5PA's demonstration cycle: the loaders start beside the servers and run side by
    side, each polling its own database for the events of the others."""
    say("loading the MX-5PA demonstration cycle (events between services)")
    return [
        subprocess.Popen(
            _command(args, env),
            cwd=ROOT,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            preexec_fn=_die_with_parent,
        )
        for args in CYCLE_COMMANDS
    ]


def finish_cycle(running: list[subprocess.Popen]) -> None:
    """Wait for the loaders; one that gives up is reported and the stack goes on."""
    for popen in running:
        output, _ = popen.communicate()
        if output.strip():
            print(output.rstrip(), flush=True)
        if popen.returncode != 0:
            say(f"warning: the demonstration cycle is incomplete (exit {popen.returncode})")


def stop_cycle(running: list[subprocess.Popen]) -> None:
    for popen in running:
        if popen.poll() is None:
            popen.terminate()
            popen.wait()


def _die_with_parent() -> None:
    """Linux: a child gets SIGTERM if the launcher itself is killed (kill -9, crash)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class Process:
    name: str
    port: int
    log_path: Path
    popen: subprocess.Popen = field(repr=False)

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/healthz"

    def tail(self, lines: int = 25) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def start_process(name: str, port: int, env: Mapping[str, str], logs: Path) -> Process:
    log_path = logs / f"{name}.log"
    command = [
        sys.executable, "-m", "uvicorn", f"{name}.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    with open(log_path, "ab") as log_file:
        popen = subprocess.Popen(
            command, cwd=ROOT, env=dict(env), stdout=log_file, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent,
        )  # fmt: skip
    say(f"started {name} (pid {popen.pid}) on http://127.0.0.1:{port}")
    return Process(name, port, log_path, popen)


def is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (http://127.0.0.1)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_healthy(processes: list[Process], timeout: float = STARTUP_TIMEOUT_SECONDS) -> None:
    pending = list(processes)
    deadline = time.monotonic() + timeout
    while pending:
        for process in list(pending):
            if process.popen.poll() is not None:
                raise StackError(dead_report(process))
            if is_healthy(process.health_url):
                pending.remove(process)
        if pending and time.monotonic() > deadline:
            names = ", ".join(p.name for p in pending)
            raise StackError(f"not healthy after {timeout:.0f}s: {names} (see their logs)")
        if pending:
            time.sleep(0.2)


def dead_report(process: Process) -> str:
    return (
        f"{process.name} exited with code {process.popen.returncode}; "
        f"last lines of {process.log_path}:\n{process.tail()}"
    )


def stop_all(processes: list[Process]) -> None:
    for process in processes:
        if process.popen.poll() is None:
            process.popen.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        try:
            process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{process.name} did not stop in {STOP_GRACE_SECONDS:.0f}s; killing it")
            process.popen.kill()
            process.popen.wait()
    say("all processes stopped")


_stopping = {"now": False}


def _raise_stop(signum: int, _frame: object) -> None:
    if not _stopping["now"]:
        raise Stop(signal.Signals(signum).name)


def banner(ports: Ports, data_dir: Path, accounts: str) -> None:
    lines = [
        f"Cocrea is ready: open {ports.url('frontend')}",
        f"  API docs:      {ports.url('gateway')}/api/docs",
        f"  Public keys:   {ports.url('gateway')}/.well-known/jwks.json",
        f"  Logs:          {data_dir / 'logs'}/<name>.log",
        "  Demo accounts: " + (accounts.replace("\n", "\n    ") if accounts else "(none printed)"),
        "  Stop with Ctrl-C.",
    ]
    say("\n".join(lines))


def supervise(processes: list[Process]) -> None:
    """Return when a signal arrives (raises Stop) or a process dies (raises StackError)."""
    while True:
        for process in processes:
            if process.popen.poll() is not None:
                raise StackError(dead_report(process))
        time.sleep(0.5)


def up(ports: Ports, data_dir: Path) -> int:
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    processes: list[Process] = []
    cycle: list[subprocess.Popen] = []
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "logs").mkdir(exist_ok=True)
        check_ports_free(ports)
        env = stack_env(ports, data_dir, os.environ)
        migrate(env)
        accounts = seed(env)
        for name in ("gateway", *SERVICES, "frontend"):
            processes.append(start_process(name, ports.of(name), env, data_dir / "logs"))
        cycle = start_cycle(env)
        wait_healthy(processes)
        finish_cycle(cycle)
        banner(ports, data_dir, accounts)
        supervise(processes)
    except Stop as stop:
        say(f"{stop}: stopping")
        return 0
    except StackError as exc:
        say(f"error: {exc}")
        return 1
    finally:
        _stopping["now"] = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_cycle(cycle)
        stop_all(processes)
    return 0


def seed_with_servers(ports: Ports, data_dir: Path, env: Mapping[str, str]) -> None:
    """``seed``: the demonstration cycle needs its events delivered, so the gateway and the
    services run (no website) until the loaders are done, then stop."""
    (data_dir / "logs").mkdir(exist_ok=True)
    check_ports_free(ports)
    processes: list[Process] = []
    cycle: list[subprocess.Popen] = []
    try:
        for name in ("gateway", *SERVICES):
            processes.append(start_process(name, ports.of(name), env, data_dir / "logs"))
        cycle = start_cycle(env)
        wait_healthy(processes)
        finish_cycle(cycle)
    finally:
        stop_cycle(cycle)
        stop_all(processes)


def setup_only(ports: Ports, data_dir: Path, *, with_demo: bool) -> int:
    """``migrate`` / ``seed`` subcommands: the setup steps of ``up`` (``seed`` runs the
    backend servers only while the demonstration cycle loads)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = stack_env(ports, data_dir, os.environ)
    try:
        migrate(env)
        if with_demo:
            seed(env)
            seed_with_servers(ports, data_dir, env)
    except StackError as exc:
        say(f"error: {exc}")
        return 1
    return 0
