"""The website refuses oversized bodies before parsing them, and a large upload from a
browser that is not this site's is refused before a byte of it is read."""

from tests.frontend.conftest import FakeGateway
from tests.frontend.test_site import csrf_of, jwt


class Body:
    """A request body sent in chunks, counting how many the website pulled."""

    def __init__(self, chunk: bytes, count: int) -> None:
        self.chunk, self.count, self.read = chunk, count, 0

    async def __aiter__(self):
        for _ in range(self.count):
            self.read += 1
            yield self.chunk


async def test_a_huge_form_is_a_413_before_it_is_parsed(start_frontend):
    gateway = FakeGateway()
    async with start_frontend(gateway) as client:
        token = csrf_of((await client.get("/entrar")).text)
        huge = "csrf_token=" + token + "&email=" + "a" * (2 * 1024 * 1024)
        refused = await client.post(
            "/entrar",
            content=huge,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        streamed = Body(b"a" * 65536, 64)
        cut = await client.post(
            "/entrar",
            content=streamed,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    assert refused.status_code == 413 and "demasiado grande" in refused.text
    assert cut.status_code == 413 and streamed.read < 64
    assert not [r for r in gateway.requests if r.url.path == "/api/v1/auth/login"]


async def test_a_large_upload_without_this_sites_cookies_is_refused_unread(start_frontend):
    gateway = FakeGateway()
    boundary = "frontera"
    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    async with start_frontend(gateway) as client:
        stranger = Body(b"x" * 65536, 100)
        refused = await client.post("/grupos/c1/avances", content=stranger, headers=headers)
        client.cookies.set("cocrea_access", jwt())
        csrf_of((await client.get("/entrar")).text)  # this browser's CSRF cookie
        cross = Body(b"x" * 65536, 100)
        other_origin = await client.post(
            "/grupos/c1/avances",
            content=cross,
            headers=headers | {"origin": "https://evil.example"},
        )
    assert refused.status_code == 403 and stranger.read == 0
    assert other_origin.status_code == 403 and cross.read == 0
