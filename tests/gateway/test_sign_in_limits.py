"""Limits that must hold under concurrency and against a stolen session: reserved before
the argon2 work, e-mail codes counted atomically, password re-checks throttled, argon2
bounded, and an unknown account costing the same time as a known one."""

import asyncio
import statistics
import time
import uuid

import pytest
from sqlalchemy import text

from gateway.accounts import passwords
from tests.gateway.conftest import AUTH, PASSWORD
from tests.kit.test_signing_ratelimit import REDIS_URL, _redis_available


def at(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


@pytest.mark.parametrize("storage", ["memory", "redis"])
async def test_a_burst_of_guesses_never_passes_the_limit(start_gateway, flows, storage):
    if storage == "redis" and not _redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    redis = {"redis_url": REDIS_URL} if storage == "redis" else {}
    async with start_gateway(login_limits_per_account_address=["5/15 minutes"], **redis) as c:
        f = flows(c)
        email = f"lucia.{uuid.uuid4().hex[:8]}@example.com"
        await f.register(email)
        address = at(f"198.51.100.{uuid.uuid4().int % 200 + 1}")
        burst = await asyncio.gather(
            *(f.login(email, f"Mala-{n}-Rayo", headers=address) for n in range(12))
        )
    codes = sorted(b.status_code for b in burst)
    assert codes == [401] * 5 + [429] * 7  # checked first, counted after: all 12 were 401


async def test_concurrent_wrong_codes_are_each_counted(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        await f.register("lucia@example.com", verify=False)
        code = await f.last_code("lucia@example.com")
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        body = {"email": "lucia@example.com", "code": wrong}
        burst = await asyncio.gather(
            *(client.post(f"{AUTH}/verify-email", json=body) for _ in range(10))
        )
        async with client.app.state.db.transaction(read_only=True) as session:
            attempts = await session.execute(text("SELECT attempts FROM email_verification"))
            stored = attempts.scalar_one()
        right = await client.post(
            f"{AUTH}/verify-email", json={"email": "lucia@example.com", "code": code}
        )
    answered = [b.json()["error"]["code"] for b in burst]
    assert answered.count("invalid_verification_code") == 5
    assert answered.count("verification_code_expired") == 5
    assert stored == 5
    assert right.json()["error"]["code"] == "verification_code_expired"


async def test_code_attempts_are_limited_per_address(start_gateway, flows):
    async with start_gateway(verify_limit_per_ip="3/15 minutes") as client:
        f = flows(client)
        await f.register("lucia@example.com", verify=False)
        code = await f.last_code("lucia@example.com")

        async def attempt(email: str, value: str, address: str):
            body = {"email": email, "code": value}
            return await client.post(f"{AUTH}/verify-email", json=body, headers=at(address))

        guesses = [await attempt(f"n{n}@example.com", "123456", "203.0.113.5") for n in range(3)]
        over = await attempt("lucia@example.com", code, "203.0.113.5")
        elsewhere = await attempt("lucia@example.com", code, "198.51.100.5")
    assert [g.status_code for g in guesses] == [422] * 3
    assert over.status_code == 429 and over.json()["error"]["code"] == "rate_limited"
    assert elsewhere.status_code == 200, elsewhere.text


async def test_only_created_accounts_count_against_the_registration_limit(start_gateway):
    async with start_gateway(register_limit_per_ip="2/hour") as client:

        def body(n: int, password: str = PASSWORD) -> dict:
            return {
                "email": f"p{n}@example.com",
                "password": password,
                "display_name": "Persona",
                "privacy_notice_version": "2026-01",
            }

        mistyped = [await client.post(f"{AUTH}/register", json=body(n, "123")) for n in range(3)]
        created = [await client.post(f"{AUTH}/register", json=body(n)) for n in range(2)]
        taken = await client.post(f"{AUTH}/register", json=body(0))
        over = await client.post(f"{AUTH}/register", json=body(9))
    assert [m.status_code for m in mistyped] == [422] * 3
    assert [c.status_code for c in created] == [201, 201]
    assert taken.status_code == 429  # the limit is spent by the two created accounts
    assert over.status_code == 429


async def test_password_rechecks_are_throttled_per_account(start_gateway, flows):
    async with start_gateway(password_check_limit_per_account="3/15 minutes") as client:
        f = flows(client)
        lucia = await f.citizen("lucia@example.com")
        pedro = await f.citizen("pedro@example.com")

        def delete(headers: dict, password: str):
            return client.request(
                "DELETE", f"{AUTH}/me", headers=headers, json={"password": password}
            )

        def change(headers: dict, current: str):
            body = {"current_password": current, "new_password": "Otra-Clave-Larga-77"}
            return client.post(f"{AUTH}/me/password", headers=headers, json=body)

        guesses = [await delete(lucia, "Mala-1"), await change(lucia, "Mala-2")]
        guesses.append(await delete(lucia, "Mala-3"))
        right_delete = await delete(lucia, PASSWORD)
        right_change = await change(lucia, PASSWORD)
        other = await change(pedro, PASSWORD)
    assert all(g.status_code in (401, 422) for g in guesses), guesses
    assert right_delete.status_code == 429 and right_change.status_code == 429
    assert other.status_code == 204  # per account: nobody else is slowed


async def test_argon2_runs_at_most_the_configured_hashes_at_once(start_gateway, flows, monkeypatch):
    running, peak = 0, 0
    real_verify = passwords._verify

    def counted(*args):
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        try:
            return real_verify(*args)
        finally:
            running -= 1

    async with start_gateway(password_hash_concurrency=2) as client:
        f = flows(client)
        await f.register("lucia@example.com")
        monkeypatch.setattr(passwords, "_verify", counted)
        await asyncio.gather(
            *(
                f.login("lucia@example.com", "Mala-Rayo", headers=at(f"10.7.0.{n}"))
                for n in range(8)
            )
        )
    passwords.bound_concurrency(passwords.DEFAULT_CONCURRENCY)
    assert 1 <= peak <= 2


async def test_an_unknown_account_costs_the_same_time_as_a_wrong_password(start_gateway, flows):
    async with start_gateway(login_limit_per_ip="100/minute") as client:
        f = flows(client)
        await f.register("lucia@example.com")

        async def timed(email: str, n: int) -> float:
            started = time.perf_counter()
            answer = await f.login(email, "Mala-Rayo", headers=at(f"10.8.{n}.1"))
            assert answer.status_code == 401
            return time.perf_counter() - started

        known, unknown = [], []
        for n in range(5):
            known.append(await timed("lucia@example.com", n))
            unknown.append(await timed(f"nadie{n}@example.com", n + 100))
    # Without the dummy hash an unknown address answered in a fraction of the time.
    assert statistics.median(unknown) > 0.5 * statistics.median(known)
