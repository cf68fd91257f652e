"""Every route of the route table × every role gets the expected allow/deny.

``POLICY`` is the reviewed access policy, written independently of route_table.yaml: a
route added to the table without a reviewed line here fails the test, and so does a table
entry that lets in a role the policy does not.
"""

import re

import httpx
import pytest

from gateway.routing import RouteTable, load_route_table

EVERYONE = {"anonymous", "citizen", "government", "cso", "inai", "committee", "admin"}
COMMITTEE = {"committee", "admin"}

POLICY: dict[tuple[str, str, str], set[str]] = {
    ("consultation", "GET", "/processes"): EVERYONE,
    ("consultation", "GET", "/processes/{process_id}"): EVERYONE,
    ("consultation", "POST", "/processes"): COMMITTEE,
    ("roadmaps", "GET", "/commitments"): EVERYONE,
    ("roadmaps", "GET", "/commitments/{commitment_id}"): EVERYONE,
    ("roadmaps", "POST", "/commitments"): COMMITTEE,
    ("roadmaps", "POST", "/commitments/{commitment_id}/publish"): COMMITTEE,
    ("tracking", "GET", "/plans/{plan_code}/commitments"): EVERYONE,
    ("tracking", "GET", "/commitments/{commitment_id}"): EVERYONE,
}
ROLES = sorted(EVERYONE)


def _table_routes(table: RouteTable) -> set[tuple[str, str, str]]:
    return {(r.service, m, r.path) for r in table.rules for m in r.methods}


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "abc123", path)


def test_every_route_in_the_table_has_a_reviewed_policy():
    routes = _table_routes(load_route_table())
    assert routes - POLICY.keys() == set(), "routes without a reviewed policy line"
    assert POLICY.keys() - routes == set(), "policy lines for routes the table lacks"


def test_route_table_refuses_unknown_roles():
    with pytest.raises(ValueError, match="unknown roles"):
        RouteTable.from_data(
            {"routes": [{"service": "x", "methods": ["GET"], "path": "/a", "allow": ["superuser"]}]}
        )


def test_literal_paths_win_over_parameters():
    table = RouteTable.from_data(
        {
            "routes": [
                {
                    "service": "s",
                    "methods": ["GET"],
                    "path": "/topics/{topic_id}",
                    "allow": ["public"],
                },
                {
                    "service": "s",
                    "methods": ["GET"],
                    "path": "/topics/similar",
                    "allow": ["citizen"],
                },
            ]
        }
    )
    rule, _ = table.match("s", "GET", "/topics/similar")
    assert rule is not None and rule.path == "/topics/similar"
    rule, _ = table.match("s", "GET", "/topics/42")
    assert rule is not None and rule.path == "/topics/{topic_id}"
    assert table.match("s", "GET", "/topics/42/extra") == (None, False)


@pytest.mark.parametrize("role", ROLES)
async def test_role_matrix_through_the_gateway(start_gateway, token_for, role):
    reached: list[str] = []

    async def upstream(request: httpx.Request) -> httpx.Response:
        reached.append(f"{request.method} {request.url.path}")
        return httpx.Response(200, json={"ok": True})

    headers = {} if role == "anonymous" else token_for(role)
    async with start_gateway(service_transport=httpx.MockTransport(upstream)) as client:
        for (service, method, path), allowed in sorted(POLICY.items()):
            url = f"/api/v1/{service}{_concrete(path)}"
            response = await client.request(
                method, url, headers=headers, json={} if method != "GET" else None
            )
            if role in allowed:
                assert response.status_code == 200, (role, method, url, response.text)
            else:
                expected = 401 if role == "anonymous" else 403
                assert response.status_code == expected, (role, method, url, response.text)
                assert response.json()["error"]["code"] in {"not_authenticated", "forbidden"}
    expected_reached = sum(1 for allowed in POLICY.values() if role in allowed)
    assert len(reached) == expected_reached


async def test_api_client_needs_a_granted_scope(start_gateway, token_for):
    async def upstream(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"ok": True})

    async with start_gateway(service_transport=httpx.MockTransport(upstream)) as client:
        no_scope = token_for("client", scope="tracking:read")
        with_scope = token_for("client", scope="consultation:write")
        body = {"json": {}}
        denied = await client.post("/api/v1/consultation/processes", headers=no_scope, **body)
        allowed = await client.post("/api/v1/consultation/processes", headers=with_scope, **body)
        public = await client.get("/api/v1/roadmaps/commitments", headers=no_scope)
        committee_only = await client.post(
            "/api/v1/roadmaps/commitments", headers=with_scope, **body
        )
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "insufficient_scope"
    assert allowed.status_code == 200
    assert public.status_code == 200
    assert committee_only.status_code == 403
