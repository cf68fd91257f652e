"""Throttles and caps of the live gateway with its real settings: failed logins per
account and address and per address, registrations per address, the body-size cap.

The stack runs behind no ingress, so the gateway trusts ``X-Forwarded-For`` from loopback
(the default of ``GATEWAY_TRUSTED_PROXIES``) the way it trusts the ingress in production:
each test speaks from its own addresses, and the addresses a throttle is about are chosen
explicitly.
"""

import asyncio
import re

import httpx

from tests.authz.live import citizen, served
from tests.fault.stack import SERVICES, Stack

PASSWORD = "Maíz-Azul-Rayo-42"
LOGIN_PER_ACCOUNT_ADDRESS, LOGIN_PER_IP, REGISTER_PER_IP = 5, 30, 30  # GatewaySettings
MAX_BODY = 1_048_576  # GATEWAY_MAX_BODY_BYTES default


def ip(value: str) -> dict[str, str]:
    return {"X-Forwarded-For": value}


def register_body(email: str) -> dict[str, str]:
    return {
        "email": email,
        "password": PASSWORD,
        "display_name": "Persona de Prueba",
        "privacy_notice_version": "2026-01",
    }


async def verified_account(gateway: httpx.AsyncClient, email: str, address: str) -> None:
    """Register from ``address`` and confirm the mailed code."""
    created = await gateway.post(
        "/api/v1/auth/register", json=register_body(email), headers=ip(address)
    )
    assert created.status_code == 201, created.text
    mailbox = await gateway.get("/api/v1/auth/dev/mailbox", params={"email": email})
    code = re.search(r"\b(\d{6})\b", mailbox.json()["items"][-1]["body"]).group(1)
    verified = await gateway.post("/api/v1/auth/verify-email", json={"email": email, "code": code})
    assert verified.status_code == 200, verified.text


async def login(gateway: httpx.AsyncClient, email: str, password: str, address: str):
    body = {"email": email, "password": password}
    return await gateway.post("/api/v1/auth/login", json=body, headers=ip(address))


def assert_throttled(answer: httpx.Response) -> None:
    assert answer.status_code == 429, answer.text
    assert int(answer.headers["Retry-After"]) >= 1
    assert answer.json()["error"]["code"] == "rate_limited"
    assert "access_token" not in answer.text


async def test_failed_logins_delay_the_guesser_not_the_owner(gateway: httpx.AsyncClient):
    email = "cuenta.atacada@example.com"
    await verified_account(gateway, email, "10.1.0.1")
    before = await login(gateway, email, PASSWORD, "10.1.0.2")
    spread = [
        await login(gateway, email, f"Incorrecta-{n}-Rayo", f"10.1.1.{n}")
        for n in range(LOGIN_PER_ACCOUNT_ADDRESS)
    ]
    after_spread = await login(gateway, email, PASSWORD, "10.1.2.1")
    wrong = [
        await login(gateway, email, f"Incorrecta-{n}-Rayo", "10.1.3.1")
        for n in range(LOGIN_PER_ACCOUNT_ADDRESS)
    ]
    right_from_the_guesser = await login(gateway, email, PASSWORD, "10.1.3.1")
    right_from_the_owner = await login(gateway, email, PASSWORD, "10.1.4.1")
    other_account = await login(gateway, "nadie@example.com", "x", "10.1.3.1")

    assert before.status_code == 200 and before.json()["access_token"]
    assert [w.status_code for w in spread + wrong] == [401] * 2 * LOGIN_PER_ACCOUNT_ADDRESS
    assert after_spread.status_code == 200, after_spread.text  # strangers lock nobody out
    assert_throttled(right_from_the_guesser)
    assert right_from_the_owner.status_code == 200, right_from_the_owner.text
    assert other_account.status_code == 401  # the address itself is not throttled


async def test_failed_logins_lock_the_address_whatever_the_account(gateway: httpx.AsyncClient):
    email = "cuenta.vecina@example.com"
    await verified_account(gateway, email, "10.2.0.1")
    wrong = [
        await login(gateway, f"adivinanza{n}@example.com", "Incorrecta-Rayo", "10.2.1.1")
        for n in range(LOGIN_PER_IP)
    ]
    right_from_that_address = await login(gateway, email, PASSWORD, "10.2.1.1")
    right_from_elsewhere = await login(gateway, email, PASSWORD, "10.2.1.2")

    assert [w.status_code for w in wrong] == [401] * LOGIN_PER_IP
    assert_throttled(right_from_that_address)
    assert right_from_elsewhere.status_code == 200, right_from_elsewhere.text


async def test_registrations_are_throttled_per_address(gateway: httpx.AsyncClient):
    def attempt(n: int, address: str):
        body = register_body(f"alta{n}.{address}@example.com")
        return gateway.post("/api/v1/auth/register", json=body, headers=ip(address))

    allowed = [await attempt(n, "10.3.0.1") for n in range(REGISTER_PER_IP)]
    over = await attempt(REGISTER_PER_IP, "10.3.0.1")
    elsewhere = await attempt(0, "10.3.0.2")
    lookup = await gateway.get(
        "/api/v1/auth/dev/mailbox", params={"email": f"alta{REGISTER_PER_IP}.10.3.0.1@example.com"}
    )

    assert [a.status_code for a in allowed] == [201] * REGISTER_PER_IP
    assert_throttled(over)
    assert lookup.json()["items"] == []  # no account, no code mailed
    assert elsewhere.status_code == 201, elsewhere.text


async def test_a_body_over_the_cap_gets_413_and_never_reaches_the_service(
    stack: Stack, gateway: httpx.AsyncClient, token_for
):
    headers = citizen(token_for, "cit-cuerpo-grande") | {"Content-Type": "application/json"}
    payload = b'{"title": "' + b"a" * (MAX_BODY + 10) + b'"}'

    async def streamed():  # no Content-Length: the cap must hold while the body streams
        for start in range(0, len(payload), 64 * 1024):
            yield payload[start : start + 64 * 1024]
            await asyncio.sleep(0)

    url = "/api/v1/consultation/topics"
    reached_before = sum([await served(stack, name) for name in SERVICES])
    declared = await gateway.post(url, content=payload, headers=headers)
    reached_after_declared = sum([await served(stack, name) for name in SERVICES])
    chunked = await gateway.post(url, content=streamed(), headers=headers)
    just_under = await gateway.post(url, content=b"{}" + b" " * (MAX_BODY - 2), headers=headers)

    for answer in (declared, chunked):
        assert answer.status_code == 413, answer.text
        assert answer.json()["error"]["code"] == "payload_too_large"
    assert reached_after_declared == reached_before
    assert just_under.status_code == 422  # at the cap the service answers (bad topic)


async def test_the_gateways_own_routes_cap_the_body_too(gateway: httpx.AsyncClient):
    body = register_body("enorme@example.com") | {"display_name": "x" * (MAX_BODY + 10)}
    answer = await gateway.post("/api/v1/auth/register", json=body, headers=ip("10.4.0.1"))
    assert answer.status_code == 413, answer.text
    assert answer.json()["error"]["code"] == "payload_too_large"
