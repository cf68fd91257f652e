"""Paths, redirects, token headers and NUL bytes that used to slip past the route table or
end in a 500 (issue 11): each is refused in the one error shape."""

import base64
import json

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kit.db import Database
from tests.gateway.conftest import AUTH
from tests.gateway.test_proxy import _echo_transport
from tests.roadmaps.conftest import roadmaps, start_roadmaps  # noqa: F401 (fixtures)
from tests.roadmaps.test_commitments import commitment


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/roadmaps/commitments/%2e%2e/meetings",
        "/api/v1/roadmaps/commitments/%2E%2E/meetings",
        "/api/v1/roadmaps/commitments/c1%2Fmeetings",
        "/api/v1/auth/%2e%2e/roadmaps/meetings",
    ],
)
async def test_dot_segments_and_encoded_slashes_are_refused(start_gateway, token_for, path):
    seen: list = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        answer = await client.get(path, headers=token_for("committee"))
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["code"] == "invalid_path"
    assert seen == []


async def test_upstream_redirects_never_show_the_internal_address(start_gateway, token_for):
    def handler(request: httpx.Request) -> httpx.Response:
        targets = {
            "/commitments": "http://127.0.0.1:8102/commitments/",
            "/commitments/c1": "/commitments/c1/",
            "/commitments/c2": "http://10.0.0.7:9000/elsewhere",
        }
        return httpx.Response(307, headers={"location": targets[request.url.path]})

    async with start_gateway(service_transport=httpx.MockTransport(handler)) as client:
        answers = {
            p: await client.get(f"/api/v1/roadmaps{p}", headers=token_for("committee"))
            for p in ("/commitments", "/commitments/c1", "/commitments/c2")
        }
    assert answers["/commitments"].headers["location"] == "/api/v1/roadmaps/commitments/"
    assert answers["/commitments/c1"].headers["location"] == "/api/v1/roadmaps/commitments/c1/"
    assert "location" not in answers["/commitments/c2"].headers


def test_an_absolute_redirect_elsewhere_is_dropped():
    from gateway.proxy import public_location

    assert public_location("http://10.0.0.7:9000/x", "http://127.0.0.1:8102", "roadmaps") is None
    assert public_location("//evil.example/x", "http://127.0.0.1:8102", "roadmaps") is None


def _forged(header: dict, claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(claims)}.c2lnbmF0dXJh"


@pytest.mark.parametrize("kid", [[], {}, 7, None])
async def test_a_malformed_key_id_is_a_401_not_a_500(start_gateway, kid):
    token = _forged({"alg": "RS256", "kid": kid, "typ": "JWT"}, {"sub": "x"})
    async with start_gateway(service_transport=_echo_transport([])) as client:
        proxied = await client.get(
            "/api/v1/roadmaps/commitments", headers={"Authorization": f"Bearer {token}"}
        )
        own = await client.get(f"{AUTH}/me", headers={"Authorization": f"Bearer {token}"})
    for answer in (proxied, own):
        assert answer.status_code == 401, answer.text
        assert answer.json()["error"]["code"] == "invalid_token"


@pytest.mark.parametrize(
    "claim", [{"role": ["admin"]}, {"org": {"x": 1}}, {"amr": "otp"}, {"scope": 5}]
)
async def test_claims_of_the_wrong_type_are_refused(start_gateway, signer, claim):
    token, _ = signer.sign("u1", "committee", **{k: v for k, v in claim.items() if k != "role"})
    if "role" in claim:
        token, _ = signer.sign("u1", claim["role"])
    async with start_gateway(service_transport=_echo_transport([])) as client:
        answer = await client.get(
            "/api/v1/roadmaps/commitments", headers={"Authorization": f"Bearer {token}"}
        )
    assert answer.status_code == 401, answer.text


async def test_nul_bytes_are_refused_on_the_gateways_own_routes(start_gateway):
    async with start_gateway() as client:
        body = {"email": "a@example.com", "password": "x\u0000y"}
        login = await client.post(f"{AUTH}/login", json=body)
        form = await client.post(
            f"{AUTH}/token", content=b"grant_type=client_credentials&client_id=a%00b",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        query = await client.get(f"{AUTH}/dev/mailbox?email=a%00@example.com")
    for answer in (login, form, query):
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["details"] == {"reason": "nul_character"}


async def test_nul_bytes_are_refused_by_the_services(roadmaps, token_for):  # noqa: F811
    bad = commitment(title="Compromiso\u0000 con NUL")
    answer = await roadmaps.post("/commitments", json=bad, headers=token_for("committee"))
    search = await roadmaps.get("/commitments?plan_code=MX%00", headers=token_for("committee"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["details"] == {"reason": "nul_character"}
    assert search.status_code == 422


async def test_a_failed_statement_does_not_carry_its_parameters(databases):
    db = Database(await databases.new("kit"))
    try:
        with pytest.raises(DBAPIError) as failed:
            async with db.transaction() as session:
                await session.execute(
                    text("INSERT INTO no_such_table VALUES (:hash)"),
                    {"hash": "$argon2id$v=19$secreto"},
                )
    finally:
        await db.dispose()
    assert "secreto" not in str(failed.value)
