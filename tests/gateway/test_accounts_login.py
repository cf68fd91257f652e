"""Logging in: throttling of guesses per account and per address, disabled accounts."""

from tests.gateway.conftest import AUTH, PASSWORD, bearer


async def test_account_throttle_refuses_even_the_right_password(start_gateway, flows):
    async with start_gateway(login_limit_per_account="3/15 minutes") as client:
        f = flows(client)
        await f.register("lucia@example.com")
        await f.register("pedro@example.com", name="Pedro Soto")
        wrong = [await f.login("lucia@example.com", "Incorrecta-123") for _ in range(3)]
        locked = await f.login("lucia@example.com", PASSWORD)
        other = await f.login("pedro@example.com", PASSWORD)
    assert [w.status_code for w in wrong] == [401, 401, 401]
    assert {w.json()["error"]["code"] for w in wrong} == {"invalid_credentials"}
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(locked.headers["retry-after"]) <= 15 * 60 + 1
    assert locked.json()["error"]["details"]["retry_after"] == int(locked.headers["retry-after"])
    assert other.status_code == 200  # the lock is on the account, not on everybody


async def test_ip_throttle_spans_accounts(start_gateway, flows):
    async with start_gateway(
        login_limit_per_ip="4/15 minutes", login_limit_per_account="100/15 minutes"
    ) as client:
        f = flows(client)
        await f.register("lucia@example.com")
        guesses = [await f.login(f"nadie{i}@example.com", "Incorrecta-123") for i in range(4)]
        locked = await f.login("lucia@example.com", PASSWORD)
    assert [g.status_code for g in guesses] == [401] * 4
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) >= 1


async def test_a_successful_login_clears_the_account_counter(start_gateway, flows):
    async with start_gateway(login_limit_per_account="3/15 minutes") as client:
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
