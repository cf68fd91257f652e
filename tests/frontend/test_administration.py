"""/administracion over a fake gateway: staff accounts (create with the temporary password
shown once, change role, deactivate, reset two-step verification), API clients (scopes,
the secret shown once, revoke) and undelivered mail (retry); only admins get in."""

import json
from typing import Any

import httpx
import pytest

from tests.frontend.conftest import FakeGateway
from tests.frontend.test_site import csrf_of, jwt

AUTH = "/api/v1/auth"
STAFF = {
    "id": "s1", "email": "enlace@sfp.gob.mx", "display_name": "Ana Enlace", "role": "government",
    "organization": "SFP", "sector": "government", "is_active": True, "email_verified": True,
    "mfa_enabled": True, "must_change_password": False, "privacy_notice_version": None,
    "privacy_purposes": [], "created_at": "2027-03-01T10:00:00Z",
}  # fmt: skip
CLIENT = {
    "client_id": "cli_1", "name": "Tablero SESNA", "organization": "SESNA",
    "scopes": ["tracking:webhooks"], "created_at": "2027-03-01T10:00:00Z", "revoked_at": None,
}  # fmt: skip
FAILURE = {
    "id": "m1", "to": "lucia@example.com", "subject": "Confirma tu correo en Cocrea",
    "kind": "email_verification", "attempts": 3, "last_error": "550 Mailbox unavailable",
    "queued_at": "2027-03-01T10:00:00Z", "failed_at": "2027-03-01T10:05:00Z",
}  # fmt: skip


class AdminGateway(FakeGateway):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, str, Any]] = []
        self.answers: dict[tuple[str, str], httpx.Response] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.method, request.url.path)
        if key in self.answers:
            if request.method != "GET":
                self.writes.append((*key, json.loads(request.content or b"null")))
            return self.answers[key]
        if request.method != "GET":
            self.writes.append((*key, json.loads(request.content or b"null")))
            return httpx.Response(204)
        listings = {f"{AUTH}/staff": [STAFF], f"{AUTH}/clients": [CLIENT],
                    f"{AUTH}/mail/failures": [FAILURE]}  # fmt: skip
        if key[1] in listings:
            return httpx.Response(200, json={"items": listings[key[1]], "next_cursor": None})
        return super().__call__(request)


@pytest.fixture
def gateway() -> AdminGateway:
    return AdminGateway()


async def admin_post(client, url: str, data: dict, role: str = "admin") -> httpx.Response:
    client.cookies.set("cocrea_access", jwt(role=role, sub="a1", name="Admin"))
    token = csrf_of((await client.get("/entrar")).text)
    return await client.post(url, data={"csrf_token": token} | data)


async def test_only_admins_reach_the_administration(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        anonymous = await client.get("/administracion/personal")
        client.cookies.set("cocrea_access", jwt(role="committee"))
        committee = await client.get("/administracion")
        client.cookies.set("cocrea_access", jwt(role="admin"))
        admin = await client.get("/administracion")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/entrar?siguiente=/administracion/personal"
    assert committee.status_code == 403 and "solo para la administración" in committee.text
    assert admin.status_code == 200 and 'href="/administracion/clientes-api"' in admin.text
    assert 'href="/administracion">Administración</a>' in admin.text  # the menu entry


async def test_a_staff_account_is_created_and_its_temporary_password_shown_once(
    start_frontend, gateway
):
    created = {"user": STAFF | {"id": "s2", "email": "osc@tm.org"}, "temporary_password": "T3mp-9x"}
    gateway.answers[("POST", f"{AUTH}/staff")] = httpx.Response(201, json=created)
    async with start_frontend(gateway) as client:
        form = {"email": " osc@tm.org ", "display_name": "Luis OSC", "role": "cso",
                "organization": ""}  # fmt: skip
        response = await admin_post(client, "/administracion/personal", form)
        listing = await client.get("/administracion/personal")
    assert response.status_code == 201
    assert '<code class="secret" id="temporary-password">T3mp-9x</code>' in response.text
    assert "T3mp-9x" not in listing.text
    body = {"email": "osc@tm.org", "display_name": "Luis OSC", "role": "cso"}
    assert gateway.writes == [("POST", f"{AUTH}/staff", body)]
    assert "1 de marzo de 2027" in listing.text and "Ana Enlace" in listing.text


async def test_a_refused_account_names_its_field_in_spanish(start_frontend, gateway):
    error = {"error": {"code": "validation_error", "message": "Datos no válidos", "details": [
        {"field": "email", "type": "value_error", "message": "not an email"}]}}  # fmt: skip
    gateway.answers[("POST", f"{AUTH}/staff")] = httpx.Response(422, json=error)
    async with start_frontend(gateway) as client:
        form = {"email": "no-es-correo", "display_name": "Luis", "role": "cso"}
        response = await admin_post(client, "/administracion/personal", form)
    assert response.status_code == 422
    assert '<a href="#email">Correo electrónico: El valor no es válido.</a>' in response.text
    assert 'id="email" name="email" type="email" value="no-es-correo"' in response.text


async def test_role_deactivation_and_mfa_reset_patch_the_account(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        role = await admin_post(client, "/administracion/personal/s1/rol", {"role": "committee"})
        off = await admin_post(client, "/administracion/personal/s1/estado", {"active": "no"})
        mfa = await admin_post(client, "/administracion/personal/s1/verificacion", {})
    assert role.headers["location"] == "/administracion/personal?aviso=rol#account-s1"
    assert "aviso=desactivada" in off.headers["location"]
    assert "aviso=verificacion" in mfa.headers["location"]
    assert [w[2] for w in gateway.writes] == [
        {"role": "committee"},
        {"is_active": False},
        {"reset_mfa": True},
    ]


async def test_a_refused_change_is_explained_beside_the_account(start_frontend, gateway):
    message = "No puedes cambiar el rol ni activar o desactivar tu propia cuenta."
    own = {"error": {"code": "cannot_change_own_account", "message": message}}
    gateway.answers[("PATCH", f"{AUTH}/staff/s1")] = httpx.Response(409, json=own)
    async with start_frontend(gateway) as client:
        response = await admin_post(client, "/administracion/personal/s1/estado", {"active": "no"})
    assert response.status_code == 422
    assert 'id="account-s1-error">No puedes cambiar el rol' in response.text


async def test_an_api_client_is_created_with_scopes_then_revoked(start_frontend, gateway):
    created = CLIENT | {"client_id": "cli_2", "client_secret": "s3cr3t-once"}
    gateway.answers[("POST", f"{AUTH}/clients")] = httpx.Response(201, json=created)
    async with start_frontend(gateway) as client:
        form = {"name": "SESNA", "organization": "SESNA", "scopes": ["consultation:write"],
                "other_scopes": "tracking:read, tracking:webhooks"}  # fmt: skip
        response = await admin_post(client, "/administracion/clientes-api", form)
        revoked = await admin_post(client, "/administracion/clientes-api/cli_1/revocar", {})
    assert response.status_code == 201
    assert '<code class="secret" id="client-secret">s3cr3t-once</code>' in response.text
    scopes = ["consultation:write", "tracking:read", "tracking:webhooks"]
    assert gateway.writes[0] == (
        "POST", f"{AUTH}/clients", {"name": "SESNA", "organization": "SESNA", "scopes": scopes}
    )  # fmt: skip
    assert gateway.writes[1][:2] == ("DELETE", f"{AUTH}/clients/cli_1")
    assert revoked.headers["location"].startswith("/administracion/clientes-api?aviso=revocado")


async def test_a_bad_scope_is_named_as_the_scopes_field(start_frontend, gateway):
    error = {"error": {"code": "validation_error", "message": "x", "details": [
        {"field": "scopes.0", "type": "string_pattern_mismatch", "message": "x"}]}}  # fmt: skip
    gateway.answers[("POST", f"{AUTH}/clients")] = httpx.Response(422, json=error)
    async with start_frontend(gateway) as client:
        form = {"name": "SESNA", "organization": "SESNA", "other_scopes": "MAL"}
        response = await admin_post(client, "/administracion/clientes-api", form)
    assert '<a href="#scopes">Alcances: El formato no es válido.</a>' in response.text


async def test_undelivered_mail_is_listed_and_retried(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="admin"))
        listing = await client.get("/administracion/correos")
        retried = await admin_post(client, "/administracion/correos/m1/reintentar", {})
    assert "550 Mailbox unavailable" in listing.text and "Confirmación de correo" in listing.text
    assert "1 de marzo de 2027" in listing.text
    assert gateway.writes == [("POST", f"{AUTH}/mail/failures/m1/retry", None)]
    assert retried.headers["location"] == "/administracion/correos?aviso=reintento"


async def test_the_administration_reads_in_english_from_the_catalog(start_frontend, gateway):
    async with start_frontend(gateway) as client:
        client.cookies.set("cocrea_access", jwt(role="admin"))
        response = await client.get("/administracion/personal?lang=en")
    assert "<h1>Staff accounts</h1>" in response.text
    assert "Government (public servant)" in response.text and "1 de marzo" not in response.text
