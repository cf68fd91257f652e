"""Development demo data: who the demo accounts are, and the rule that production never
loads any of it.

The gateway's ``seed-demo-accounts --accounts-file PATH`` writes the demo accounts (ids,
roles, names, organisations); ``infra/dev.py`` passes that path to every service's demo
loader in ``COCREA_DEMO_ACCOUNTS``. A service never reads the gateway's database: this
file is its only source for the accounts, as an operator's list would be.
"""

import asyncio
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from kit.tokens import Principal

ACCOUNTS_ENV = "COCREA_DEMO_ACCOUNTS"
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class DemoPerson:
    account_id: str
    email: str
    role: str
    name: str
    organization: str
    sector: str

    def principal(self) -> Principal:
        """The person as their token would present them (``sub``, role, name)."""
        claims = {"name": self.name, "email_verified": True}
        return Principal(sub=self.account_id, role=self.role, org=self.organization, claims=claims)


def write_people(path: Path, people: list[DemoPerson]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(p) for p in people], ensure_ascii=False, indent=2) + "\n")
    path.chmod(0o600)


def demo_people(path: str | None = None) -> dict[str, DemoPerson] | None:
    """The demo accounts by role, or ``None`` when no accounts file was given."""
    where = path or os.environ.get(ACCOUNTS_ENV)
    if not where or not Path(where).is_file():
        return None
    rows = json.loads(Path(where).read_text(encoding="utf-8"))
    return {row["role"]: DemoPerson(**row) for row in rows}


def refuse_in_production(environment: str, what: str) -> None:
    if environment == "production":
        print(f"{what}: los datos de demostración no se cargan en producción.", file=sys.stderr)
        raise SystemExit(2)


def run_loader(load: Callable[[], Awaitable[tuple[str, str | None]]], argv: list[str]) -> int:
    """``python -m <service>.demo [--wait SECONDS]``: load once, or keep loading until the
    demonstration cycle has nothing left to wait for (events from the other services)."""
    wait = float(argv[argv.index("--wait") + 1]) if "--wait" in argv else 0.0
    deadline = time.monotonic() + wait
    while True:
        summary, waiting = asyncio.run(load())
        if waiting is None or time.monotonic() >= deadline:
            break
        time.sleep(POLL_SECONDS)
    print(summary)
    if waiting is not None and wait:
        print(f"demostración incompleta: falta {waiting}", file=sys.stderr)
        return 1
    return 0
