"""Logging in: throttling of guesses per account and per address, disabled accounts."""

from tests.gateway.conftest import AUTH, PASSWORD, bearer


def at(address: str) -> dict[str, str]:
    """Speak from ``address`` (the test client is loopback, a trusted proxy by default)."""
    return {"X-Forwarded-For": address}


async def test_guesses_delay_the_guesser_not_the_owner(start_gateway, flows):
    async with start_gateway(login_limits_per_account_address=["3/15 minutes"]) as client:
        f = flows(client)
        await f.register("lucia@example.com")
        await f.register("pedro@example.com", name="Pedro Soto")
        guesser, owner = at("203.0.113.7"), at("198.51.100.20")
        wrong = [
            await f.login("lucia@example.com", "Incorrecta-123", headers=guesser) for _ in range(3)
        ]
        guesser_right = await f.login("lucia@example.com", PASSWORD, headers=guesser)
        owner_right = await f.login("lucia@example.com", PASSWORD, headers=owner)
        other = await f.login("pedro@example.com", PASSWORD, headers=guesser)
    assert [w.status_code for w in wrong] == [401, 401, 401]
    assert {w.json()["error"]["code"] for w in wrong} == {"invalid_credentials"}
    assert guesser_right.status_code == 429  # even the right password, from the guesser
    assert guesser_right.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(guesser_right.headers["retry-after"]) <= 15 * 60 + 1
    retry = int(guesser_right.headers["retry-after"])
    assert guesser_right.json()["error"]["details"]["retry_after"] == retry
    assert owner_right.status_code == 200, owner_right.text  # never locked out by a stranger
    assert other.status_code == 200  # the delay is on the account at that address


async def test_the_delay_grows_tier_by_tier(start_gateway, flows):
    async with start_gateway(login_limits_per_account_address=["2/minute", "3/hour"]) as client:
        f = flows(client)
        await f.register("lucia@example.com")
        guesses = [await f.login("lucia@example.com", "Mala-1111") for _ in range(3)]
        for times, _period in client.app.state.limiter.storage._hits.values():
            for n in range(len(times)):  # a minute and a bit passes
                times[n] -= 61
        after_a_minute = [await f.login("lucia@example.com", "Mala-2222") for _ in range(2)]
    assert [g.status_code for g in guesses] == [401, 401, 429]
    assert int(guesses[-1].headers["retry-after"]) <= 61
    assert [a.status_code for a in after_a_minute] == [401, 429]
    assert int(after_a_minute[-1].headers["retry-after"]) > 60 * 50  # now the hour tier


async def test_ip_throttle_spans_accounts(start_gateway, flows):
    async with start_gateway(
        login_limit_per_ip="4/15 minutes", login_limits_per_account_address=["100/15 minutes"]
    ) as client:
        f = flows(client)
        await f.register("lucia@example.com")
        guesses = [await f.login(f"nadie{i}@example.com", "Incorrecta-123") for i in range(4)]
        locked = await f.login("lucia@example.com", PASSWORD)
    assert [g.status_code for g in guesses] == [401] * 4
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) >= 1


async def test_a_successful_login_clears_the_account_counter(start_gateway, flows):
    async with start_gateway(login_limits_per_account_address=["3/15 minutes"]) as client:
        f = flows(client)
        await f.register("lucia@example.com")
        codes = []
        for password in ["Mala-1111", "Mala-2222", PASSWORD, "Mala-3333", "Mala-4444", PASSWORD]:
            codes.append((await f.login("lucia@example.com", password)).status_code)
    assert codes == [401, 401, 200, 401, 401, 200]


async def test_unknown_address_and_wrong_password_look_the_same(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        await f.register("lucia@example.com")
        unknown = await f.login("nadie@example.com", PASSWORD)
        wrong = await f.login("lucia@example.com", "Incorrecta-123")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert unknown.headers["www-authenticate"] == "Bearer"


async def test_deactivated_staff_cannot_log_in_or_refresh(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        created = await f.staff(admin, "government", "enlace@example.gob.mx")
        password = created["temporary_password"]
        session = await f.tokens("enlace@example.gob.mx", password)
        off = await client.patch(
            f"{AUTH}/staff/{created['user']['id']}", headers=admin, json={"is_active": False}
        )
        login = await f.login("enlace@example.gob.mx", password)
        refreshed = await client.post(
            f"{AUTH}/refresh", json={"refresh_token": session["refresh_token"]}
        )
        me = await client.get(f"{AUTH}/me", headers=bearer(session))
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert login.status_code == 403
    assert login.json()["error"]["code"] == "account_disabled"
    assert refreshed.status_code == 401
    assert me.status_code == 401  # the access token outlives nothing it should not


async def test_login_body_is_validated_in_the_error_shape(start_gateway):
    async with start_gateway() as client:
        response = await client.post(f"{AUTH}/login", json={"email": "no-es-correo"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert {d["field"] for d in error["details"]} >= {"email", "password"}
