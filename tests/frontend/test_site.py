"""Security headers, CSRF, sessions with quiet refresh, languages, the page-size budget,
API errors placed beside their field, and the roadmap conflict view."""

import base64
import json
import re
import time
from typing import Any

import httpx
import pytest

from tests.frontend.conftest import FakeGateway

BUDGET_BYTES = 100 * 1024
PUBLIC_PAGES = [
    "/",
    "/consulta",
    "/consulta/temas/t1",
    "/tablero",
    "/tablero/compromisos/c1",
    "/datos-abiertos",
    "/aviso-de-privacidad",
    "/accesibilidad",
    "/registro",
    "/entrar",
    "/verificar",
]


def jwt(**claims: Any) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    body = {"sub": "u1", "role": "citizen", "name": "Lucía", "exp": time.time() + 600} | claims
    return f"{part({'alg': 'RS256'})}.{part(body)}.sig"


TOPIC = {
    "id": "t1",
    "process_id": "p-5pa",
    "title": "Sentencias que no se publican",
    "problem": "Las sentencias no se publican.",
    "affected": "Personas usuarias",
    "solution": "Publicarlas",
    "area": "justice",
    "sdg_tags": [],
    "state_code": "09",
    "channel": "online",
    "author_name": "José L.",
    "status": "published",
    "votes_count": 3,
    "created_at": "2026-11-20T10:00:00Z",
    "theme": None,
    "answer": None,
}
BOARD = {
    "plan_code": "MX-4PA",
    "version": 1,
    "progress": {"completed": 42.5, "verified": 10.0, "commitments_with_data": 1, "commitments": 1},
    "activity_status_counts": {},
    "commitments": [
        {
            "id": "c1",
            "number": 1,
            "title": "Gasto abierto",
            "inactive": True,
            "inactive_reason": "Las OSC se retiraron.",
            "self_assessment": "inactive",
            "progress": {"completed": 42.5, "verified": 10.0},
        }
    ],
}


class SiteGateway(FakeGateway):
    """The home page's fake plus the documents of the other pages."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, str, dict]] = []
        self.answers: dict[tuple[str, str], httpx.Response] = {}
        self.dashboard_calls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if method != "GET":
            body = json.loads(request.content or b"null")
            self.writes.append((method, path, body))
            self.requests.append(request)
            return self.answers.get((method, path)) or httpx.Response(201, json={"id": "t9"})
        if (method, path) in self.answers:
            self.requests.append(request)
            return self.answers[(method, path)]
        if path == "/api/v1/consultation/topics":
            return httpx.Response(200, json={"items": [TOPIC], "next_cursor": None})
        if path == "/api/v1/consultation/topics/t1":
            return httpx.Response(200, json=TOPIC)
        if path.endswith("/dashboard"):
            self.dashboard_calls.append(request)
            if request.headers.get("if-none-match") == 'W/"v1"':
                return httpx.Response(304, headers={"ETag": 'W/"v1"'})
            return httpx.Response(200, json=BOARD, headers={"ETag": 'W/"v1"'})
        if path == "/api/v1/tracking/commitments/c1":
            return httpx.Response(
                200,
                json=BOARD["commitments"][0]
                | {
                    "summary": "",
                    "problem": "",
                    "lead_institutions": ["SFP"],
                    "irm": {},
                    "key_actions": [],
                },
            )
        return super().__call__(request)


@pytest.fixture
def gateway() -> SiteGateway:
    return SiteGateway()


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
async def test_public_pages_fit_the_budget_and_carry_security_headers(
    start_frontend, gateway, path
):
    async with start_frontend(gateway) as client:
        response = await client.get(path)
        css = await client.get("/static/site.css")
    assert response.status_code == 200, response.text[:500]
    assert len(response.content) + len(css.content) < BUDGET_BYTES
    assert "<script" not in response.text  # nothing render-blocking, nothing inline
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert re.search(r'<html lang="es-MX">', response.text)


async def test_english_through_query_then_cookie(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        first = await client.get("/consulta?lang=en")
        second = await client.get("/tablero")
    assert '<html lang="en">' in first.text and "Most voted" in first.text
    assert '<html lang="en">' in second.text and "Tracking dashboard" in second.text


async def test_a_form_without_its_csrf_token_is_refused(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt())
        page = await client.get("/consulta/temas/t1")
        token = csrf_of(page.text)
        forged = await client.post("/consulta/temas/t1/votar", data={"csrf_token": "x" * 43})
        missing = await client.post("/consulta/temas/t1/votar")
        genuine = await client.post("/consulta/temas/t1/votar", data={"csrf_token": token})
    assert forged.status_code == missing.status_code == 403
    assert "El formulario caducó" in forged.text
    assert genuine.status_code == 303 and "aviso=voto" in genuine.headers["location"]
    assert [w[:2] for w in gateway.writes] == [("POST", "/api/v1/consultation/topics/t1/votes")]
    assert (
        gateway.requests[-1].headers["authorization"] == f"Bearer {client.cookies['cocrea_access']}"
    )


async def test_login_keeps_tokens_in_httponly_lax_cookies(start_frontend, gateway):
    pair = {"access_token": jwt(), "refresh_token": "r1", "token_type": "bearer", "expires_in": 600}
    gateway.answers[("POST", "/api/v1/auth/login")] = httpx.Response(200, json=pair)
    async with start_frontend(gateway) as client:
        token = csrf_of((await client.get("/entrar")).text)
        response = await client.post(
            "/entrar", data={"csrf_token": token, "email": "a@b.mx", "password": "p"}
        )
    cookies = response.headers.get_list("set-cookie")
    access = next(c for c in cookies if c.startswith("cocrea_access="))
    assert "HttpOnly" in access and "SameSite=lax" in access and "Secure" not in access
    assert response.headers["location"] == "/cuenta"


async def test_an_expired_access_token_is_refreshed_quietly(start_frontend, gateway):
    fresh = jwt(name="Renovada")
    gateway.answers[("POST", "/api/v1/auth/refresh")] = httpx.Response(
        200, json={"access_token": fresh, "refresh_token": "r2", "expires_in": 600}
    )
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(exp=time.time() - 5))
        client.cookies.set("cocrea_refresh", "r1")
        response = await client.get("/consulta")
    assert "Renovada" in response.text
    assert ("POST", "/api/v1/auth/refresh", {"refresh_token": "r1"}) in gateway.writes
    assert any(c.startswith("cocrea_refresh=r2") for c in response.headers.get_list("set-cookie"))


async def test_api_validation_errors_appear_beside_their_field_in_spanish(start_frontend, gateway):
    error = {
        "error": {
            "code": "validation_error",
            "message": "Los datos enviados no son válidos.",
            "details": [{"field": "body.title", "type": "string_too_short", "message": "x"}],
        }
    }
    gateway.answers[("POST", "/api/v1/consultation/topics")] = httpx.Response(422, json=error)
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt())
        token = csrf_of((await client.get("/consulta/proponer")).text)
        response = await client.post(
            "/consulta/proponer",
            data={"csrf_token": token, "action": "send", "title": "abc", "problem": "Mi texto"},
        )
    assert response.status_code == 422
    assert re.search(
        r'id="title"[^>]*aria-describedby="title-error"[^>]*aria-invalid="true"', response.text
    )
    assert '<p class="field-error" id="title-error">Es demasiado corto' in response.text
    assert re.search(r'<li><a href="#title">Título: Es demasiado corto', response.text)  # named
    assert "Mi texto" in response.text  # what the person typed stays


async def test_the_tablero_revalidates_with_etag_after_its_fresh_window(
    start_frontend, gateway, monkeypatch
):
    clock = [1000.0]
    monkeypatch.setattr("frontend.gateway.time.monotonic", lambda: clock[0])
    async with start_frontend(gateway) as client:
        first = await client.get("/tablero")
        clock[0] += 0.5  # still fresh: no call at all
        await client.get("/tablero")
        clock[0] += 2  # stale: revalidated, the gateway answers 304
        third = await client.get("/tablero")
    assert "Las OSC se retiraron." in first.text and "42.5 %" in first.text
    assert [r.headers.get("if-none-match") for r in gateway.dashboard_calls] == [None, 'W/"v1"']
    assert third.text.count("Gasto abierto") == first.text.count("Gasto abierto") == 1


async def test_a_roadmap_conflict_shows_both_versions_and_loses_nothing(start_frontend, gateway):
    current = {
        "version": 5,
        "version_author": "Osc Tm",
        "content": {"final_result": "Texto de la OSC", "expected_products": ["Informe"]},
    }
    gateway.answers[("PUT", "/api/v1/roadmaps/commitments/c1/roadmap")] = httpx.Response(
        412,
        json={
            "error": {
                "code": "precondition_failed",
                "message": "Alguien guardó antes.",
                "details": {"current_version": 5, "etag": '"5"', "current": current},
            }
        },
    )
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="government"))
        token = csrf_of((await client.get("/entrar")).text)
        data = {"csrf_token": token, "version": "4", "etag": '"4"'}
        data["final_result"] = "Mi texto del gobierno"
        response = await client.post("/grupos/c1/hoja-de-ruta", data=data)
    assert response.status_code == 409
    assert "Alguien guardó antes que tú" in response.text
    assert "Texto de la OSC" in response.text and "Mi texto del gobierno" in response.text
    assert '<input type="hidden" name="version" value="5">' in response.text
    assert '<input type="hidden" name="etag" value="&#34;5&#34;">' in response.text
    method, path, body = gateway.writes[0]
    assert (method, path) == ("PUT", "/api/v1/roadmaps/commitments/c1/roadmap")
    assert body["final_result"] == "Mi texto del gobierno"
    put = next(r for r in gateway.requests if r.method == "PUT")
    assert put.headers["if-match"] == '"4"'


async def test_the_tablero_asks_for_the_published_formula_once_not_on_every_view(
    start_frontend, gateway
):
    formula = {"text_es": "Avance = Σ (peso de la acción × avance de la acción)."}
    gateway.answers[("GET", "/api/v1/tracking/progress/formula")] = httpx.Response(
        200, json=formula
    )
    async with start_frontend(gateway) as client:
        views = [await client.get("/tablero") for _ in range(3)]
    asked = [r for r in gateway.requests if r.url.path.endswith("/progress/formula")]
    assert len(asked) == 1
    assert all("peso de la acción" in view.text for view in views)
