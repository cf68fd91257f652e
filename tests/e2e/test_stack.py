"""The README's ``python3 infra/dev.py up`` works: the whole stack on free ports.

It runs in the normal suite on purpose (it is the proof the quick start works): one stack
per module, started in a temporary data dir, checked through the website and the gateway,
then stopped with SIGTERM like a developer's Ctrl-C.
"""

import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

# Generous: a loaded 2-core machine migrates and seeds slowly, and the stack is ready only
# once the MX-5PA demonstration cycle has loaded through its events.
START_TIMEOUT_SECONDS = 180
STOP_TIMEOUT_SECONDS = 20
OFFSETS = (0, 80, 101, 102, 103)
OWN_PREFIXES = ("GATEWAY_", "CONSULTATION_", "ROADMAPS_", "TRACKING_", "FRONTEND_", "COCREA_")


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_base() -> int:
    for _ in range(100):
        base = random.randrange(20000, 60000, 10)
        if all(_port_free(base + offset) for offset in OFFSETS):
            return base
    raise RuntimeError("no free block of ports for the stack")


@dataclass
class Stack:
    process: subprocess.Popen
    base: int
    output: list[str] = field(default_factory=list)

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.base}"

    @property
    def website(self) -> str:
        return f"http://127.0.0.1:{self.base + 80}"

    def text(self) -> str:
        return "".join(self.output)

    def child_pids(self) -> dict[str, int]:
        return {m[0]: int(m[1]) for m in re.findall(r"started (\w+) \(pid (\d+)\)", self.text())}

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            return -9


def _exists(pid: int) -> bool:
    """True while the pid exists (a zombie too: the launcher must have reaped its children)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _pump(stream, sink: list[str]) -> None:
    for line in stream:
        sink.append(line)


def _wait_ready(stack: Stack) -> None:
    ready = f"Cocrea is ready: open {stack.website}"
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while ready not in stack.text():
        if stack.process.poll() is not None:
            pytest.fail(
                f"dev.py up exited with {stack.process.returncode}:\n{stack.text()[-6000:]}"
            )
        if time.monotonic() > deadline:
            stack.stop()
            pytest.fail(f"not ready after {START_TIMEOUT_SECONDS}s:\n{stack.text()[-6000:]}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    base = free_port_base()
    data_dir: Path = tmp_path_factory.mktemp("stack")
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    command = [sys.executable, str(ROOT / "infra" / "dev.py"), "up"]
    process = subprocess.Popen(
        [*command, "--port-base", str(base), "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    running = Stack(process, base)
    threading.Thread(target=_pump, args=(process.stdout, running.output), daemon=True).start()
    try:
        _wait_ready(running)
        yield running
    finally:
        running.stop()


def test_website_home_lists_the_thirteen_commitments(stack: Stack):
    response = httpx.get(stack.website + "/", timeout=10)
    assert response.status_code == 200, response.text[:2000]
    assert response.text.count('class="commitment"') == 13
    assert '<html lang="es-MX">' in response.text


def test_gateway_serves_the_plan_commitments(stack: Stack):
    url = f"{stack.gateway}/api/v1/roadmaps/commitments"
    response = httpx.get(url, params={"plan_code": "MX-4PA"}, timeout=10)
    assert response.status_code == 200, response.text[:2000]
    assert len(response.json()["items"]) == 13


def test_tracking_receives_the_commitments_through_the_outbox(stack: Stack):
    url = f"{stack.gateway}/api/v1/tracking/plans/MX-4PA/commitments"
    deadline = time.monotonic() + 20
    count, last = -1, None
    while time.monotonic() < deadline:
        last = httpx.get(url, timeout=10)
        if last.status_code == 200:
            body = last.json()
            count = len(body["items"] if isinstance(body, dict) else body)
            if count == 13:
                break
        time.sleep(0.5)
    assert count == 13, f"{last.status_code if last else '-'}: {last.text[:2000] if last else ''}"


def test_the_mx5pa_demonstration_cycle_shows_weighted_progress(stack: Stack):
    board = httpx.get(f"{stack.gateway}/api/v1/tracking/plans/MX-5PA/dashboard", timeout=10)
    assert board.status_code == 200, board.text[:2000]
    body = board.json()
    assert body["demo"] is True and len(body["commitments"]) == 5
    assert {c["demo"] for c in body["commitments"]} == {True}
    assert body["progress"]["completed"] > 0 and body["progress"]["commitments_with_data"] == 2
    first = body["commitments"][0]["id"]
    page = httpx.get(f"{stack.website}/tablero/compromisos/{first}", timeout=10)
    assert page.status_code == 200 and "Datos de demostración" in page.text


def test_the_demo_citizen_has_notifications(stack: Stack):
    body = {"email": "ciudadana@cocrea.example", "password": "Cocrea-Demo-2026"}
    login = httpx.post(f"{stack.gateway}/api/v1/auth/login", json=body, timeout=10)
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    counts = {}
    for service in ("tracking", "consultation"):
        url = f"{stack.gateway}/api/v1/{service}/me/notifications"
        found = httpx.get(url, headers=headers, timeout=10)
        assert found.status_code == 200, found.text
        items = found.json()
        counts[service] = len(items["items"] if isinstance(items, dict) else items)
    # Five validated updates of the two commitments she follows; the theme of the topic she
    # follows, its answer, the answer to the first of her two draft-plan comments, and the
    # answer to her first comment on a published commitment's progress.
    assert counts == {"tracking": 5, "consultation": 4}


def test_gateway_publishes_its_public_keys(stack: Stack):
    response = httpx.get(f"{stack.gateway}/.well-known/jwks.json", timeout=10)
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert keys and keys[0]["kty"] == "RSA" and keys[0]["kid"]


def test_sigterm_stops_every_process(stack: Stack):
    pids = stack.child_pids()
    assert set(pids) == {"gateway", "consultation", "roadmaps", "tracking", "frontend"}
    assert stack.stop() == 0, stack.text()[-3000:]
    still_running = [name for name, pid in pids.items() if _exists(pid)]
    assert still_running == [], "still running after the launcher stopped"
    assert "all processes stopped" in stack.text()
