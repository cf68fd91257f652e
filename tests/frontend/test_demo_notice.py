"""Demonstration data says so on every page that shows it (the API's ``demo`` flag)."""

import httpx

from tests.frontend.test_site import BOARD, SiteGateway, jwt
from tests.frontend.test_working_group import GroupGateway

NOTICE = "Datos de demostración"


def _detail() -> dict:
    commitment = BOARD["commitments"][0]
    return commitment | {"summary": "", "problem": "", "lead_institutions": ["SFP"], "irm": {}}


async def test_the_tablero_and_the_commitment_page_say_demonstration_data(start_frontend):
    gateway = SiteGateway()
    board = BOARD | {"plan_code": "MX-5PA", "demo": True}
    gateway.answers[("GET", "/api/v1/tracking/plans/MX-5PA/dashboard")] = httpx.Response(
        200, json=board
    )
    detail = _detail() | {"demo": True, "key_actions": []}
    gateway.answers[("GET", "/api/v1/tracking/commitments/c1")] = httpx.Response(200, json=detail)
    async with start_frontend(gateway) as client:
        tablero = await client.get("/tablero?plan=MX-5PA")
        commitment = await client.get("/tablero/compromisos/c1")
        english = await client.get("/tablero/compromisos/c1?lang=en")
    assert NOTICE in tablero.text and 'role="note"' in tablero.text
    assert NOTICE in commitment.text
    assert "Demonstration data" in english.text


async def test_real_data_carries_no_demonstration_notice(start_frontend):
    async with start_frontend(SiteGateway()) as client:
        tablero = await client.get("/tablero?plan=MX-4PA")
        commitment = await client.get("/tablero/compromisos/c1")
    assert tablero.status_code == commitment.status_code == 200
    assert NOTICE not in tablero.text and NOTICE not in commitment.text


class DemoGroupGateway(GroupGateway):
    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path == "/api/v1/roadmaps/commitments/c1":
            body = {"id": "c1", "number": 1, "title": "Agua abierta", "demo": True}
            return httpx.Response(200, json=body)
        return super().__call__(request)


async def test_the_working_group_page_of_a_demo_commitment_says_so(start_frontend):
    async with start_frontend(DemoGroupGateway()) as client:
        client.cookies.set("cocrea_access", jwt(role="government", sub="g1"))
        demo = await client.get("/grupos/c1")
    async with start_frontend(GroupGateway()) as client:
        client.cookies.set("cocrea_access", jwt(role="government", sub="g1"))
        real = await client.get("/grupos/c1")
    assert demo.status_code == real.status_code == 200
    assert NOTICE in demo.text and NOTICE not in real.text
