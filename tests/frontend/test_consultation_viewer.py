"""A signed-in citizen sees «Ya votaste» on the topics she voted for, from the topic list's
own answer (read with her token); the topic page learns her vote and CURP from the topic
itself, never from her whole data export (issue 17)."""

import re

import httpx
import pytest

from tests.frontend.conftest import open_process_document
from tests.frontend.test_site import TOPIC, SiteGateway, jwt

TOPICS = "/api/v1/consultation/topics"
OTHER = TOPIC | {"id": "t2", "title": "Baches sin arreglar", "votes_count": 1}


class ViewerGateway(SiteGateway):
    """Topics answered as the API does: ``voted`` true/false with a token, null without."""

    def __init__(self) -> None:
        super().__init__()
        self.voted = {"t1": True, "t2": False}
        self.curp_registered: bool | None = None
        self.refused_tokens = False
        process = open_process_document() | {
            "current_phase": {"key": "consultation", "status": "open"}
        }
        self.answers[("GET", "/api/v1/consultation/processes/p-5pa")] = httpx.Response(
            200, json=process
        )

    def _personal(self, request: httpx.Request, topic: dict) -> dict:
        signed_in = "authorization" in request.headers
        return topic | {
            "voted": self.voted[topic["id"]] if signed_in else None,
            "curp_registered": self.curp_registered if signed_in else None,
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith(TOPICS) and request.method == "GET":
            self.requests.append(request)
            if self.refused_tokens and "authorization" in request.headers:
                error = {"error": {"code": "invalid_token", "message": "Token inválido."}}
                return httpx.Response(401, json=error)
            if path == TOPICS:
                items = [self._personal(request, t) for t in (TOPIC, OTHER)]
                return httpx.Response(200, json={"items": items, "next_cursor": None})
            if path == f"{TOPICS}/t1":
                return httpx.Response(200, json=self._personal(request, TOPIC))
        return super().__call__(request)


@pytest.fixture
def gateway() -> ViewerGateway:
    return ViewerGateway()


def _item(html: str, topic_id: str) -> str:
    found = re.search(
        rf'<li class="topic">\s*<h3><a href="/consulta/temas/{topic_id}">.*?</li>', html, re.S
    )
    assert found, topic_id
    return found.group(0)


def _topic_reads(gateway: ViewerGateway) -> list[httpx.Request]:
    return [r for r in gateway.requests if r.url.path.startswith(TOPICS)]


async def test_the_list_says_ya_votaste_on_her_voted_topic_only(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        anonymous = (await client.get("/consulta")).text
        client.cookies.set("cocrea_access", jwt(role="citizen", sub="a1"))
        signed_in = (await client.get("/consulta")).text
        english = (await client.get("/consulta?lang=en")).text

    assert "Ya votaste" in _item(signed_in, "t1")
    assert "Ya votaste" not in _item(signed_in, "t2")
    assert "Ya votaste" not in anonymous
    assert "You voted" in _item(english, "t1") and "You voted" not in _item(english, "t2")
    first, second = _topic_reads(gateway)[:2]
    assert "authorization" not in first.headers  # anonymous: the public (cacheable) read
    assert second.headers["authorization"] == f"Bearer {client.cookies['cocrea_access']}"


async def test_the_topic_page_reads_her_vote_from_the_topic_not_her_export(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="citizen", sub="a1"))
        voted = (await client.get("/consulta/temas/t1")).text
        gateway.voted["t1"] = False
        not_voted = (await client.get("/consulta/temas/t1")).text

    assert "Ya votaste por este tema." in voted and "Retirar mi voto" in voted
    assert "Ya votaste por este tema." not in not_voted and "Votar por este tema" in not_voted
    assert not [r for r in gateway.requests if r.url.path.endswith("/me/export")]
    assert all("authorization" in r.headers for r in _topic_reads(gateway))


async def test_a_token_the_api_refuses_reads_the_pages_as_anybody(start_frontend, gateway):
    gateway.refused_tokens = True
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="citizen", sub="a1"))
        listing = await client.get("/consulta")
        topic = await client.get("/consulta/temas/t1")

    assert listing.status_code == topic.status_code == 200
    assert "Sentencias que no se publican" in listing.text and "Ya votaste" not in listing.text
    assert "Ya votaste" not in topic.text


class ETagGateway(ViewerGateway):
    """The topic list with an ETag of its content, as every service answers reads."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        response = super().__call__(request)
        if request.url.path == TOPICS and response.status_code == 200:
            etag = f'W/"{hash(response.content)}"'
            if request.headers.get("if-none-match") == etag:
                return httpx.Response(304, headers={"ETag": etag})
            return httpx.Response(200, content=response.content, headers={"ETag": etag,
                                  "Content-Type": "application/json"})  # fmt: skip
        return response


async def test_signed_out_pages_are_rendered_once_but_never_stale_nor_hers(start_frontend):
    gateway = ETagGateway()
    async with start_frontend(gateway, cache_fresh_seconds=0) as client:
        first = (await client.get("/consulta")).text
        again = (await client.get("/consulta")).text  # revalidated: 304, the same page
        gateway.voted["t2"] = True  # only what signed-in readers see changes
        OTHER["votes_count"] = 7
        try:
            changed = (await client.get("/consulta")).text
        finally:
            OTHER["votes_count"] = 1
        client.cookies.set("cocrea_access", jwt(role="citizen", sub="a1"))
        hers = (await client.get("/consulta")).text
        client.cookies.clear()
        after = (await client.get("/consulta")).text

    assert first == again
    assert ">7<" in _item(changed, "t2") or "7 votos" in _item(changed, "t2")
    assert "Ya votaste" in hers and "Ya votaste" not in after
    anonymous_reads = [r for r in _topic_reads(gateway) if "authorization" not in r.headers]
    assert anonymous_reads[1].headers.get("if-none-match")  # the second view revalidated
