"""The whole API for real: gateway + consultation + roadmaps + tracking as uvicorn
processes on fresh PostgreSQL databases, with the 4th plan's demo data. The gateway signs
with the test key, so ``token_for(role)`` tokens are real tokens of every role.

Used by tests/fuzz, tests/authz and tests/abuse (each folder starts its own stack, so one
suite's throttles never leak into another's).
"""

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import KID, PG_URL, ROOT, Databases, migrate
from tests.fault.conftest import NEEDS_PG
from tests.fault.processes import ServiceProcess, destinations, free_port, service_env

SERVICES = ("consultation", "roadmaps", "tracking")
DEMOS = ("consultation.demo", "roadmaps.demo")


@dataclass
class Stack:
    gateway: ServiceProcess
    services: dict[str, ServiceProcess]
    urls: dict[str, str]  # database URLs

    @property
    def url(self) -> str:
        return self.gateway.url


def _env(urls: dict[str, str], ports: dict[str, int], jwks_file: str, signing_key: str, tmp):
    base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    env = {
        name: service_env(
            name, urls[name], {"JWKS_FILE": jwks_file},
            EVENT_DESTINATIONS=destinations(**{k: v for k, v in base.items() if k != name}),
            EVIDENCE_DIR=str(tmp / "evidence"),
        )
        for name in SERVICES
    }  # fmt: skip
    env["gateway"] = service_env(
        "gateway", urls["gateway"], {"SIGNING_KEY_PEM": signing_key, "SIGNING_KEY_ID": KID},
        SERVICE_URLS=destinations(**base), EVENT_DESTINATIONS=destinations(**base),
        MAIL_DIR=str(tmp / "mail"), PUBLIC_URL=f"http://127.0.0.1:{ports['gateway']}",
    )  # fmt: skip
    return env


def _seed(env: dict[str, str]) -> None:
    for module in DEMOS:
        done = subprocess.run(
            [sys.executable, "-m", module], cwd=ROOT, env=env, capture_output=True, check=False
        )
        assert done.returncode == 0, done.stderr.decode()[-3000:]


async def start_stack(
    tmp: Path, jwks_file: str, signing_key: str, **gateway_env: str
) -> AsyncIterator[Stack]:
    if not PG_URL:
        pytest.skip(NEEDS_PG)
    dbs = Databases("postgresql", tmp)
    processes: list[ServiceProcess] = []
    try:
        urls = {name: await dbs.new(name) for name in ("gateway", *SERVICES)}
        for name, url in urls.items():
            await migrate(name, url)
        ports = {name: free_port() for name in urls}
        env = _env(urls, ports, jwks_file, signing_key, tmp)
        env["gateway"] |= {f"GATEWAY_{k}": v for k, v in gateway_env.items()}
        _seed({**os.environ, **env["consultation"], **env["roadmaps"]})
        for name in (*SERVICES, "gateway"):
            processes.append(ServiceProcess(name, env[name], tmp, port=ports[name]).start())
        yield Stack(processes[-1], {p.name: p for p in processes[:-1]}, urls)
    finally:
        for process in processes:
            process.stop()
        await dbs.drop_all()
