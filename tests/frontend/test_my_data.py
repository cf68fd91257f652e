"""A person downloads everything Cocrea holds about them and deletes the account."""

import json

import httpx
import pytest

from tests.frontend.test_site import SiteGateway, csrf_of, jwt

ACCOUNT = {"account": {"email": "lucia@example.com"}, "privacy": {"notice_version": "2026-01"}}
MINE = {"topics": [{"id": "t1", "title": "Agua"}], "votes": [{"topic_id": "t1"}], "comments": []}
GROUPS = {"working_groups": [{"commitment_id": "c1", "name": "Lucía"}], "sign_offs": []}
FOLLOWS = {"following": [{"commitment_id": "c1"}], "notifications": []}


@pytest.fixture
def gateway() -> SiteGateway:
    return SiteGateway()


def _with_exports(gateway: SiteGateway) -> SiteGateway:
    gateway.answers[("GET", "/api/v1/auth/me/export")] = httpx.Response(200, json=ACCOUNT)
    gateway.answers[("GET", "/api/v1/consultation/me/export")] = httpx.Response(200, json=MINE)
    gateway.answers[("GET", "/api/v1/roadmaps/me/export")] = httpx.Response(200, json=GROUPS)
    gateway.answers[("GET", "/api/v1/tracking/me/export")] = httpx.Response(200, json=FOLLOWS)
    return gateway


async def test_export_merges_the_account_and_the_participation(start_frontend, gateway):
    async with start_frontend(_with_exports(gateway)) as client:
        anonymous = await client.get("/cuenta/exportar")
        client.cookies.set("cocrea_access", jwt())
        download = await client.get("/cuenta/exportar")
    assert anonymous.status_code == 303
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    assert download.headers["cache-control"] == "no-store"
    document = json.loads(download.content)
    assert document["account"] == ACCOUNT and document["participation"] == MINE
    assert document["working_groups"] == GROUPS and document["tracking"] == FOLLOWS
    sent = [r for r in gateway.requests if r.url.path.endswith("/me/export")]
    assert {r.headers["authorization"].split()[0] for r in sent} == {"Bearer"}


async def test_delete_needs_the_password_and_signs_out(start_frontend, gateway):
    refusal = {"error": {"code": "invalid_credentials", "message": "Contraseña incorrecta.",
                         "details": None}}  # fmt: skip
    gateway.answers[("DELETE", "/api/v1/auth/me")] = httpx.Response(401, json=refusal)
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt())
        form = await client.get("/cuenta/eliminar")
        token = csrf_of(form.text)
        wrong = await client.post("/cuenta/eliminar", data={"csrf_token": token, "password": "x"})
        gateway.answers[("DELETE", "/api/v1/auth/me")] = httpx.Response(204)
        deleted = await client.post(
            "/cuenta/eliminar", data={"csrf_token": token, "password": "Ahuehuete-Sol-2026"}
        )
    assert wrong.status_code == 422 and "Contraseña incorrecta." in wrong.text
    assert deleted.status_code == 303
    assert deleted.headers["location"] == "/?aviso=cuenta-eliminada"
    cleared = [c for c in deleted.headers.get_list("set-cookie") if c.startswith("cocrea_access=")]
    assert cleared and ("Max-Age=0" in cleared[0] or "expires=Thu, 01 Jan 1970" in cleared[0])
    assert [w[:3] for w in gateway.writes] == [
        ("DELETE", "/api/v1/auth/me", {"password": "x"}),
        ("DELETE", "/api/v1/auth/me", {"password": "Ahuehuete-Sol-2026"}),
    ]
