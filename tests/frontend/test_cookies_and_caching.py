"""Over HTTPS the site's cookies are ``__Host-`` cookies and the browser is told to stay
on HTTPS; pages for a signed-in person are never stored; local HTTP keeps working."""

from tests.frontend.test_site import SiteGateway, jwt

HTTPS = {"x-forwarded-proto": "https"}


async def test_over_https_cookies_are_host_prefixed_and_hsts_is_sent(start_frontend):
    async with start_frontend(SiteGateway()) as client:
        page = await client.get("/entrar", headers=HTTPS)
    cookies = page.headers.get_list("set-cookie")
    assert cookies and all(c.startswith("__Host-cocrea_") for c in cookies), cookies
    assert all("Secure" in c and "Path=/" in c and "Domain" not in c for c in cookies)
    assert page.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_over_https_only_the_host_prefixed_session_counts(start_frontend):
    token = jwt(name="Lucía Segura")
    async with start_frontend(SiteGateway()) as client:
        prefixed = await client.get(
            "/", headers=HTTPS | {"cookie": f"__Host-cocrea_access={token}"}
        )
        planted = await client.get("/", headers=HTTPS | {"cookie": f"cocrea_access={token}"})
    assert "Lucía Segura" in prefixed.text
    assert "Lucía Segura" not in planted.text  # a plain cookie could come from a subdomain


async def test_local_http_keeps_plain_cookies_and_no_hsts(start_frontend):
    token = jwt(name="Lucía Local")
    async with start_frontend(SiteGateway()) as client:
        page = await client.get("/entrar")
        signed_in = await client.get("/", headers={"cookie": f"cocrea_access={token}"})
    assert all(c.startswith("cocrea_") for c in page.headers.get_list("set-cookie"))
    assert "strict-transport-security" not in page.headers
    assert "Lucía Local" in signed_in.text


async def test_pages_for_a_signed_in_person_are_not_stored(start_frontend):
    async with start_frontend(SiteGateway()) as client:
        anonymous = await client.get("/tablero")
        personal = await client.get("/tablero", headers={"cookie": f"cocrea_access={jwt()}"})
    assert personal.headers["cache-control"] == "no-store"
    assert anonymous.headers.get("cache-control") != "no-store"
