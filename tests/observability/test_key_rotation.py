"""The runbook's signing-key rotation: nobody is logged out during the overlap.

Step 1 publishes the old public key through ``GATEWAY_PREVIOUS_JWKS_FILE`` while the
gateway signs with the new key (new ``kid``); step 2, after the old tokens expired, drops
the file. Tested on one gateway database across three gateway configurations.
"""

import json

from jose import jwt

from gateway.main import create_app
from kit.tokens import TokenVerifier, generate_private_key_pem
from tests.conftest import AUDIENCE, ISSUER, Databases, migrate, running
from tests.gateway.conftest import AUTH, AuthFlows, bearer, gateway_settings

EMAIL = "lucia@example.com"


def kid_of(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


async def test_rotation_keeps_old_tokens_valid_during_the_overlap(
    databases: Databases, signing_key: str, tmp_path
):
    url = await databases.new("gateway")
    await migrate("gateway", url)
    old_app = create_app(gateway_settings(url, signing_key, tmp_path, signing_key_id="k1"))
    async with running(old_app) as client:
        flows = AuthFlows(client)
        client.app = old_app  # type: ignore[attr-defined]
        await flows.register(EMAIL)
        old = await flows.tokens(EMAIL)
        old_jwks = (await client.get("/.well-known/jwks.json")).json()
    previous = tmp_path / "previous-jwks.json"
    previous.write_text(json.dumps(old_jwks))

    new_key = generate_private_key_pem()
    overlap = gateway_settings(
        url, new_key, tmp_path, signing_key_id="k2", previous_jwks_file=str(previous)
    )
    async with running(create_app(overlap)) as client:
        published = (await client.get("/.well-known/jwks.json")).json()
        me_with_old = await client.get(f"{AUTH}/me", headers=bearer(old))
        refreshed = await client.post(
            f"{AUTH}/refresh", json={"refresh_token": old["refresh_token"]}
        )
        fresh = await AuthFlows(client).tokens(EMAIL)
    assert [k["kid"] for k in published["keys"]] == ["k2", "k1"]
    assert me_with_old.status_code == 200  # the old access token still verifies
    assert refreshed.status_code == 200  # and the session continues with a new-key token
    assert kid_of(old["access_token"]) == "k1"
    assert kid_of(refreshed.json()["access_token"]) == kid_of(fresh["access_token"]) == "k2"
    # A service verifies both with the JWKS the gateway publishes during the overlap.
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=published)
    assert (await verifier.verify(old["access_token"])).role == "citizen"
    assert (await verifier.verify(fresh["access_token"])).role == "citizen"

    after = gateway_settings(url, new_key, tmp_path, signing_key_id="k2")
    async with running(create_app(after)) as client:
        me_with_old = await client.get(f"{AUTH}/me", headers=bearer(old))
        me_with_new = await client.get(f"{AUTH}/me", headers=bearer(fresh))
    assert me_with_old.status_code == 401  # once the overlap ends the old key is gone
    assert me_with_new.status_code == 200
