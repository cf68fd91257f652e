"""Whom the gateway believes about the caller's address, as the services behind it see it."""

import httpx

from kit.forwarding import CLIENT_ADDRESS_HEADER, sign
from tests.gateway.test_proxy import _echo_transport

SECRET = "website-secret-0123456789abcdef"
PUBLIC = "/api/v1/consultation/processes"


async def test_the_signed_address_counts_and_never_reaches_a_service(start_gateway):
    seen: list[httpx.Request] = []
    async with start_gateway(
        service_transport=_echo_transport(seen),
        client_address_secret=SECRET,
        trusted_proxies=[],  # the test client (loopback) is no proxy here
    ) as client:
        signed = await client.get(
            PUBLIC, headers={CLIENT_ADDRESS_HEADER: sign(SECRET, "198.51.100.7")}
        )
        forged = await client.get(
            PUBLIC,
            headers={
                CLIENT_ADDRESS_HEADER: sign("not-the-secret-0123456789", "198.51.100.8"),
                "X-Forwarded-For": "198.51.100.9",
            },
        )
    assert signed.status_code == forged.status_code == 200
    assert [r.headers["x-forwarded-for"] for r in seen] == [
        "198.51.100.7",
        "198.51.100.9, 127.0.0.1",  # an untrusted caller's own header is only passed on
    ]
    assert all(CLIENT_ADDRESS_HEADER.lower() not in r.headers for r in seen)
