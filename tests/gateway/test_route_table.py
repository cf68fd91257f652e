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
# Roles a working-group member can hold; the roadmaps service checks the membership itself.
GROUP_MEMBERS = {"government", "cso", "inai", "committee"}

POLICY: dict[tuple[str, str, str], set[str]] = {
    ("consultation", "GET", "/processes"): EVERYONE,
    ("consultation", "GET", "/processes/{process_id}"): EVERYONE,
    ("consultation", "POST", "/processes"): COMMITTEE,
    ("consultation", "PUT", "/processes/{process_id}/phases/{phase_key}"): COMMITTEE,
    ("consultation", "GET", "/processes/{process_id}/phase-changes"): EVERYONE,
    ("consultation", "GET", "/topics"): EVERYONE,
    ("consultation", "GET", "/topics/similar"): EVERYONE,
    ("consultation", "POST", "/topics"): {"citizen", "admin"},
    ("consultation", "GET", "/topics/{topic_id}"): EVERYONE,
    ("consultation", "PATCH", "/topics/{topic_id}"): {"citizen", "admin"},
    ("consultation", "POST", "/topics/{topic_id}/withdraw"): {"citizen", "admin"},
    ("consultation", "POST", "/topics/{topic_id}/votes"): {"citizen", "admin"},
    ("consultation", "DELETE", "/topics/{topic_id}/votes/mine"): {"citizen", "admin"},
    ("consultation", "PUT", "/topics/{topic_id}/followers/mine"): EVERYONE - {"anonymous"},
    ("consultation", "DELETE", "/topics/{topic_id}/followers/mine"): EVERYONE - {"anonymous"},
    ("consultation", "POST", "/topics/{topic_id}/reports"): EVERYONE - {"anonymous"},
    ("consultation", "GET", "/processes/{process_id}/reported-topics"): COMMITTEE,
    ("roadmaps", "GET", "/me/export"): EVERYONE - {"anonymous"},
    ("tracking", "GET", "/me/export"): EVERYONE - {"anonymous"},
    ("consultation", "POST", "/topics/{topic_id}/moderation"): COMMITTEE,
    ("consultation", "GET", "/topics/{topic_id}/history"): COMMITTEE,
    ("consultation", "POST", "/topics/{topic_id}/merge"): COMMITTEE,
    ("consultation", "PUT", "/topics/{topic_id}/response"): COMMITTEE,
    ("consultation", "POST", "/topics/{topic_id}/response/publish"): COMMITTEE,
    ("consultation", "POST", "/processes/{process_id}/territorial/topics"): EVERYONE
    - {"anonymous", "citizen"},
    ("consultation", "POST", "/processes/{process_id}/territorial/import"): EVERYONE
    - {"anonymous", "citizen"},
    ("consultation", "GET", "/processes/{process_id}/themes"): EVERYONE,
    ("consultation", "POST", "/processes/{process_id}/themes"): COMMITTEE,
    ("consultation", "GET", "/themes/{theme_id}"): EVERYONE,
    ("consultation", "POST", "/themes/{theme_id}/topics"): COMMITTEE,
    ("consultation", "DELETE", "/themes/{theme_id}/topics/{topic_id}"): COMMITTEE,
    ("consultation", "POST", "/themes/{theme_id}/publish"): COMMITTEE,
    ("consultation", "POST", "/themes/{theme_id}/promote"): COMMITTEE,
    ("consultation", "GET", "/processes/{process_id}/responses/report"): EVERYONE,
    ("consultation", "GET", "/processes/{process_id}/statistics"): EVERYONE,
    ("consultation", "GET", "/feedback/items"): EVERYONE,
    ("consultation", "GET", "/feedback/items/{item_id}/comments"): EVERYONE,
    ("consultation", "POST", "/feedback/items/{item_id}/comments"): {"citizen", "admin"},
    ("consultation", "PUT", "/feedback/comments/{comment_id}/response"): COMMITTEE,
    ("consultation", "POST", "/feedback/comments/{comment_id}/response/publish"): COMMITTEE,
    ("consultation", "POST", "/me/curp"): EVERYONE - {"anonymous"},
    ("consultation", "GET", "/me/notifications"): EVERYONE - {"anonymous"},
    ("consultation", "POST", "/me/notifications/{notification_id}/read"): EVERYONE - {"anonymous"},
    ("consultation", "PUT", "/me/demographics"): EVERYONE - {"anonymous"},
    ("consultation", "DELETE", "/me/demographics"): EVERYONE - {"anonymous"},
    ("consultation", "GET", "/me/export"): EVERYONE - {"anonymous"},
    ("roadmaps", "GET", "/commitments"): EVERYONE,
    ("roadmaps", "GET", "/commitments/{commitment_id}"): EVERYONE,
    ("roadmaps", "GET", "/commitments/{commitment_id}/continuity"): EVERYONE,
    ("roadmaps", "POST", "/commitments"): COMMITTEE,
    ("roadmaps", "POST", "/commitments/{commitment_id}/publish"): COMMITTEE,
    ("roadmaps", "PATCH", "/commitments/{commitment_id}"): COMMITTEE,
    ("roadmaps", "POST", "/plans/{plan_code}/draft-plan/publish"): COMMITTEE,
    ("roadmaps", "GET", "/plans/{plan_code}/draft-plan"): EVERYONE,
    ("roadmaps", "GET", "/me/working-groups"): EVERYONE - {"anonymous"},
    ("roadmaps", "GET", "/commitments/{commitment_id}/working-group"): EVERYONE,
    ("roadmaps", "PUT", "/commitments/{commitment_id}/working-group"): COMMITTEE,
    ("roadmaps", "POST", "/commitments/{commitment_id}/working-group/members"): COMMITTEE,
    (
        "roadmaps",
        "DELETE",
        "/commitments/{commitment_id}/working-group/members/{account_id}",
    ): COMMITTEE,
    ("roadmaps", "GET", "/commitments/{commitment_id}/roadmap"): EVERYONE,
    ("roadmaps", "POST", "/commitments/{commitment_id}/roadmap"): GROUP_MEMBERS,
    ("roadmaps", "PUT", "/commitments/{commitment_id}/roadmap"): GROUP_MEMBERS,
    ("roadmaps", "PATCH", "/commitments/{commitment_id}/roadmap"): GROUP_MEMBERS,
    ("roadmaps", "GET", "/commitments/{commitment_id}/roadmap/versions"): EVERYONE,
    ("roadmaps", "GET", "/commitments/{commitment_id}/roadmap/versions/{version}"): EVERYONE,
    ("roadmaps", "GET", "/commitments/{commitment_id}/roadmap/diff"): EVERYONE,
    ("roadmaps", "POST", "/commitments/{commitment_id}/roadmap/submit"): GROUP_MEMBERS,
    ("roadmaps", "GET", "/commitments/{commitment_id}/roadmap/review-sessions"): EVERYONE,
    ("roadmaps", "POST", "/commitments/{commitment_id}/roadmap/review-sessions"): GROUP_MEMBERS,
    ("roadmaps", "POST", "/commitments/{commitment_id}/roadmap/sign-offs"): GROUP_MEMBERS,
    ("roadmaps", "POST", "/commitments/{commitment_id}/roadmap/agree"): GROUP_MEMBERS,
    ("roadmaps", "POST", "/commitments/{commitment_id}/roadmap/publish"): COMMITTEE,
    ("roadmaps", "GET", "/commitments/{commitment_id}/meetings"): EVERYONE,
    ("roadmaps", "POST", "/commitments/{commitment_id}/meetings"): GROUP_MEMBERS | {"admin"},
    ("roadmaps", "GET", "/plans/{plan_code}/meetings"): EVERYONE,
    ("roadmaps", "POST", "/plans/{plan_code}/meetings"): COMMITTEE,
    ("roadmaps", "GET", "/plans/{plan_code}/meeting-stats"): EVERYONE,
    ("tracking", "GET", "/plans/{plan_code}/commitments"): EVERYONE,
    ("tracking", "GET", "/commitments/{commitment_id}"): EVERYONE,
    ("tracking", "GET", "/plans/{plan_code}/dashboard"): EVERYONE,
    ("tracking", "GET", "/plans/{plan_code}/compliance"): EVERYONE,
    ("tracking", "PUT", "/plans/{plan_code}/compliance-inputs"): COMMITTEE,
    ("tracking", "GET", "/progress/formula"): EVERYONE,
    ("tracking", "GET", "/plans/{plan_code}/documents/action-plan"): EVERYONE,
    ("tracking", "GET", "/plans/{plan_code}/documents/self-assessment"): EVERYONE,
    ("tracking", "GET", "/plans/{plan_code}/narrative"): EVERYONE,
    ("tracking", "GET", "/plans/{plan_code}/stale-commitments"): EVERYONE,
    ("tracking", "GET", "/plans/{plan_code}/narrative/versions/{version}"): EVERYONE,
    ("tracking", "PUT", "/plans/{plan_code}/narrative"): COMMITTEE,
    ("tracking", "GET", "/commitments/{commitment_id}/roadmap/versions/{version}"): EVERYONE,
    ("tracking", "GET", "/commitments/{commitment_id}/timeline"): EVERYONE,
    ("tracking", "GET", "/commitments/{commitment_id}/irm-assessments"): EVERYONE,
    ("tracking", "POST", "/commitments/{commitment_id}/irm-assessments"): COMMITTEE,
    ("tracking", "PUT", "/commitments/{commitment_id}/self-assessment"): COMMITTEE,
    ("tracking", "POST", "/commitments/{commitment_id}/updates"): {"government", "admin"},
    ("tracking", "GET", "/commitments/{commitment_id}/updates"): EVERYONE
    - {"anonymous", "citizen"},
    ("tracking", "GET", "/commitments/{commitment_id}/follow"): EVERYONE - {"anonymous"},
    ("tracking", "POST", "/commitments/{commitment_id}/follow"): EVERYONE - {"anonymous"},
    ("tracking", "DELETE", "/commitments/{commitment_id}/follow"): EVERYONE - {"anonymous"},
    ("tracking", "GET", "/updates/{update_id}"): EVERYONE,
    ("tracking", "POST", "/updates/{update_id}/validation"): {"cso", "committee", "admin"},
    ("tracking", "GET", "/updates"): COMMITTEE,
    ("tracking", "POST", "/updates/{update_id}/resubmission"): {"government", "admin"},
    ("tracking", "POST", "/updates/{update_id}/evidence"): {"government", "admin"},
    ("tracking", "GET", "/evidence/{evidence_id}"): EVERYONE,
    ("tracking", "GET", "/me/notifications"): EVERYONE - {"anonymous"},
    ("tracking", "POST", "/me/notifications/{notification_id}/read"): EVERYONE - {"anonymous"},
    ("tracking", "POST", "/webhooks"): COMMITTEE,
    ("tracking", "GET", "/webhooks"): COMMITTEE,
    ("tracking", "DELETE", "/webhooks/{webhook_id}"): COMMITTEE,
    ("tracking", "GET", "/open-data/datapackage.json"): EVERYONE,
    ("tracking", "GET", "/open-data/{table}.csv"): EVERYONE,
    ("tracking", "GET", "/open-data/{table}.json"): EVERYONE,
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
