"""Real uvicorn processes of Cocrea on free loopback ports, for the fault, fuzz and
authorization suites: environment per process, start, health, SIGTERM, SIGKILL, restart.

Databases come from :class:`tests.conftest.Databases` (created per test, dropped at the
end); every process verifies tokens with the session's test JWKS file, or with the real
gateway's JWKS when a gateway runs in the same stack.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.conftest import INTERNAL_SECRET, ROOT, event_env

START_TIMEOUT_SECONDS = 30.0
OWN_PREFIXES = ("GATEWAY_", "CONSULTATION_", "ROADMAPS_", "TRACKING_", "FRONTEND_", "COCREA_")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_env(name: str, database_url: str, auth: dict[str, str], **extra: str) -> dict:
    """``<NAME>_*`` for one service; ``auth`` is ``{"JWKS_FILE": …}`` or ``{"JWKS_URL": …}``."""
    prefix = name.upper()
    values = {
        "ENVIRONMENT": "test",
        "DATABASE_URL": database_url,
        "INTERNAL_SECRET": INTERNAL_SECRET,
        "RELAY_POLL_SECONDS": "0.2",
        "ACCESS_LOG": "false",
        **auth,
        **extra,
    }
    return event_env(name) | {f"{prefix}_{key}": value for key, value in values.items()}


@dataclass
class ServiceProcess:
    """One ``infra/serve.py <name>`` process; ``env`` holds its own variables."""

    name: str
    env: dict[str, str]
    log_dir: Path
    port: int = field(default_factory=free_port)
    app: str | None = None  # another ASGI factory (tests wrap a service)
    popen: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServiceProcess":
        base = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
        # The containers' entry point (graceful SIGTERM, exit 0), not bare uvicorn.
        command = [
            sys.executable, str(ROOT / "infra" / "serve.py"), self.app or self.name,
            "--host", "127.0.0.1", "--port", str(self.port),
        ]  # fmt: skip
        env = base | self.env | {"PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
        log = open(self.log_dir / f"{self.name}.log", "ab")
        self.popen = subprocess.Popen(
            command, cwd=ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        log.close()
        self.wait_healthy()
        return self

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited {self.popen.returncode}:\n{self.tail()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(
            f"{self.name} not healthy after {START_TIMEOUT_SECONDS}s:\n{self.tail()}"
        )

    def tail(self, lines: int = 40) -> str:
        path = self.log_dir / f"{self.name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def signal(self, sig: int, timeout: float = 30.0) -> int:
        """Send ``sig`` and wait for the exit; returns the exit code."""
        assert self.popen is not None
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            return self.popen.wait()

    def stop(self) -> int:
        return self.signal(signal.SIGTERM)

    def kill(self) -> int:
        return self.signal(signal.SIGKILL)


def destinations(**urls: str) -> str:
    return json.dumps(urls)
