"""The live lock-out attack, end to end through the website and the gateway: strangers
failing sign-ins on the website must not lock a citizen out, on the website or on the API,
while one guesser from one address is still stopped.

Before the fix the website called the gateway as itself, so every visitor shared its
address: 30 failed sign-ins by anybody spent the per-address limit for the whole site.
"""

import re

import httpx

from tests.abuse.test_throttles import PASSWORD, login, verified_account
from tests.fault.processes import ServiceProcess

_CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
THROTTLED = "Demasiados intentos fallidos"


async def sign_in(website: ServiceProcess, address: str, email: str, password: str):
    """A fresh visitor from ``address``: opens /entrar, then submits the form."""
    headers = {"X-Forwarded-For": address}
    async with httpx.AsyncClient(base_url=website.url, timeout=30, headers=headers) as browser:
        form = await browser.get("/entrar")
        assert form.status_code == 200, form.text
        token = _CSRF.search(form.text).group(1)
        body = {"email": email, "password": password, "csrf_token": token, "next": "/cuenta"}
        return await browser.post("/entrar", data=body)


def signed_in(answer: httpx.Response) -> bool:
    return answer.status_code == 303 and answer.headers["location"] == "/cuenta"


async def test_strangers_failing_on_the_website_do_not_lock_a_citizen_out(
    website: ServiceProcess, gateway: httpx.AsyncClient
):
    email = "ciudadana.sitio@example.com"
    await verified_account(gateway, email, "10.20.0.1")
    strangers = [
        await sign_in(website, f"10.21.{n // 200}.{n % 200 + 1}", f"inventada{n}@example.com", "x")
        for n in range(35)
    ]
    on_the_website = await sign_in(website, "10.22.0.1", email, PASSWORD)
    on_the_api = await login(gateway, email, PASSWORD, "127.0.0.1")
    direct = await gateway.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})

    assert [s.status_code for s in strangers] == [401] * 35
    assert all(THROTTLED not in s.text for s in strangers)
    assert signed_in(on_the_website), on_the_website.text[-2000:]
    assert on_the_api.status_code == 200, on_the_api.text
    assert direct.status_code == 200, direct.text  # the website's own address is not spent


async def test_a_guesser_on_the_website_is_still_stopped_and_the_owner_is_not(
    website: ServiceProcess, gateway: httpx.AsyncClient
):
    email = "ciudadano.sitio@example.com"
    await verified_account(gateway, email, "10.30.0.1")
    guesser = "10.31.0.1"
    on_the_account = [await sign_in(website, guesser, email, f"Mala-{n}-Rayo") for n in range(5)]
    guesser_right = await sign_in(website, guesser, email, PASSWORD)
    elsewhere = [await sign_in(website, guesser, f"otra{n}@example.com", "x") for n in range(25)]
    over_the_address = await sign_in(website, guesser, "otra-mas@example.com", "x")
    owner = await sign_in(website, "10.32.0.1", email, PASSWORD)

    assert [a.status_code for a in on_the_account] == [401] * 5
    assert not signed_in(guesser_right) and THROTTLED in guesser_right.text
    assert [e.status_code for e in elsewhere] == [401] * 25
    assert THROTTLED in over_the_address.text  # 30 failures from one address: stopped
    assert signed_in(owner), owner.text[-2000:]


async def test_a_forged_address_header_is_not_believed(gateway: httpx.AsyncClient):
    forged = {"X-Cocrea-Client-Address": "10.40.0.9;t=1;v1=00", "X-Forwarded-For": "10.40.0.1"}

    def body(n: int) -> dict[str, str]:
        return {"email": f"nadie.forjado{n}@example.com", "password": "x"}

    answers = [
        await gateway.post("/api/v1/auth/login", json=body(n), headers=forged) for n in range(30)
    ]
    from_the_real_address = await gateway.post(
        "/api/v1/auth/login", json=body(30), headers={"X-Forwarded-For": "10.40.0.1"}
    )
    assert [a.status_code for a in answers] == [401] * 30
    assert from_the_real_address.status_code == 429  # counted on 10.40.0.1, not the forgery
