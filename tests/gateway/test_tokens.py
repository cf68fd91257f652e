"""The gateway's tokens as a client and a service see them: forgeries are refused at
``/me``, the JWKS verifies what the gateway signs, refresh tokens cannot be replayed."""

import pytest

from kit.tokens import TokenVerifier
from tests.conftest import AUDIENCE, ISSUER, KID
from tests.gateway.conftest import AUTH, bearer
from tests.kit.test_tokens import FORGERIES, claims_for, rs256


@pytest.mark.parametrize("name", sorted(FORGERIES))
async def test_forged_tokens_are_refused_at_me(start_gateway, flows, signing_key, name):
    forge, code = FORGERIES[name]
    async with start_gateway() as client:
        user = await flows(client).register("lucia@example.com")
        genuine = rs256(signing_key, claims_for(user["id"]))
        control = await client.get(f"{AUTH}/me", headers={"Authorization": f"Bearer {genuine}"})
        forged = forge(signing_key, user["id"])
        response = await client.get(f"{AUTH}/me", headers={"Authorization": f"Bearer {forged}"})
    assert control.status_code == 200  # the same person with a real token gets in
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {
        "error": {"code": code, "message": response.json()["error"]["message"], "details": None}
    }


async def test_issued_tokens_verify_with_the_published_jwks(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        await f.register("lucia@example.com")
        tokens = await f.tokens("lucia@example.com")
        published = await client.get("/.well-known/jwks.json")
    assert published.status_code == 200
    assert published.headers["cache-control"] == "public, max-age=300"
    [key] = published.json()["keys"]
    assert (key["kid"], key["alg"], key["kty"], key["use"]) == (KID, "RS256", "RSA", "sig")
    assert "d" not in key and "p" not in key  # public half only
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=published.json())
    principal = await verifier.verify(tokens["access_token"])
    assert principal.role == "citizen" and principal.org is None
    assert principal.claims["typ"] == "access" and principal.claims["amr"] == ["pwd"]
    assert principal.claims["exp"] - principal.claims["iat"] == tokens["expires_in"]
    assert len(principal.jti) >= 16


async def test_refresh_token_reuse_ends_the_session(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        await f.register("lucia@example.com")
        first = await f.tokens("lucia@example.com")
        second = (
            await client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]})
        ).json()
        reuse = await client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]})
        victim = await client.post(
            f"{AUTH}/refresh", json={"refresh_token": second["refresh_token"]}
        )
        other_session = await f.tokens("lucia@example.com")
        still_fine = await client.post(
            f"{AUTH}/refresh", json={"refresh_token": other_session["refresh_token"]}
        )
        unknown = await client.post(f"{AUTH}/refresh", json={"refresh_token": "x" * 43})
    assert reuse.status_code == 401
    assert reuse.json()["error"]["code"] == "refresh_token_reused"
    assert victim.status_code == 401
    assert victim.json()["error"]["code"] == "invalid_refresh_token"
    assert still_fine.status_code == 200  # only the compromised family is revoked
    assert unknown.status_code == 401
    assert unknown.json()["error"]["code"] == "invalid_refresh_token"


async def test_access_token_carries_role_and_organization(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        created, tokens = await f.staff_session(
            admin, "cso", "osc@example.org", "Transparencia Mexicana"
        )
        principal = await client.app.state.verifier.verify(tokens["access_token"])
        me = await client.get(f"{AUTH}/me", headers=bearer(tokens))
    assert principal.sub == created["user"]["id"] == me.json()["id"]
    assert principal.role == "cso" and principal.org == "Transparencia Mexicana"


async def test_access_token_carries_a_stable_voter_pseudonym(start_gateway, flows):
    """The voter key depends on the e-mail only (not the account id) and is not the e-mail."""
    from gateway.accounts.issuance import voter_key

    async with start_gateway() as client:
        settings = client.app.state.settings
        first = voter_key(settings, "Ana@Example.com ")
        assert first == voter_key(settings, "ana@example.com")
        assert "ana" not in first and len(first) == 40
        other = settings.model_copy(update={"pseudonym_secret": "another-secret"})
        assert voter_key(other, "ana@example.com") != first
