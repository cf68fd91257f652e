"""Every route of the route table × every role gets the expected allow/deny.

The expected policy is read from the route table itself (tests/gateway/route_policy.py);
what keeps the table honest is that each route admits a named set of ``reference.roles``
(or everybody, or anybody signed in), that nothing public writes, and that the gateway
enforces exactly what the table says.
"""

import re

import httpx
import pytest

from gateway.routing import AUTHENTICATED, PUBLIC, RouteTable
from reference.roles import COMMITTEE, REPORTERS, STAFF, VALIDATORS, VOTERS, WORKING_GROUP
from tests.gateway.route_policy import EVERYONE, POLICY, RULES

ROLES = sorted(EVERYONE)
# The sets a route may admit, by the name of the rule they stand for.
NAMED_SETS = {
    COMMITTEE: "COMMITTEE",
    REPORTERS: "REPORTERS",
    STAFF: "STAFF",
    VALIDATORS: "VALIDATORS",
    VOTERS: "VOTERS",
    WORKING_GROUP: "WORKING_GROUP",
}


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "abc123", path)


def test_every_route_admits_a_named_set_of_roles():
    """``allow`` is public, authenticated, or one of the named sets of ``reference.roles``
    (spelled out as its roles): a role left out of, or slipped into, a set shows up here."""
    odd = {
        rule.id: sorted(rule.allow)
        for rule in RULES
        if rule.allow not in ({PUBLIC}, {AUTHENTICATED}) and rule.allow not in NAMED_SETS
    }
    assert odd == {}


def test_nothing_public_writes():
    writes = [rule.id for rule in RULES if PUBLIC in rule.allow and rule.methods - {"GET"}]
    assert writes == []


def test_each_route_is_declared_once():
    declared = [(rule.service, method, rule.path) for rule in RULES for method in rule.methods]
    assert len(declared) == len(set(declared)) == len(POLICY)


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
