"""A temporary password only opens its own replacement, and expires; a session ends a fixed
time after its login however often it is refreshed (gateway/accounts/lifetimes.py)."""

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select, update

from gateway.models import RefreshToken, UserAccount
from tests.gateway.conftest import AUTH, PASSWORD, bearer
from tests.gateway.test_proxy import _echo_transport

ROUTE = "/api/v1/roadmaps/me/working-groups"


async def test_a_temporary_password_only_lets_the_person_change_it(start_gateway, flows):
    seen: list = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        f = flows(client)
        admin = await f.admin()
        created = await f.staff(admin, "government", "nueva@example.gob.mx")
        temporary = created["temporary_password"]
        held = bearer(await f.tokens("nueva@example.gob.mx", temporary))
        claims = (await client.app.state.verifier.verify(held["Authorization"][7:])).claims
        refused = [
            await client.get(ROUTE, headers=held),
            await client.get(f"{AUTH}/me/export", headers=held),
            await client.post(f"{AUTH}/mfa/setup", headers=held, json={}),
        ]
        profile = await client.get(f"{AUTH}/me", headers=held)
        changed = await client.post(
            f"{AUTH}/me/password",
            headers=held,
            json={"current_password": temporary, "new_password": PASSWORD},
        )
        fresh = bearer(await f.tokens("nueva@example.gob.mx"))
        allowed = await client.get(ROUTE, headers=fresh)
    assert claims["pwd_change"] is True
    for answer in refused:
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"]["code"] == "password_change_required"
    assert len(seen) == 1  # only the call after the change reached the service
    assert profile.status_code == 200 and profile.json()["must_change_password"] is True
    assert changed.status_code == 204, changed.text
    assert allowed.status_code == 200, allowed.text


async def test_an_admin_with_a_temporary_password_cannot_create_accounts(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        created = await f.staff(admin, "admin", "otra@example.gob.mx")
        tokens, _secret = await f.enrol_mfa("otra@example.gob.mx", created["temporary_password"])
        body = {"email": "x@example.com", "display_name": "X", "role": "admin"}
        answer = await client.post(f"{AUTH}/staff", headers=bearer(tokens), json=body)
    assert answer.status_code == 403, answer.text
    assert answer.json()["error"]["code"] == "password_change_required"


async def test_a_temporary_password_expires(start_gateway, flows):
    async with start_gateway(temporary_password_ttl_hours=72) as client:
        f = flows(client)
        admin = await f.admin()
        fresh = await f.staff(admin, "government", "reciente@example.gob.mx")
        old = await f.staff(admin, "government", "antigua@example.gob.mx")
        async with client.app.state.db.transaction() as session:
            await session.execute(
                update(UserAccount)
                .where(UserAccount.id == old["user"]["id"])
                .values(temporary_password_issued_at=datetime.now(UTC) - timedelta(hours=73))
            )
        expired = await f.login("antigua@example.gob.mx", old["temporary_password"])
        recent = await f.login("reciente@example.gob.mx", fresh["temporary_password"])
    assert expired.status_code == 403, expired.text
    assert expired.json()["error"]["code"] == "temporary_password_expired"
    assert recent.status_code == 200, recent.text


async def _age_session(client, refresh_token: str, days: int) -> None:
    async with client.app.state.db.transaction() as session:
        user_id = await session.scalar(select(RefreshToken.user_id).limit(1))
        await session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id)
            .values(created_at=datetime.now(UTC) - timedelta(days=days))
        )


async def test_a_session_ends_at_its_maximum_age_however_often_refreshed(start_gateway, flows):
    async with start_gateway(session_max_days=60, refresh_token_ttl_days=30) as client:
        f = flows(client)
        await f.register("lucia@example.com")
        tokens = await f.tokens("lucia@example.com")
        await _age_session(client, tokens["refresh_token"], 59)
        near_end = await client.post(
            f"{AUTH}/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        async with client.app.state.db.transaction(read_only=True) as session:
            latest = await session.scalar(
                select(RefreshToken.expires_at).where(RefreshToken.used_at.is_(None))
            )
        await _age_session(client, tokens["refresh_token"], 61)
        too_old = await client.post(
            f"{AUTH}/refresh", json={"refresh_token": near_end.json()["refresh_token"]}
        )
    assert near_end.status_code == 200, near_end.text
    latest = latest if latest.tzinfo else latest.replace(tzinfo=UTC)
    # capped at the session's end (1 day left), not slid another 30 days
    assert latest <= datetime.now(UTC) + timedelta(days=1, minutes=1)
    assert too_old.status_code == 401, too_old.text
    assert too_old.json()["error"]["code"] == "session_expired"


async def test_token_and_profile_answers_are_never_stored(start_gateway, flows):
    async with start_gateway(service_transport=_echo_transport([])) as client:
        f = flows(client)
        await f.register("lucia@example.com")
        login = await f.login("lucia@example.com")
        me = await client.get(f"{AUTH}/me", headers=bearer(login.json()))
        jwks = await client.get("/.well-known/jwks.json")
        https = await client.get(f"{AUTH}/me", headers=bearer(login.json()), follow_redirects=False)
    for answer in (login, me):
        assert answer.headers["cache-control"] == "no-store"
    assert jwks.headers["cache-control"].startswith("public")
    assert "strict-transport-security" not in https.headers  # plain http (local dev)


async def test_hsts_over_https(start_gateway):
    async with start_gateway() as client:
        secure = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=client.app), base_url="https://gateway"
        )
        async with secure:
            answer = await secure.get("/healthz")
    assert answer.headers["strict-transport-security"].startswith("max-age=31536000")
