"""The gateway's own routes (``/api/v1/auth/...``) refuse what the proxy refuses: a token
cut off by a password change or a deactivation, and an account that is no longer active.
Nobody changes their own role or activation."""

import time

import pyotp

from gateway.accounts.issuance import revoke_all
from gateway.models import UserAccount
from tests.gateway.conftest import AUTH, bearer
from tests.gateway.test_proxy import _echo_transport

NEW_PASSWORD = "Cenzontle-Lluvia-2027"


async def _second_admin(f, admin, email: str) -> tuple[str, dict[str, str], str]:
    """Another admin, MFA enrolled and its temporary password changed: (id, headers, pwd)."""
    created = await f.staff(admin, "admin", email)
    tokens, secret = await f.enrol_mfa(email, created["temporary_password"])
    await f.client.post(
        f"{AUTH}/me/password",
        headers=bearer(tokens),
        json={"current_password": created["temporary_password"], "new_password": NEW_PASSWORD},
    )
    fresh = await f.tokens(email, NEW_PASSWORD, totp=pyotp.TOTP(secret).at(time.time() + 30))
    return created["user"]["id"], bearer(fresh), NEW_PASSWORD


async def test_an_old_token_after_a_password_change_is_refused_by_own_routes(start_gateway, flows):
    async with start_gateway(service_transport=_echo_transport([])) as client:
        f = flows(client)
        admin = await f.admin()
        before = await client.get(f"{AUTH}/staff", headers=admin)
        user_id = (await client.get(f"{AUTH}/me", headers=admin)).json()["id"]
        async with client.app.state.db.transaction() as session:
            await revoke_all(session, user_id, actor=None, reason="password_changed")
        staff = await client.get(f"{AUTH}/staff", headers=admin)
        me = await client.get(f"{AUTH}/me", headers=admin)
        proxied = await client.get("/api/v1/roadmaps/me/working-groups", headers=admin)
    assert before.status_code == 200
    for refused in (staff, me, proxied):
        assert refused.status_code == 401, refused.text
        assert refused.json()["error"]["code"] == "session_revoked"


async def test_a_deactivated_admin_cannot_restore_itself_or_create_admins_or_clients(
    start_gateway, flows
):
    async with start_gateway(service_transport=_echo_transport([])) as client:
        f = flows(client)
        admin = await f.admin()
        other_id, other, _ = await _second_admin(f, admin, "segunda@example.gob.mx")
        deactivated = await client.patch(
            f"{AUTH}/staff/{other_id}", headers=admin, json={"is_active": False}
        )
        restore = await client.patch(
            f"{AUTH}/staff/{other_id}", headers=other, json={"is_active": True}
        )
        new_admin = await client.post(
            f"{AUTH}/staff",
            headers=other,
            json={"email": "intrusa@example.com", "display_name": "Intrusa", "role": "admin"},
        )
        new_client = await client.post(
            f"{AUTH}/clients",
            headers=other,
            json={"name": "Puerta", "organization": "X", "scopes": ["tracking:read"]},
        )
        listing = await client.get(f"{AUTH}/staff", headers=admin)
    assert deactivated.status_code == 200, deactivated.text
    for refused in (restore, new_admin, new_client):
        assert refused.status_code == 401, refused.text
    emails = {u["email"]: u["is_active"] for u in listing.json()["items"]}
    assert emails["segunda@example.gob.mx"] is False
    assert "intrusa@example.com" not in emails


async def test_an_inactive_account_is_refused_even_before_its_cutoff_is_known(start_gateway, flows):
    """A replica that has not polled the cutoff yet still reads the account."""
    async with start_gateway(service_transport=_echo_transport([])) as client:
        f = flows(client)
        admin = await f.admin()
        other_id, other, _ = await _second_admin(f, admin, "replica@example.gob.mx")
        async with client.app.state.db.transaction() as session:
            user = await session.get(UserAccount, other_id)
            user.is_active = False
            session.add(user)
        answer = await client.post(
            f"{AUTH}/clients",
            headers=other,
            json={"name": "Puerta", "organization": "X", "scopes": ["tracking:read"]},
        )
    assert answer.status_code == 401, answer.text
    assert answer.json()["error"]["code"] == "account_unavailable"


async def test_nobody_changes_their_own_role_or_activation(start_gateway, flows):
    async with start_gateway(service_transport=_echo_transport([])) as client:
        f = flows(client)
        admin = await f.admin()
        own_id = (await client.get(f"{AUTH}/me", headers=admin)).json()["id"]
        results = [
            await client.patch(f"{AUTH}/staff/{own_id}", headers=admin, json=body)
            for body in ({"is_active": False}, {"role": "committee"})
        ]
        unchanged = await client.patch(
            f"{AUTH}/staff/{own_id}", headers=admin, json={"display_name": "Admin Nueva"}
        )
    for refused in results:
        assert refused.status_code == 409, refused.text
        assert refused.json()["error"]["code"] == "cannot_change_own_account"
    assert unchanged.status_code == 200, unchanged.text


async def test_every_own_route_that_takes_a_token_refuses_a_cut_off_one(start_gateway, flows):
    """Every operation of the gateway's own OpenAPI document that reads a bearer token
    answers 401 to a token cut off by a password change, whatever the body."""
    async with start_gateway(service_transport=_echo_transport([])) as client:
        f = flows(client)
        admin = await f.admin()
        user_id = (await client.get(f"{AUTH}/me", headers=admin)).json()["id"]
        async with client.app.state.db.transaction() as session:
            await revoke_all(session, user_id, actor=None, reason="password_changed")
        spec = (await client.get(f"{AUTH}/openapi.json")).json()
        answers = {}
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                if not any("HTTPBearer" in s for s in operation.get("security", [])):
                    continue
                url = path.replace("{user_id}", user_id).replace("{client_id}", "cli_x")
                answer = await client.request(method.upper(), url, headers=admin, json={})
                answers[f"{method.upper()} {path}"] = answer.status_code
    assert f"PATCH {AUTH}/staff/{{user_id}}" in answers and f"POST {AUTH}/clients" in answers
    assert set(answers.values()) == {401}, answers
