"""Against the running stack: a session cutoff reaches the gateway's own routes.

The live attack of issue 11: an admin changed its password and its earlier token still
listed staff; a deactivated admin could reactivate itself and create admins and API clients
with the token it held. Both go through the real gateway started by ``infra/dev.py up``.
"""

import time
import uuid

import httpx
import pyotp

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.working_group import ADMIN_EMAIL, admin_totp_secret, bearer, login
from tests.e2e.test_stack import Stack, stack  # noqa: F401 (the module's running stack)

NEW_PASSWORD = "Cenzontle-Lluvia-Obsidiana-31"


def _second_admin(api: httpx.Client, demo_admin: dict) -> tuple[str, str, str, dict]:
    """A new admin enrolled in MFA, its temporary password changed: (id, email, secret,
    the token it held before the change)."""
    email = f"admin.{uuid.uuid4().hex[:8]}@cocrea.example"
    created = api.post(
        "/api/v1/auth/staff",
        headers=bearer(demo_admin),
        json={"email": email, "display_name": "Segunda Admin", "role": "admin"},
    )
    assert created.status_code == 201, created.text
    temporary = created.json()["temporary_password"]
    refused = api.post("/api/v1/auth/login", json={"email": email, "password": temporary})
    setup_token = refused.json()["error"]["details"]["setup_token"]
    secret = api.post("/api/v1/auth/mfa/setup", json={"setup_token": setup_token}).json()["secret"]
    confirmed = api.post(
        "/api/v1/auth/mfa/confirm",
        json={"setup_token": setup_token, "code": pyotp.TOTP(secret).now()},
    )
    assert confirmed.status_code == 200, confirmed.text
    old = confirmed.json()["tokens"]
    changed = api.post(
        "/api/v1/auth/me/password",
        headers=bearer(old),
        json={"current_password": temporary, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204, changed.text
    return created.json()["user"]["id"], email, secret, old


def test_a_cut_off_admin_token_is_refused_by_the_gateways_own_routes(stack: Stack):  # noqa: F811
    with httpx.Client(base_url=stack.gateway, timeout=20) as api:
        code = pyotp.TOTP(admin_totp_secret(stack)).now()
        demo_admin = login(api, ADMIN_EMAIL, DEMO_PASSWORD, code)
        admin_id, email, secret, old = _second_admin(api, demo_admin)

        # The token from before the password change: refused everywhere.
        stale = api.get("/api/v1/auth/staff", headers=bearer(old))
        assert stale.status_code == 401, stale.text
        assert stale.json()["error"]["code"] == "session_revoked"
        proxied = api.get("/api/v1/roadmaps/me/working-groups", headers=bearer(old))
        assert proxied.status_code == 401, proxied.text

        # Deactivated: the token it holds can neither restore it nor create anything.
        held = login(api, email, NEW_PASSWORD, pyotp.TOTP(secret).at(time.time() + 30))
        assert api.get("/api/v1/auth/staff", headers=bearer(held)).status_code == 200
        off = api.patch(
            f"/api/v1/auth/staff/{admin_id}",
            headers=bearer(demo_admin),
            json={"is_active": False},
        )
        assert off.status_code == 200, off.text
        attempts = [
            api.patch(
                f"/api/v1/auth/staff/{admin_id}", headers=bearer(held), json={"is_active": True}
            ),
            api.post(
                "/api/v1/auth/staff",
                headers=bearer(held),
                json={
                    "email": f"x{uuid.uuid4().hex[:6]}@e.mx",
                    "display_name": "X",
                    "role": "admin",
                },
            ),
            api.post(
                "/api/v1/auth/clients",
                headers=bearer(held),
                json={"name": "Puerta", "organization": "X", "scopes": ["tracking:read"]},
            ),
        ]
        assert [a.status_code for a in attempts] == [401, 401, 401], [a.text for a in attempts]
        still_off = api.get(
            "/api/v1/auth/staff", headers=bearer(demo_admin), params={"role": "admin"}
        )
        assert {u["email"]: u["is_active"] for u in still_off.json()["items"]}[email] is False
