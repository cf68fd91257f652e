"""Agency API clients and the client_credentials grant."""

import httpx

from tests.gateway.conftest import AUTH

CLIENT = {
    "name": "Tablero de la SESNA",
    "organization": "Secretaría Ejecutiva del Sistema Nacional Anticorrupción",
    "scopes": ["tracking:read", "tracking:progress"],
}


async def _register_client(client: httpx.AsyncClient, admin: dict) -> dict:
    created = await client.post(f"{AUTH}/clients", headers=admin, json=CLIENT)
    assert created.status_code == 201, created.text
    return created.json()


async def test_client_credentials_happy_path(start_gateway, flows):
    async with start_gateway() as client:
        admin = await flows(client).admin()
        registered = await _register_client(client, admin)
        form = await client.post(
            f"{AUTH}/token",
            data={
                "grant_type": "client_credentials",
                "client_id": registered["client_id"],
                "client_secret": registered["client_secret"],
            },
        )
        basic = await client.post(
            f"{AUTH}/token",
            data={"grant_type": "client_credentials", "scope": "tracking:read"},
            auth=(registered["client_id"], registered["client_secret"]),
        )
        listed = await client.get(f"{AUTH}/clients", headers=admin)
        verifier = client.app.state.keyring.verifier()
    assert registered["client_id"].startswith("cli_") and len(registered["client_secret"]) > 30
    assert form.status_code == 200
    assert form.json()["token_type"] == "bearer"
    assert form.json()["scope"] == "tracking:progress tracking:read"
    principal = await verifier.verify(form.json()["access_token"])
    assert principal.role == "client" and principal.is_client
    assert principal.sub == registered["client_id"]
    assert principal.org == CLIENT["organization"]
    assert principal.scopes == {"tracking:read", "tracking:progress"}
    assert basic.status_code == 200 and basic.json()["scope"] == "tracking:read"
    assert (await verifier.verify(basic.json()["access_token"])).scopes == {"tracking:read"}
    [listed_client] = listed.json()["items"]
    assert "client_secret" not in listed_client and "secret_hash" not in listed.text


async def test_wrong_secret_scope_grant_and_revocation(start_gateway, flows):
    async with start_gateway() as client:
        admin = await flows(client).admin()
        registered = await _register_client(client, admin)
        cid, secret = registered["client_id"], registered["client_secret"]

        async def token(**form: str) -> httpx.Response:
            body = {
                "grant_type": "client_credentials",
                "client_id": cid,
                "client_secret": secret,
                **form,
            }
            return await client.post(f"{AUTH}/token", data=body)

        wrong = await token(client_secret="no-es-el-secreto")
        unknown = await token(client_id="cli_0000000000000000")
        scope = await token(scope="tracking:read consultation:moderate")
        grant = await token(grant_type="password")
        missing_grant = await client.post(f"{AUTH}/token", data={"client_id": cid})
        revoked = await client.delete(f"{AUTH}/clients/{cid}", headers=admin)
        after = await token()
        listed = await client.get(f"{AUTH}/clients", headers=admin)
        missing = await client.delete(f"{AUTH}/clients/cli_nope", headers=admin)
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_client"
    assert unknown.status_code == 401 and unknown.json() == wrong.json()
    assert scope.status_code == 400
    assert scope.json()["error"]["code"] == "invalid_scope"
    assert scope.json()["error"]["details"] == {"not_granted": ["consultation:moderate"]}
    assert grant.status_code == 400
    assert grant.json()["error"]["code"] == "unsupported_grant_type"
    assert missing_grant.json()["error"]["code"] == "unsupported_grant_type"
    assert revoked.status_code == 204
    assert after.status_code == 401 and after.json()["error"]["code"] == "invalid_client"
    assert listed.json()["items"][0]["revoked_at"] is not None
    assert missing.status_code == 404


async def test_only_admins_register_clients_and_clients_have_no_profile(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        citizen = await f.citizen("lucia@example.com")
        refused = await client.post(f"{AUTH}/clients", headers=citizen, json=CLIENT)
        anonymous = await client.get(f"{AUTH}/clients")
        registered = await _register_client(client, admin)
        issued = await client.post(
            f"{AUTH}/token",
            data={"grant_type": "client_credentials"},
            auth=(registered["client_id"], registered["client_secret"]),
        )
        as_client = {"Authorization": f"Bearer {issued.json()['access_token']}"}
        me = await client.get(f"{AUTH}/me", headers=as_client)
        escalate = await client.post(f"{AUTH}/clients", headers=as_client, json=CLIENT)
    assert refused.status_code == 403 and anonymous.status_code == 401
    assert me.status_code == 403 and me.json()["error"]["code"] == "not_a_person"
    assert escalate.status_code == 403


async def test_client_secret_guessing_is_throttled(start_gateway):
    async with start_gateway(login_limit_per_ip="3/15 minutes") as client:
        body = {"grant_type": "client_credentials", "client_id": "cli_x", "client_secret": "y"}
        answers = [await client.post(f"{AUTH}/token", data=body) for _ in range(4)]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert int(answers[-1].headers["retry-after"]) >= 1
