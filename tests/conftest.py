"""Shared fixtures: real databases (SQLite always, PostgreSQL when TEST_DATABASE_URL is
set), real RS256 tokens signed with a test key, apps driven over ASGITransport.

Every test that asks for ``db_backend`` (directly or through a fixture) runs once per
backend. Each test gets fresh, uniquely named databases that are dropped afterwards.
"""

import json
import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from kit.event_signing import (
    EVENT_SIGNATURE_HEADER,
    PRODUCERS,
    EventSigner,
    new_private_key,
    public_key_of,
)
from kit.gateway_credential import CREDENTIAL_HEADER, credential
from kit.migrations import upgrade_async
from kit.tokens import TokenSigner, generate_private_key_pem, public_jwk

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
ISSUER, AUDIENCE, KID = "cocrea-gateway", "cocrea-api", "test-key-1"
INTERNAL_SECRET = "test-internal-secret-0123456789"
# Each producer's own event key, as infra/dev_stack.py makes them (kit.event_signing); every
# test process trusts exactly these public keys.
EVENT_KEYS = {name: new_private_key() for name in PRODUCERS}
EVENT_PUBLIC_KEYS = {name: [public_key_of(key)] for name, key in EVENT_KEYS.items()}
# What the test gateway and the test services share (kit.gateway_credential).
GATEWAY_SECRET = "test-gateway-secret-0123456789"
# Settings default to production; every process this suite builds from the environment
# (CLI commands, settings read at import) is a test process unless a test says otherwise.
PROCESS_PREFIXES = ("GATEWAY", "CONSULTATION", "ROADMAPS", "TRACKING", "FRONTEND")
for _prefix in PROCESS_PREFIXES:
    os.environ.setdefault(f"{_prefix}_ENVIRONMENT", "test")


def _pg_dsn(database: str) -> str:
    url = make_url(PG_URL).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


class Databases:
    """Creates uniquely named databases for one test and drops them at the end."""

    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend = backend
        self.tmp_path = tmp_path
        self.created: list[str] = []

    async def new(self, name: str) -> str:
        if self.backend == "sqlite":
            return f"sqlite+aiosqlite:///{self.tmp_path / (name + '.sqlite3')}"
        db_name = f"cocrea_t_{uuid.uuid4().hex[:12]}_{name}"
        conn = await asyncpg.connect(_pg_dsn(make_url(PG_URL).database or "postgres"))
        try:
            await conn.execute(f'CREATE DATABASE "{db_name}"')
        finally:
            await conn.close()
        self.created.append(db_name)
        return (
            make_url(_pg_dsn(db_name))
            .set(drivername="postgresql+asyncpg")
            .render_as_string(hide_password=False)
        )

    async def drop_all(self) -> None:
        if not self.created:
            return
        conn = await asyncpg.connect(_pg_dsn(make_url(PG_URL).database or "postgres"))
        try:
            for db_name in self.created:
                await conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        finally:
            await conn.close()


@pytest.fixture(params=BACKENDS)
def db_backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def databases(db_backend: str, tmp_path: Path) -> AsyncIterator[Databases]:
    dbs = Databases(db_backend, tmp_path)
    try:
        yield dbs
    finally:
        await dbs.drop_all()


@pytest.fixture(scope="session")
def signing_key() -> str:
    return generate_private_key_pem()


@pytest.fixture(scope="session")
def jwks(signing_key: str) -> dict[str, Any]:
    return {"keys": [public_jwk(signing_key, KID)]}


@pytest.fixture(scope="session")
def jwks_file(jwks: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("keys") / "jwks.json"
    path.write_text(json.dumps(jwks))
    return str(path)


@pytest.fixture(scope="session")
def signer(signing_key: str) -> TokenSigner:
    return TokenSigner(signing_key, KID, issuer=ISSUER, audience=AUDIENCE)


@pytest.fixture(scope="session")
def token_for(signer: TokenSigner) -> Callable[..., dict[str, str]]:
    """``token_for("committee", sub="u1", org="SFP")`` -> Authorization header dict."""

    def make(role: str, sub: str | None = None, org: str | None = None, **extra: Any):
        # as after a login with two-step verification (routes with require_mfa need it)
        extra.setdefault("amr", ["pwd", "otp"])
        token, _ = signer.sign(sub or f"user-{uuid.uuid4().hex[:8]}", role, org, **extra)
        return {"Authorization": f"Bearer {token}"}

    return make


def event_keys(process: str) -> dict[str, Any]:
    """The event settings of one process: its own private key, every producer's public."""
    return {"event_signing_key": EVENT_KEYS[process], "event_public_keys": EVENT_PUBLIC_KEYS}


def event_env(process: str) -> dict[str, str]:
    """:func:`event_keys` as the environment of a ``<PROCESS>_*`` process."""
    prefix = process.upper()
    return {
        f"{prefix}_EVENT_SIGNING_KEY": EVENT_KEYS[process],
        f"{prefix}_EVENT_PUBLIC_KEYS": json.dumps(EVENT_PUBLIC_KEYS),
    }


def signed_event(
    body: bytes, source: str, *, key: str | None = None, timestamp: int | None = None
) -> dict[str, str]:
    """Headers of a delivery signed as ``source``'s relay signs it (``key``: another key)."""
    signer = EventSigner(key or EVENT_KEYS[source])
    return {
        "content-type": "application/json",
        EVENT_SIGNATURE_HEADER: signer.header(body, timestamp),
    }


def service_settings(settings_cls: type, database_url: str, jwks_file: str, **overrides: Any):
    process = str(settings_cls.model_config["env_prefix"]).rstrip("_").lower()
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "jwks_file": jwks_file,
        "internal_secret": INTERNAL_SECRET,
        **event_keys(process),
        "gateway_secret": GATEWAY_SECRET,
        "relay_enabled": False,
        "access_log": True,
        "event_destinations": {},
    }
    values.update(overrides)
    return settings_cls(**values)


def as_the_gateway(secret: str) -> Callable[[httpx.Request], Any]:
    """An httpx request hook that adds the gateway's credential for one service, so tests
    may call a service directly as the gateway would (kit.gateway_credential)."""

    async def sign(request: httpx.Request) -> None:
        request.headers[CREDENTIAL_HEADER] = credential(
            secret, request.method, request.url.path, request.url.query
        )

    return sign


@asynccontextmanager
async def running(
    app: Any, base_url: str = "http://test", *, via_gateway: bool = True
) -> AsyncIterator[httpx.AsyncClient]:
    """Run an app's lifespan and give an httpx client talking to it in-process. A service's
    client carries the gateway's credential unless ``via_gateway=False``."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        secret = getattr(getattr(app.state, "settings", None), "gateway_secret", None)
        hooks = {"request": [as_the_gateway(secret)]} if secret and via_gateway else {}
        async with httpx.AsyncClient(
            transport=transport, base_url=base_url, event_hooks=hooks
        ) as client:
            yield client


async def migrate(service: str, url: str) -> None:
    """The real ``alembic upgrade head`` of one service (``services/<name>`` or ``gateway``)."""
    root = ROOT / "gateway" if service == "gateway" else ROOT / "services" / service
    await upgrade_async(root, url)
