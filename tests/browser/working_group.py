"""A working group set up through the real API, as an administrator would do it.

The demo data has no working-group members, so: the demo admin signs in (password and TOTP,
the secret read from what ``seed-demo-accounts`` printed), creates a government and a CSO
staff account (temporary passwords, changed at once through ``/auth/me/password``), adds
both to commitment 1's working group as its responsible people, and the government member
starts the roadmap.
"""

import re
import time
import uuid
from dataclasses import dataclass, field

import httpx
import pyotp

from tests.browser.conftest import DEMO_PASSWORD
from tests.e2e.test_stack import Stack

ADMIN_EMAIL = "admin@cocrea.example"
NEW_PASSWORD = "Milpa-Cenote-Ajolote-77"


@dataclass(frozen=True)
class StaffPerson:
    account_id: str
    email: str
    name: str
    password: str


@dataclass(frozen=True)
class WorkingGroup:
    commitment_id: str
    government: StaffPerson
    cso: StaffPerson
    admin_tokens: dict


def admin_totp_secret(stack: Stack) -> str:
    found = re.search(
        r"TOTP secret (\w+)\s+otpauth://totp/[^\s]*admin%40cocrea\.example", stack.text()
    )
    assert found, "the stack did not print the demo admin's TOTP secret"
    return found.group(1)


def login(api: httpx.Client, email: str, password: str, totp: str | None = None) -> dict:
    body = {"email": email, "password": password} | ({"totp": totp} if totp else {})
    response = api.post("/api/v1/auth/login", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def create_staff(api: httpx.Client, admin: dict, role: str, name: str, org: str) -> StaffPerson:
    email = f"{role}.{uuid.uuid4().hex[:8]}@cocrea.example"
    body = {"email": email, "display_name": name, "role": role, "organization": org}
    created = api.post("/api/v1/auth/staff", json=body, headers=bearer(admin))
    assert created.status_code == 201, created.text
    temporary = created.json()["temporary_password"]
    tokens = login(api, email, temporary)
    change = {"current_password": temporary, "new_password": NEW_PASSWORD}
    changed = api.post("/api/v1/auth/me/password", json=change, headers=bearer(tokens))
    assert changed.status_code == 204, changed.text
    return StaffPerson(created.json()["user"]["id"], email, name, NEW_PASSWORD)


def first_commitment(api: httpx.Client) -> str:
    listing = api.get("/api/v1/roadmaps/commitments", params={"plan_code": "MX-4PA", "limit": 50})
    return next(c["id"] for c in listing.json()["items"] if c["number"] == 1)


def add_member(api: httpx.Client, admin: dict, commitment_id: str, person: StaffPerson,
               sector: str, group_role: str) -> None:  # fmt: skip
    body = {"account_id": person.account_id, "name": person.name, "sector": sector,
            "group_role": group_role, "organization": "Cocrea pruebas"}  # fmt: skip
    path = f"/api/v1/roadmaps/commitments/{commitment_id}/working-group/members"
    added = api.post(path, json=body, headers=bearer(admin))
    assert added.status_code == 201, added.text


def set_up_working_group(stack: Stack) -> WorkingGroup:
    with httpx.Client(base_url=stack.gateway, timeout=20) as api:
        admin = login_admin(api, stack)
        government = create_staff(
            api, admin, "government", "Ana Gobierno", "Secretaría de Bienestar"
        )
        cso = create_staff(api, admin, "cso", "Luis Sociedad", "Transparencia Mexicana")
        commitment_id = first_commitment(api)
        add_member(
            api, admin, commitment_id, government, "government", "responsible_public_servant"
        )
        add_member(api, admin, commitment_id, cso, "cso", "responsible_cso_person")
        tokens = login(api, government.email, government.password)
        body = {"final_result": "Primera propuesta del grupo.", "message": "Inicio"}
        path = f"/api/v1/roadmaps/commitments/{commitment_id}/roadmap"
        started = api.post(path, json=body, headers=bearer(tokens))
        assert started.status_code == 201, started.text
    return WorkingGroup(commitment_id, government, cso, admin)


@dataclass(frozen=True)
class FreshGroup:
    """A commitment of its own, its group of three sectors, and no roadmap yet."""

    commitment_id: str
    government: StaffPerson
    cso: StaffPerson
    inai: StaffPerson
    tokens: dict = field(default_factory=dict)  # filled as the test goes (the Committee's)


def create_commitment(api: httpx.Client, admin: dict) -> str:
    number = 900 + uuid.uuid4().int % 99  # clear of the plan's and the demo's numbers
    body = {"plan_code": "MX-4PA", "number": number, "slug": f"prueba-{uuid.uuid4().hex[:8]}",
            "title": "Compromiso de prueba del grupo de trabajo"}  # fmt: skip
    created = api.post("/api/v1/roadmaps/commitments", json=body, headers=bearer(admin))
    assert created.status_code == 201, created.text
    commitment_id = created.json()["id"]
    path = f"/api/v1/roadmaps/commitments/{commitment_id}/publish"
    published = api.post(path, headers=bearer(admin))
    assert published.status_code in (200, 201), published.text
    return commitment_id


def login_with_totp(api: httpx.Client, email: str, password: str, secret: str) -> dict:
    """Tokens signed in with two-step verification; a code already used (by another
    fixture or the setup, same 30 s) waits for the next one."""
    totp = pyotp.TOTP(secret)
    for _ in range(2):
        body = {"email": email, "password": password, "totp": totp.now()}
        response = api.post("/api/v1/auth/login", json=body)
        if response.status_code == 200:
            return response.json()
        time.sleep(31 - time.time() % 30)
    raise AssertionError(response.text)


def login_admin(api: httpx.Client, stack: Stack) -> dict:
    return login_with_totp(api, ADMIN_EMAIL, DEMO_PASSWORD, admin_totp_secret(stack))


def with_two_steps(api: httpx.Client, person: StaffPerson) -> dict:
    """Turn on two-step verification (validating needs it) and sign in with it."""
    tokens = login(api, person.email, person.password)
    setup = api.post("/api/v1/auth/mfa/setup", json={}, headers=bearer(tokens))
    assert setup.status_code == 200, setup.text
    secret = setup.json()["secret"]
    code = {"code": pyotp.TOTP(secret).now()}
    confirmed = api.post("/api/v1/auth/mfa/confirm", json=code, headers=bearer(tokens))
    assert confirmed.status_code == 200, confirmed.text
    return login_with_totp(api, person.email, person.password, secret)


def set_up_fresh_group(stack: Stack) -> FreshGroup:
    """Everything through the API, as the Committee would: three staff accounts, a new
    commitment, and its group (the government and CSO responsible people, INAI a member)."""
    with httpx.Client(base_url=stack.gateway, timeout=20) as api:
        admin = login_admin(api, stack)
        government = create_staff(api, admin, "government", "Marta Gobierno", "SFP")
        cso = create_staff(api, admin, "cso", "Pablo Sociedad", "GESOC")
        inai = create_staff(api, admin, "inai", "Rosa Garante", "INAI")
        commitment_id = create_commitment(api, admin)
        add_member(api, admin, commitment_id, government, "government",
                   "responsible_public_servant")  # fmt: skip
        add_member(api, admin, commitment_id, cso, "cso", "responsible_cso_person")
        add_member(api, admin, commitment_id, inai, "inai", "member")
    return FreshGroup(commitment_id, government, cso, inai)
