"""The gateway's micro-cache of public answers: one upstream call per second per URL for
anonymous readers, revalidations answered 304 here, nothing kept that is not public."""

import asyncio

import httpx


def _upstream(calls: list[httpx.Request], cache_control: str = "public, max-age=30"):
    async def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(
            200,
            json={"n": len(calls)},
            headers={"ETag": '"v7"', "Cache-Control": cache_control},
        )

    return httpx.MockTransport(handler)


URL = "/api/v1/tracking/plans/MX-4PA/commitments"


async def test_anonymous_reads_are_kept_and_revalidated_here(start_gateway):
    calls: list[httpx.Request] = []
    async with start_gateway(service_transport=_upstream(calls), public_cache_seconds=0.3) as c:
        first = await c.get(URL, headers={"If-None-Match": '"v7"'})
        second = await c.get(URL)
        revalidated = await c.get(URL, headers={"If-None-Match": 'W/"v7", "other"'})
        other_query = await c.get(URL + "?limit=5")
        await asyncio.sleep(0.4)
        after_expiry = await c.get(URL)
    # The first reader already had the version: 304, decided by the gateway from a full
    # answer it asked for without If-None-Match (so it could keep it).
    assert first.status_code == 304 and "if-none-match" not in calls[0].headers
    assert second.status_code == 200 and second.json() == {"n": 1}
    assert revalidated.status_code == 304 and revalidated.headers["etag"] == '"v7"'
    assert revalidated.content == b""
    assert other_query.json() == {"n": 2}
    assert after_expiry.json() == {"n": 3}
    assert len(calls) == 3


async def test_callers_with_credentials_and_private_answers_are_never_cached(
    start_gateway, token_for
):
    calls: list[httpx.Request] = []
    async with start_gateway(service_transport=_upstream(calls)) as c:
        auth = token_for("citizen")
        for _ in range(2):
            await c.get(URL, headers=auth)
            await c.get(URL, headers={"Cookie": "session=1"})
    assert len(calls) == 4
    private: list[httpx.Request] = []
    async with start_gateway(service_transport=_upstream(private, "private, max-age=30")) as c:
        for _ in range(3):
            assert (await c.get(URL)).status_code == 200
    assert len(private) == 3


async def test_zero_seconds_turns_the_cache_off(start_gateway):
    calls: list[httpx.Request] = []
    async with start_gateway(service_transport=_upstream(calls), public_cache_seconds=0) as c:
        for _ in range(3):
            await c.get(URL)
    assert len(calls) == 3
