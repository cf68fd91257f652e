"""A citizen follows the work in a real browser: finds an MX-5PA commitment on the tablero,
follows it, opens the notification of a validated update; reads the roadmap's versions
and a diff, and /cumplimiento. Every page at 390 and 1280 px: 0 axe violations (WCAG 2.1
AA) and no horizontal overflow.

The MX-5PA commitment, its group, its roadmap (published, then amended) and a validated
update are made here through the API as staff (the demo data is not relied upon)."""

import datetime
import random
import re
import time
import uuid
from dataclasses import dataclass

import httpx
import pyotp
import pytest

from tests.browser.conftest import DEMO_PASSWORD, SCREENSHOTS, signed_in_context
from tests.browser.test_accessibility import violations
from tests.browser.working_group import (
    StaffPerson,
    add_member,
    bearer,
    create_staff,
    login,
    login_admin,
)
from tests.e2e.test_stack import Stack
from tests.roadmaps.workspace import editable, roadmap_body

CITIZEN = "ciudadana@cocrea.example"
SIZES = {"telefono": (390, 844), "escritorio": (1280, 900)}
ROADMAPS = "/api/v1/roadmaps/commitments"
TRACKING = "/api/v1/tracking"


@dataclass
class Setup:
    api: httpx.Client
    admin: dict
    commitment_id: str
    number: int
    government: StaffPerson
    cso: StaffPerson
    cso_tokens: dict


def wait_for(probe, what: str, seconds: float = 60.0):
    """Events reach tracking through the outbox relay: poll until ``probe`` answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def mfa_login(api: httpx.Client, person: StaffPerson) -> dict:
    """Enrol two-step verification and sign in with it (validating is an official act)."""
    tokens = login(api, person.email, person.password)
    setup = api.post("/api/v1/auth/mfa/setup", json={}, headers=bearer(tokens))
    assert setup.status_code == 200, setup.text
    totp = pyotp.TOTP(setup.json()["secret"])
    confirmed = api.post(
        "/api/v1/auth/mfa/confirm", json={"code": totp.now()}, headers=bearer(tokens)
    )
    assert confirmed.status_code == 200, confirmed.text
    time.sleep(31 - time.time() % 30)  # a fresh code: the one just used is spent
    return login(api, person.email, person.password, totp.now())


def published_roadmap(api: httpx.Client, setup: Setup, gov: dict, cso: dict) -> None:
    """Drafted, reviewed twice by both sides, signed by both, agreed, published, amended."""
    path = f"{ROADMAPS}/{setup.commitment_id}/roadmap"
    today = datetime.date.today().isoformat()
    body = roadmap_body(
        responsible_public_servant_id=setup.government.account_id,
        responsible_cso_person_id=setup.cso.account_id,
        final_result="Sentencias judiciales publicadas en formato abierto.",
    )  # its dates: 15 January 2020 to 31 August 2021
    created = api.post(path, json=body, headers=bearer(gov))
    assert created.status_code == 201, created.text
    assert api.post(f"{path}/submit", headers=bearer(gov)).status_code == 200
    people = [setup.government.account_id, setup.cso.account_id]
    for _ in range(2):
        review = {"held_on": today, "attendee_ids": people, "minutes": "Revisión de la hoja.",
                  "outcome": "Se acuerdan fechas."}  # fmt: skip
        assert (
            api.post(f"{path}/review-sessions", json=review, headers=bearer(gov)).status_code == 201
        )
    for tokens in (gov, cso):
        etag = api.get(path, headers=bearer(tokens)).headers["etag"]
        signed = api.post(f"{path}/sign-offs", headers=bearer(tokens) | {"If-Match": etag})
        assert signed.status_code == 201, signed.text
    assert api.post(f"{path}/agree", headers=bearer(gov)).status_code == 200
    published = api.post(f"{path}/publish", headers=bearer(setup.admin))
    assert published.status_code == 200, published.text
    amended = editable(
        published.json(),
        end_date="2021-10-31",
        justification="La Corte pidió dos meses más para el portal.",
        message="Enmienda de fechas",
    )
    etag = published.headers["etag"]
    saved = api.put(path, json=amended, headers=bearer(gov) | {"If-Match": etag})
    assert saved.status_code == 200, saved.text


@pytest.fixture(scope="module")
def setup(stack: Stack):
    with httpx.Client(base_url=stack.gateway, timeout=20) as api:
        admin = login_admin(api, stack)  # waits out a code another fixture just used
        number = random.randint(500, 999)  # clear of the demo's commitments
        created = api.post(ROADMAPS, headers=bearer(admin), json={
            "plan_code": "MX-5PA", "number": number, "slug": f"justicia-{uuid.uuid4().hex[:6]}",
            "title": f"Justicia abierta {number}", "summary": "Publicar las sentencias.",
            "problem": "Las sentencias no se publican.", "lead_institutions": ["SCJN"],
        })  # fmt: skip
        assert created.status_code == 201, created.text
        commitment_id = created.json()["id"]
        assert api.post(f"{ROADMAPS}/{commitment_id}/publish", headers=bearer(admin)).is_success
        government = create_staff(api, admin, "government", "Ana Gobierno", "SCJN")
        cso = create_staff(api, admin, "cso", "Luis Sociedad", "Fundar")
        add_member(api, admin, commitment_id, government, "government",
                   "responsible_public_servant")  # fmt: skip
        add_member(api, admin, commitment_id, cso, "cso", "responsible_cso_person")
        done = Setup(api, admin, commitment_id, number, government, cso, mfa_login(api, cso))
        gov = login(api, government.email, government.password)
        published_roadmap(api, done, gov, done.cso_tokens)

        def in_tracking() -> bool:
            detail = api.get(f"{TRACKING}/commitments/{commitment_id}").json()
            members = {m["name"] for m in detail.get("working_group") or []}
            return (detail.get("roadmap") or {}).get("version") == 2 and "Luis Sociedad" in members

        wait_for(in_tracking, "the amended roadmap and the group in tracking")
        yield done


def validated_update(setup: Setup) -> None:
    """The government member reports; the CSO side and the Committee validate."""
    api = setup.api
    detail = api.get(f"{TRACKING}/commitments/{setup.commitment_id}").json()
    activity = detail["key_actions"][0]["activities"][0]["id"]
    gov = login(api, setup.government.email, setup.government.password)
    report = {"activity_id": activity, "new_status": "completo",
              "narrative": "El taller de diseño se realizó con 40 personas.",
              "links": ["https://example.org/minuta-taller.pdf"]}  # fmt: skip
    sent = api.post(f"{TRACKING}/commitments/{setup.commitment_id}/updates", json=report,
                    headers=bearer(gov))  # fmt: skip
    assert sent.status_code == 201, sent.text
    path = f"{TRACKING}/updates/{sent.json()['id']}/validation"
    for tokens in (setup.cso_tokens, setup.admin):
        answer = api.post(path, json={"decision": "approve"}, headers=bearer(tokens))
        assert answer.status_code == 200, answer.text


def check(page, name: str, path: str | None = None) -> None:
    """At phone and desktop widths: no axe violations and nothing wider than the screen."""
    failures = {}
    for size_name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        if path:
            response = page.goto(path)
            assert response.status < 400, f"{path}: HTTP {response.status}"
        else:
            page.reload()
        found = violations(page)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if found or wide > width:
            failures[size_name] = {"axe": found, "scroll_width": wide}
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size_name}.png"), full_page=True)
    assert not failures, f"{name}: {failures}"


def test_a_citizen_finds_follows_and_opens_the_notification(browser, stack, setup):
    context, page = signed_in_context(browser, stack, CITIZEN, DEMO_PASSWORD, bypass_csp=True)
    page.set_default_timeout(20000)
    try:
        page.goto("/tablero")
        page.select_option("#plan", "MX-5PA")
        page.click("text=Ver el tablero de este plan")
        page.wait_for_url("**/tablero?plan=MX-5PA")
        check(page, "tablero-mx5pa")
        page.click(f"text=Justicia abierta {setup.number}")
        page.wait_for_url(f"**/tablero/compromisos/{setup.commitment_id}")
        main = page.inner_text("main")
        assert "Sentencias judiciales publicadas en formato abierto." in main
        assert "31 de octubre de 2021" in main and "Luis Sociedad" in main
        page.click("button:has-text('Seguir este compromiso')")
        page.wait_for_url("**aviso=siguiendo**")
        assert "Ahora sigues este compromiso" in page.inner_text("main")
        check(page, "compromiso-seguido")

        validated_update(setup)
        subject = f"MX-5PA, compromiso {setup.number}"

        def listed() -> bool:
            page.goto("/notificaciones")
            return subject in page.inner_text("main")

        wait_for(listed, "the notification")
        check(page, "notificaciones")
        page.click(f"text=Nuevo avance validado: {subject}")
        page.wait_for_url(f"**/tablero/compromisos/{setup.commitment_id}")
        main = page.inner_text("main")
        assert "El taller de diseño se realizó con 40 personas." in main
        assert page.is_visible("a[href='https://example.org/minuta-taller.pdf']")
        page.goto("/notificaciones")
        item = page.locator("li.notification", has_text=subject).first
        assert "Leído" in item.inner_text()
    finally:
        context.close()


def test_versions_a_diff_and_compliance(browser, stack, setup):
    context, page = signed_in_context(browser, stack, CITIZEN, DEMO_PASSWORD, bypass_csp=True)
    try:
        versions = f"/tablero/compromisos/{setup.commitment_id}/versiones"
        check(page, "versiones", versions)
        html = page.content()
        assert re.search(r"Cambios de la versión \d+ a la versión \d+", html)
        assert re.search(r"<del>.*agosto.*</del>", html)
        assert re.search(r"<ins>.*octubre.*</ins>", html)
        assert "La Corte pidió dos meses más para el portal." in html
        page.locator("ol.versions li", has_text="reemplazada").locator("a").first.click()
        page.wait_for_url("**/versiones/*")
        assert "Versión reemplazada." in page.inner_text("main")
        check(page, "version-reemplazada")
        check(page, "cumplimiento", "/cumplimiento")
        assert "El foro multiactor sesiona al menos cada seis meses" in page.inner_text("main")
        assert "Calculado el" in page.inner_text("main")
    finally:
        context.close()
