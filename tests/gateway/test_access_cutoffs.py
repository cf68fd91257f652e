"""Access tokens stop working at once when their account or client changes, not when they
expire: the proxy refuses them (401 ``session_revoked``) and the service never sees them."""

import httpx

from gateway.cutoffs import AccessCutoffs
from kit.errors import Unauthorized
from tests.gateway.conftest import AUTH, PASSWORD, bearer
from tests.gateway.test_proxy import _echo_transport

ROUTE = "/api/v1/roadmaps/me/working-groups"
NEW_PASSWORD = "Cenzontle-Lluvia-2027"


async def _government(f, admin, email: str) -> tuple[str, str, dict[str, str]]:
    created, tokens = await f.staff_session(admin, "government", email)
    return created["user"]["id"], PASSWORD, bearer(tokens)


async def test_a_deactivated_account_is_refused_at_once(start_gateway, flows):
    seen: list[httpx.Request] = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        f = flows(client)
        admin = await f.admin()
        user_id, _, leaving = await _government(f, admin, "sale@example.gob.mx")
        _, _, staying = await _government(f, admin, "queda@example.gob.mx")
        before = await client.get(ROUTE, headers=leaving)
        deactivated = await client.patch(
            f"{AUTH}/staff/{user_id}", headers=admin, json={"is_active": False}
        )
        after = await client.get(ROUTE, headers=leaving)
        other = await client.get(ROUTE, headers=staying)
        # Another gateway replica learns it from the database.
        replica = AccessCutoffs(600, 60)
        await replica.refresh(client.app.state.db)
        leaving_principal = await client.app.state.verifier.verify(
            leaving["Authorization"].split()[1]
        )
    assert before.status_code == 200 and deactivated.status_code == 200
    assert after.status_code == 401, after.text
    assert after.json()["error"]["code"] == "session_revoked"
    assert "Inicia sesión de nuevo" in after.json()["error"]["message"]
    assert other.status_code == 200
    assert len(seen) == 2  # the refused call never reached the service
    try:
        replica.check(leaving_principal)
        raise AssertionError("the replica kept accepting the token")
    except Unauthorized as refused:
        assert refused.code == "session_revoked"


async def test_after_a_password_change_only_new_tokens_work(start_gateway, flows):
    async with start_gateway(service_transport=_echo_transport([])) as client:
        f = flows(client)
        admin = await f.admin()
        email = "cambia@example.gob.mx"
        _, password, old = await _government(f, admin, email)
        changed = await client.post(
            f"{AUTH}/me/password",
            headers=old,
            json={"current_password": password, "new_password": NEW_PASSWORD},
        )
        stale = await client.get(ROUTE, headers=old)
        fresh = await client.get(ROUTE, headers=bearer(await f.tokens(email, NEW_PASSWORD)))
    assert changed.status_code == 204, changed.text
    assert stale.status_code == 401 and stale.json()["error"]["code"] == "session_revoked"
    assert fresh.status_code == 200


async def test_a_revoked_api_client_token_is_refused(start_gateway, flows):
    async with start_gateway(service_transport=_echo_transport([])) as client:
        admin = await flows(client).admin()
        created = await client.post(
            f"{AUTH}/clients",
            headers=admin,
            json={"name": "Tablero", "organization": "SESNA", "scopes": ["tracking:read"]},
        )
        registered = created.json()
        token = await client.post(
            f"{AUTH}/token",
            data={"grant_type": "client_credentials"},
            auth=(registered["client_id"], registered["client_secret"]),
        )
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        route = "/api/v1/tracking/plans/MX-4PA/dashboard"
        before = await client.get(route, headers=headers)
        revoked = await client.delete(f"{AUTH}/clients/{registered['client_id']}", headers=admin)
        after = await client.get(route, headers=headers)
    assert before.status_code == 200 and revoked.status_code == 204
    assert after.status_code == 401 and after.json()["error"]["code"] == "session_revoked"
