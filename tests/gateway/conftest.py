"""Gateway fixtures: a migrated gateway database and the app signing with the test key,
so the tokens it issues verify in services configured with the session ``jwks_file``."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pyotp
import pytest

from gateway.config import GatewaySettings
from gateway.main import create_app
from tests.conftest import (
    GATEWAY_SECRET,
    INTERNAL_SECRET,
    KID,
    Databases,
    event_keys,
    migrate,
    running,
)


def gateway_settings(database_url: str, signing_key: str, tmp_path, **overrides: Any):
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "signing_key_pem": signing_key,
        "signing_key_id": KID,
        "internal_secret": INTERNAL_SECRET,
        **event_keys("gateway"),
        "service_secrets": dict.fromkeys(("consultation", "roadmaps", "tracking"), GATEWAY_SECRET),
        "mail_dir": str(tmp_path / "mail"),
        "email_verification_required": True,
        "relay_enabled": False,
        "event_destinations": {},
    }
    values.update(overrides)
    return GatewaySettings(**values)


@pytest.fixture
def start_gateway(databases: Databases, signing_key: str, tmp_path) -> Callable[..., Any]:
    """``async with start_gateway(service_transport=..., **settings) as client``."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def start(
        service_transport: httpx.AsyncBaseTransport | None = None,
        events_transport: httpx.AsyncBaseTransport | None = None,
        **overrides: Any,
    ) -> AsyncIterator[httpx.AsyncClient]:
        url = await databases.new("gateway")
        await migrate("gateway", url)
        settings = gateway_settings(url, signing_key, tmp_path, **overrides)
        app = create_app(
            settings, service_transport=service_transport, events_transport=events_transport
        )
        async with running(app) as client:
            client.app = app  # type: ignore[attr-defined]
            yield client

    return start


# --- Accounts: the flows a person goes through, driven over HTTP --------------------------

AUTH = "/api/v1/auth"
PASSWORD = "Ahuehuete-Sol-2026"


class AuthFlows:
    """Register, verify, log in and enrol MFA against a running gateway, the way a client
    would. Only the very first admin is created in the database (as the CLI does)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def mailbox(self, email: str) -> list[dict[str, Any]]:
        response = await self.client.get(f"{AUTH}/dev/mailbox", params={"email": email})
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def last_code(self, email: str) -> str:
        codes = [m for m in await self.mailbox(email) if m["kind"] == "email_verification"]
        return codes[-1]["data"]["code"]

    async def register(
        self,
        email: str,
        password: str = PASSWORD,
        name: str = "Lucía Hernández",
        verify: bool = True,
    ) -> dict[str, Any]:
        response = await self.client.post(
            f"{AUTH}/register",
            json={
                "email": email,
                "password": password,
                "display_name": name,
                "privacy_notice_version": self.client.app.state.settings.privacy_notice_version,
                "privacy_purposes": ["participation"],
            },
        )
        assert response.status_code == 201, response.text
        if verify:
            code = await self.last_code(email)
            verified = await self.client.post(
                f"{AUTH}/verify-email", json={"email": email, "code": code}
            )
            assert verified.status_code == 200, verified.text
        return response.json()

    async def login(
        self, email: str, password: str = PASSWORD, headers: dict | None = None, **extra: Any
    ) -> httpx.Response:
        return await self.client.post(
            f"{AUTH}/login", json={"email": email, "password": password, **extra}, headers=headers
        )

    async def tokens(self, email: str, password: str = PASSWORD, **extra: Any) -> dict[str, Any]:
        response = await self.login(email, password, **extra)
        assert response.status_code == 200, response.text
        return response.json()

    async def citizen(self, email: str = "lucia@example.com") -> dict[str, str]:
        """A verified, logged-in citizen: Authorization headers."""
        await self.register(email)
        return bearer(await self.tokens(email))

    async def enrol_mfa(self, email: str, password: str = PASSWORD) -> tuple[dict, str]:
        """Log in as a committee/admin without MFA and enrol: (tokens, TOTP secret)."""
        refused = await self.login(email, password)
        assert refused.status_code == 403, refused.text
        setup_token = refused.json()["error"]["details"]["setup_token"]
        setup = await self.client.post(f"{AUTH}/mfa/setup", json={"setup_token": setup_token})
        assert setup.status_code == 200, setup.text
        secret = setup.json()["secret"]
        confirmed = await self.client.post(
            f"{AUTH}/mfa/confirm",
            json={
                "setup_token": setup_token,
                "code": pyotp.TOTP(secret).now(),
            },
        )
        assert confirmed.status_code == 200, confirmed.text
        return confirmed.json()["tokens"], secret

    async def admin(self, email: str = "admin@example.com") -> dict[str, str]:
        """The first admin (created in the database like the CLI does), MFA enrolled."""
        from gateway.accounts import staff

        async with self.client.app.state.db.transaction() as session:
            await staff.create_admin(
                session,
                email=email,
                display_name="Administración",
                password=PASSWORD,
                organization="SFP",
            )
        tokens, _secret = await self.enrol_mfa(email)
        return bearer(tokens)

    async def staff(
        self, admin: dict[str, str], role: str, email: str, organization: str = "SFP"
    ) -> dict[str, Any]:
        """A staff account created by an admin: the answer with its temporary password."""
        response = await self.client.post(
            f"{AUTH}/staff",
            headers=admin,
            json={
                "email": email,
                "display_name": "Persona de Prueba",
                "role": role,
                "organization": organization,
            },
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def staff_session(
        self, admin: dict[str, str], role: str, email: str, organization: str = "SFP"
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """A staff account that replaced its temporary password with ``PASSWORD`` (roles
        without required MFA): (the creation answer, a fresh token pair)."""
        created = await self.staff(admin, role, email, organization)
        first = await self.tokens(email, created["temporary_password"])
        changed = await self.client.post(
            f"{AUTH}/me/password",
            headers=bearer(first),
            json={"current_password": created["temporary_password"], "new_password": PASSWORD},
        )
        assert changed.status_code == 204, changed.text
        return created, await self.tokens(email)


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


@pytest.fixture
def flows() -> type[AuthFlows]:
    """``f = flows(client)``: account flows against a gateway from ``start_gateway``."""
    return AuthFlows
