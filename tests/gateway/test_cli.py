"""``python -m gateway``: migrate, create-admin and seed-demo-accounts against a real
database, then the accounts they made used through the API."""

import asyncio
import json
import re
import subprocess
import sys

import pyotp
import pytest

from gateway import cli
from gateway.main import create_app
from tests.conftest import INTERNAL_SECRET, ROOT, event_env, running
from tests.gateway.conftest import AUTH, gateway_settings


@pytest.fixture
async def cli_env(databases, monkeypatch, tmp_path):
    """A fresh database URL, with the CLI's environment pointing at it."""
    url = await databases.new("gateway")
    monkeypatch.setenv("GATEWAY_DATABASE_URL", url)
    monkeypatch.setenv("GATEWAY_ENVIRONMENT", "test")
    monkeypatch.setenv("GATEWAY_INTERNAL_SECRET", INTERNAL_SECRET)
    monkeypatch.setenv("GATEWAY_MAIL_DIR", str(tmp_path / "mail"))
    monkeypatch.delenv("GATEWAY_ADMIN_PASSWORD", raising=False)
    return url


async def run_cli(*argv: str) -> int:
    # In a worker thread: the commands run their own event loop with asyncio.run.
    return await asyncio.to_thread(cli.main, list(argv))


async def test_create_admin_then_log_in(cli_env, monkeypatch, capsys, signing_key, tmp_path):
    assert await run_cli("migrate") == 0
    monkeypatch.setenv("GATEWAY_ADMIN_PASSWORD", "Ajolote-Volcan-19")
    args = [
        "create-admin",
        "--email",
        "Root@Example.com",
        "--display-name",
        "Raíz",
        "--organization",
        "Secretaría de la Función Pública",
    ]
    assert await run_cli(*args) == 0
    out = capsys.readouterr().out
    assert "root@example.com" in out and "dos pasos" in out

    assert await run_cli(*args) == 1  # duplicates are refused
    assert "Ya existe" in capsys.readouterr().err
    monkeypatch.setenv("GATEWAY_ADMIN_PASSWORD", "password")
    weak = ["create-admin", "--email", "otro@example.com", "--display-name", "Otro"]
    assert await run_cli(*weak) == 1
    assert "Contraseña rechazada" in capsys.readouterr().err

    app = create_app(gateway_settings(cli_env, signing_key, tmp_path))
    async with running(app) as client:
        login = await client.post(
            f"{AUTH}/login",
            json={
                "email": "root@example.com",
                "password": "Ajolote-Volcan-19",
            },
        )
        weak_login = await client.post(
            f"{AUTH}/login",
            json={
                "email": "otro@example.com",
                "password": "password",
            },
        )
    assert login.status_code == 403
    assert login.json()["error"]["code"] == "mfa_setup_required"  # the password was right
    assert weak_login.status_code == 401  # the weak admin was never created


async def test_seed_demo_accounts_is_idempotent_and_usable(cli_env, capsys, signing_key, tmp_path):
    assert await run_cli("migrate") == 0
    assert await run_cli("seed-demo-accounts") == 0
    first = capsys.readouterr().out
    assert await run_cli("seed-demo-accounts") == 0
    second = capsys.readouterr().out
    assert first.count("(creada)") == 6 and second.count("(ya existía)") == 6
    password = re.search(r"demostración: (\S+)", first).group(1)
    secrets = re.findall(r"TOTP secret (\w+)", second)
    assert len(secrets) == 4 and secrets == re.findall(r"TOTP secret (\w+)", first)

    app = create_app(gateway_settings(cli_env, signing_key, tmp_path))
    async with running(app) as client:
        committee = await client.post(
            f"{AUTH}/login",
            json={
                "email": "comite.sfp@cocrea.example",
                "password": password,
                "totp": pyotp.TOTP(secrets[1]).now(),
            },
        )
        citizen = await client.post(
            f"{AUTH}/login",
            json={
                "email": "ciudadana@cocrea.example",
                "password": password,
            },
        )
        cso = await client.post(
            f"{AUTH}/login",
            json={
                "email": "osc.tm@cocrea.example",
                "password": password,
                "totp": pyotp.TOTP(secrets[2]).now(),
            },
        )
        me = await client.get(
            f"{AUTH}/me", headers={"Authorization": f"Bearer {cso.json()['access_token']}"}
        )
    assert committee.status_code == 200
    assert citizen.status_code == 200
    assert me.json()["organization"] == "Transparencia Mexicana"


async def test_seed_is_refused_in_production(cli_env, monkeypatch, capsys, signing_key):
    monkeypatch.setenv("GATEWAY_ENVIRONMENT", "production")
    monkeypatch.setenv("GATEWAY_WEBSITE_URL", "https://cocrea.example.org")
    monkeypatch.setenv("GATEWAY_SIGNING_KEY_PEM", signing_key)
    monkeypatch.setenv("GATEWAY_PSEUDONYM_SECRET", "p" * 32)
    services = ("consultation", "roadmaps", "tracking")
    monkeypatch.setenv("GATEWAY_SERVICE_SECRETS", json.dumps(dict.fromkeys(services, "s" * 32)))
    for name, value in event_env("gateway").items():
        monkeypatch.setenv(name, value)
    assert await run_cli("seed-demo-accounts") == 2
    assert "producción" in capsys.readouterr().err


def test_python_dash_m_gateway_shows_the_commands():
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    for command in ("migrate", "create-admin", "seed-demo-accounts"):
        assert command in done.stdout
