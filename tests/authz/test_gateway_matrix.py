"""Every operation of the live merged OpenAPI × every kind of caller, through the real
gateway to the real services.

The expected answer comes from the reviewed ``POLICY`` of tests/gateway/test_route_table.py
(written independently of route_table.yaml) and, for agency API clients, from
``CLIENT_SCOPES`` below. A denied caller gets 401 (anonymous) or 403 in the one error shape
and no service sees the request (their ``/metrics`` do not move); an allowed caller is never
turned away with 401/403 (fake ids may well get 404/409/422 from the service).
"""

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.authz.live import served, sql
from tests.fault.stack import SERVICES, Stack
from tests.gateway.test_route_table import EVERYONE, POLICY

Route = tuple[str, str, str]  # (service, method, service-relative path)
# The routes an agency API client may call besides public ones, by the scope that grants
# them (written from docs/AUTH.md, not from the YAML).
CLIENT_SCOPES: dict[Route, str] = {
    ("consultation", "POST", "/processes"): "consultation:write",
    ("consultation", "PUT", "/processes/{process_id}/phases/{phase_key}"): "consultation:write",
    ("consultation", "POST", "/processes/{process_id}/territorial/topics"): "consultation:write",
    ("consultation", "POST", "/processes/{process_id}/territorial/import"): "consultation:write",
    ("tracking", "POST", "/commitments/{commitment_id}/updates"): "tracking:progress",
    ("tracking", "POST", "/webhooks"): "tracking:webhooks",
    ("tracking", "GET", "/webhooks"): "tracking:webhooks",
    ("tracking", "DELETE", "/webhooks/{webhook_id}"): "tracking:webhooks",
}
CLIENT_HOLDS = {"consultation:write"}  # tracking:webhooks stays ungranted: it must be refused
# The gateway's own routes (accounts): who may call them.
AUTH_ADMIN_ONLY = re.compile(r"^/api/v1/auth/(staff|clients|mail)(/|$)")
PRINCIPALS = (*sorted(EVERYONE), "cso-of-another-group", "client")
DENIAL_CODES = {"not_authenticated", "invalid_token", "forbidden", "insufficient_scope"}
_METHODS = {"get", "put", "post", "patch", "delete"}


def _operations(document: dict[str, Any]) -> dict[Route, dict[str, Any]]:
    found: dict[Route, dict[str, Any]] = {}
    for path, item in document["paths"].items():
        service, _, rest = path.removeprefix("/api/v1/").partition("/")
        if service not in SERVICES:
            continue
        for method, operation in item.items():
            if method in _METHODS:
                found[(service, method.upper(), "/" + rest)] = operation
    return found


def _documented_roles(operation: dict[str, Any]) -> set[str]:
    roles = set(operation["x-roles"])
    if "public" in roles:
        return set(EVERYONE)
    if "authenticated" in roles:
        return set(EVERYONE) - {"anonymous"}
    return roles


def _allowed(principal: str, route: Route) -> bool:
    if principal == "client":
        public = POLICY[route] == EVERYONE
        return public or CLIENT_SCOPES.get(route) in CLIENT_HOLDS
    role = "cso" if principal == "cso-of-another-group" else principal
    return role in POLICY[route]


def _url(route: Route) -> str:
    service, _, path = route
    return f"/api/v1/{service}" + re.sub(r"\{[^}]+\}", "abc123", path)


@pytest.fixture(scope="module")
async def document(stack: Stack) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as client:
        answer = await client.get("/api/v1/openapi.json")
    assert answer.status_code == 200, answer.text
    assert "x-unavailable-services" not in answer.json()
    return answer.json()


@pytest.fixture(scope="module")
async def client_headers(stack: Stack, token_for: Callable[..., dict[str, str]]) -> dict:
    """A real agency API client, registered by an admin and holding ``CLIENT_HOLDS``. The
    gateway's own routes read the account (is_active), so the admin is a real row."""
    await _account(stack, "adm-1", "admin")
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as client:
        body = {"name": "Tablero SESNA", "organization": "SESNA", "scopes": sorted(CLIENT_HOLDS)}
        created = await client.post(
            "/api/v1/auth/clients", json=body, headers=token_for("admin", sub="adm-1")
        )
        assert created.status_code == 201, created.text
        form = {
            "grant_type": "client_credentials",
            "client_id": created.json()["client_id"],
            "client_secret": created.json()["client_secret"],
        }
        token = await client.post("/api/v1/auth/token", data=form)
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def _account(stack: Stack, sub: str, role: str) -> None:
    """A row in the gateway's database for a test token's subject."""
    await sql(
        stack,
        "gateway",
        "INSERT INTO user_account (id, email, display_name, must_change_password, role,"
        " is_active, privacy_purposes, mfa_last_step, created_at, updated_at)"
        " VALUES ($1, $3, 'Cuenta de pruebas', false, $2, true,"
        " '[]', 0, now(), now()) ON CONFLICT DO NOTHING RETURNING id",
        sub,
        role,
        f"{sub}@cocrea.example",
    )


def _headers(principal: str, token_for: Callable[..., dict[str, str]], client: dict) -> dict:
    if principal == "anonymous":
        return {}
    if principal == "client":
        return client
    if principal == "cso-of-another-group":
        return token_for("cso", sub="osc-de-otro-grupo")
    return token_for(principal, sub=f"matrix-{principal}", email_verified=True)


def test_the_live_openapi_lists_exactly_the_reviewed_routes(document: dict[str, Any]):
    operations = _operations(document)
    assert operations.keys() - POLICY.keys() == set(), "routes the reviewed policy lacks"
    assert POLICY.keys() - operations.keys() == set(), "reviewed routes no service serves"
    wrong = {
        route: sorted(op["x-roles"])
        for route, op in operations.items()
        if _documented_roles(op) != POLICY[route]
    }
    assert wrong == {}, "x-roles that disagree with the reviewed policy"


def test_no_operation_escapes_the_matrix(document: dict[str, Any]):
    """Every documented path is a service route (above) or the gateway's own accounts API."""
    stray = [
        path
        for path in document["paths"]
        if not path.startswith("/api/v1/auth/")
        and path != "/.well-known/jwks.json"
        and path.removeprefix("/api/v1/").split("/")[0] not in SERVICES
    ]
    assert stray == []
    assert any(AUTH_ADMIN_ONLY.match(path) for path in document["paths"])


async def _call(client: httpx.AsyncClient, route: Route, headers: dict) -> httpx.Response:
    method = route[1]
    return await client.request(
        method, _url(route), headers=headers, json=None if method == "GET" else {}
    )


async def _served_total(stack: Stack) -> int:
    return sum([await served(stack, name) for name in SERVICES])


@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_every_route_allows_and_denies_as_the_policy_says(
    stack: Stack,
    document: dict[str, Any],
    client_headers: dict,
    token_for: Callable[..., dict[str, str]],
    principal: str,
):
    headers = _headers(principal, token_for, client_headers)
    routes = sorted(_operations(document))
    denied = [r for r in routes if not _allowed(principal, r)]
    allowed = [r for r in routes if _allowed(principal, r)]
    expected_status = 401 if principal == "anonymous" else 403
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as client:
        before = await _served_total(stack)
        wrong_denials = {}
        for route in denied:
            answer = await _call(client, route, headers)
            code = answer.json().get("error", {}).get("code") if answer.content else None
            if answer.status_code != expected_status or code not in DENIAL_CODES:
                wrong_denials[route] = (answer.status_code, answer.text[:200])
        reached_while_denied = await _served_total(stack) - before
        turned_away = {}
        for route in allowed:
            answer = await _call(client, route, headers)
            if answer.status_code in (401, 403) or answer.status_code >= 500:
                turned_away[route] = (answer.status_code, answer.text[:200])
        reached_while_allowed = await _served_total(stack) - before - reached_while_denied
    assert wrong_denials == {}
    assert reached_while_denied == 0, "a denied request reached a service"
    assert turned_away == {}
    assert reached_while_allowed == len(allowed)
    assert (principal == "admin") or denied, "every caller but an admin is refused somewhere"


@pytest.mark.parametrize("principal", ["anonymous", "citizen", "committee", "client", "admin"])
async def test_admin_routes_of_the_gateway_itself(
    stack: Stack,
    document: dict[str, Any],
    client_headers: dict,
    token_for: Callable[..., dict[str, str]],
    principal: str,
):
    headers = _headers(principal, token_for, client_headers)
    if principal in ("citizen", "committee", "admin"):  # own routes read the account
        await _account(stack, f"{principal}-propio", principal)
        headers = token_for(principal, sub=f"{principal}-propio")
    admin_only = [p for p in document["paths"] if AUTH_ADMIN_ONLY.match(p)]
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as client:
        answers = {}
        for path in admin_only:
            for method in document["paths"][path].keys() & _METHODS:
                url = re.sub(r"\{[^}]+\}", "abc123", path)
                body = None if method == "get" else {}
                response = await client.request(method.upper(), url, headers=headers, json=body)
                answers[(method, path)] = response.status_code
    if principal == "committee":  # the Committee reads the staff directory (working groups)
        assert answers.pop(("get", "/api/v1/auth/staff")) not in (401, 403)
    if principal == "admin":
        assert all(status not in (401, 403) for status in answers.values()), answers
    else:
        expected = 401 if principal == "anonymous" else 403
        assert set(answers.values()) == {expected}, answers
