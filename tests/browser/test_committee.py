"""The Coordinating Committee's day on the site, in a real browser: it signs in with its
two-step code, creates a commitment from a promoted theme, builds its working group,
publishes the commitment and its agreed roadmap, validates an update from its queue,
records an IRM assessment and marks the commitment inactive. Every page it meets is
checked at 390 and 1280 px: no axe (WCAG 2.1 AA) violation, no horizontal overflow.

The data it needs is made here through the API (an admin creates a theme and two staff
accounts; the group's members draft, review, sign and agree the roadmap; the government
member reports progress): nothing depends on the demo's MX-5PA records.
"""

import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pyotp
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import DEMO_PASSWORD, SCREENSHOTS
from tests.browser.test_accessibility import violations
from tests.browser.working_group import (
    StaffPerson,
    bearer,
    create_staff,
    login,
    login_admin,
)
from tests.e2e.test_stack import Stack

COMMITTEE_EMAIL = "comite.sfp@cocrea.example"
PLAN = "MX-5PA"
SIZES = {"telefono": (390, 844), "escritorio": (1280, 900)}
ROADMAPS = "/api/v1/roadmaps"


@dataclass
class Setup:
    api: httpx.Client
    admin: dict
    theme_id: str
    theme_title: str
    government: StaffPerson
    cso: StaffPerson
    inai_id: str


def totp_secret(stack: Stack, email: str) -> str:
    quoted = re.escape(email.replace("@", "%40"))
    found = re.search(rf"TOTP secret (\w+)\s+otpauth://totp/[^\s]*{quoted}", stack.text())
    assert found, f"the stack did not print the TOTP secret of {email}"
    return found.group(1)


def eventually(read: Callable[[], Any], what: str, seconds: float = 40) -> Any:
    """Events travel through the outbox: wait until ``read`` returns something."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = read()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"never happened: {what}")


def prepare(stack: Stack, api: httpx.Client) -> Setup:
    admin = login_admin(api, stack)  # waits out a code another fixture just used
    processes = api.get("/api/v1/consultation/processes").json()["items"]
    process_id = next(p["id"] for p in processes if p.get("plan_code") == PLAN)
    topics = api.get(
        "/api/v1/consultation/topics", params={"process_id": process_id, "limit": 50}
    ).json()["items"]
    title = f"Agua potable medida en cada municipio {uuid.uuid4().hex[:6]}"
    theme = api.post(
        f"/api/v1/consultation/processes/{process_id}/themes",
        json={"title": title, "description": "Datos abiertos del agua.", "areas": []},
        headers=bearer(admin),
    )
    assert theme.status_code == 201, theme.text
    theme_id = theme.json()["id"]
    # The demo cycle already groups part of MX-5PA's topics into its themes: take a free one.
    for topic in topics:
        grouped = api.post(
            f"/api/v1/consultation/themes/{theme_id}/topics",
            json={"topic_ids": [topic["id"]]},
            headers=bearer(admin),
        )
        if grouped.status_code != 409:
            break
    assert grouped.status_code < 300, grouped.text
    published = api.post(f"/api/v1/consultation/themes/{theme_id}/publish", headers=bearer(admin))
    assert published.status_code == 200, published.text
    government = create_staff(api, admin, "government", "Alma Gobierno", "Conagua")
    cso = create_staff(api, admin, "cso", "Bruno Sociedad", "Agua para Todos, A.C.")
    inai = api.get("/api/v1/auth/staff", params={"role": "inai"}, headers=bearer(admin))
    inai_id = next(p["id"] for p in inai.json()["items"] if p["email"] == "inai@cocrea.example")
    return Setup(api, admin, theme_id, title, government, cso, inai_id)


def roadmap_body(setup: Setup) -> dict:
    return {
        "responsible_public_servant_id": setup.government.account_id,
        "responsible_cso_person_id": setup.cso.account_id,
        "final_result": "Cada municipio publica la calidad de su agua cada mes.",
        "expected_products": ["Tablero municipal de calidad del agua"],
        "indicators": ["Municipios que publican cada mes"],
        "means_of_verification": ["Datos abiertos en el portal de Conagua"],
        "start_date": "2027-01-15",
        "end_date": "2028-06-30",
        "key_actions": [
            {
                "title": "Estándar de datos del agua",
                "weight": 100,
                "activities": [
                    {
                        "title": "Publicar el estándar de datos",
                        "start_date": "2027-01-15",
                        "end_date": "2027-06-30",
                        "indicator": "Estándar publicado",
                        "means_of_verification": "Enlace al estándar",
                    }
                ],
            }
        ],
        "message": "Propuesta del grupo",
    }


def agree_roadmap(setup: Setup, commitment_id: str) -> None:
    """The group drafts, reviews twice with both sides, both responsible people sign."""
    api, path = setup.api, f"{ROADMAPS}/commitments/{commitment_id}/roadmap"
    gov = bearer(login(api, setup.government.email, setup.government.password))
    cso = bearer(login(api, setup.cso.email, setup.cso.password))
    created = api.post(path, json=roadmap_body(setup), headers=gov)
    assert created.status_code == 201, created.text
    assert api.post(f"{path}/submit", headers=gov).status_code == 200
    attendees = [setup.government.account_id, setup.cso.account_id]
    for held_on in ("2026-11-20", "2026-11-27"):
        session = {"held_on": held_on, "attendee_ids": attendees, "outcome": "De acuerdo.",
                   "minutes": "Se revisaron indicadores y fechas."}  # fmt: skip
        answer = api.post(f"{path}/review-sessions", json=session, headers=gov)
        assert answer.status_code == 201, answer.text
    for person in (gov, cso):
        etag = api.get(path, headers=person).headers["etag"]
        signed = api.post(f"{path}/sign-offs", headers=person | {"If-Match": etag})
        assert signed.status_code == 201, signed.text
    agreed = api.post(f"{path}/agree", headers=gov)
    assert agreed.status_code == 200, agreed.text


def report_progress(setup: Setup, commitment_id: str) -> str:
    """The government member reports progress once tracking has the published roadmap."""
    api = setup.api
    gov = bearer(login(api, setup.government.email, setup.government.password))

    def activity() -> str | None:
        detail = api.get(f"/api/v1/tracking/commitments/{commitment_id}")
        actions = detail.json().get("key_actions") if detail.status_code == 200 else None
        return (actions or [{}])[0].get("activities", [{}])[0].get("id") if actions else None

    activity_id = eventually(activity, "tracking received the published roadmap")
    body = {"activity_id": activity_id, "new_status": "en_proceso",
            "narrative": "Se publicó el borrador del estándar para comentarios.",
            "links": ["https://example.org/estandar-agua"]}  # fmt: skip

    def submitted() -> str | None:
        answer = api.post(
            f"/api/v1/tracking/commitments/{commitment_id}/updates", json=body, headers=gov
        )
        return answer.json()["id"] if answer.status_code == 201 else None

    return eventually(submitted, "the government member could report progress")


def sign_in_with_totp(page, stack: Stack) -> None:
    """As the Committee, with its two-step code; a code another test already used in the
    same 30 s is refused (one use per code), so the form is sent again with the next one."""
    totp = pyotp.TOTP(totp_secret(stack, COMMITTEE_EMAIL))
    for attempt in range(2):
        page.goto("/entrar")
        page.fill("#email", COMMITTEE_EMAIL)
        page.fill("#password", DEMO_PASSWORD)
        page.fill("#totp", totp.now())
        page.click("form.stacked button[type=submit]")
        try:
            page.wait_for_url(lambda url: "/entrar" not in url, timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt:
                raise
            time.sleep(31 - time.time() % 30)


def check(page, name: str) -> None:
    """The current page at phone and desktop width: axe finds nothing, nothing overflows."""
    failures = {}
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        response = page.reload()
        assert response.status < 400, f"{page.url}: HTTP {response.status}"
        found = violations(page)
        if found:
            failures[size] = found
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            failures[f"{size}-overflow"] = f"{scroll} px wide in a {width} px viewport"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"comite-{name}-{size}.png"), full_page=True)
    assert not failures, f"{page.url}: {failures}"


def submit(page, form: str, button: str, notice: str) -> None:
    page.locator(form).get_by_role("button", name=button).click()
    page.wait_for_url(f"**aviso={notice}**")
    assert page.locator("p.success[role=status]").count() == 1


def test_the_committee_does_its_whole_job_on_the_site(browser, stack):
    context = browser.new_context(base_url=stack.website, locale="es-MX", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    api = httpx.Client(base_url=stack.gateway, timeout=20)
    try:
        setup = prepare(stack, api)
        sign_in_with_totp(page, stack)

        # The menu leads to the workspace; "Mis grupos" links to the tool.
        page.goto("/grupos")
        page.locator(".account-nav").get_by_role("link", name="Comité", exact=True).click()
        page.wait_for_url("**/comite")
        check(page, "consulta")
        page.get_by_role("link", name="Compromisos y plan borrador").click()

        # A commitment from the promoted theme.
        page.goto(f"/comite/compromisos?plan={PLAN}")
        check(page, "compromisos")
        page.select_option("#theme_id", setup.theme_id)
        submit(
            page,
            "form[action='/comite/compromisos/desde-tema']",
            "Promover y crear el compromiso",
            "desde-tema",
        )

        def from_theme() -> str | None:
            listing = api.get(f"{ROADMAPS}/commitments", params={"plan_code": PLAN, "limit": 200},
                              headers=bearer(setup.admin))  # fmt: skip
            found = [c for c in listing.json()["items"] if c["source_theme_id"] == setup.theme_id]
            return found[0]["id"] if found else None

        commitment_id = eventually(from_theme, "the promoted theme became a draft commitment")
        page.reload()
        page.get_by_role("link", name=re.compile(re.escape(setup.theme_title))).click()
        page.wait_for_url(f"**/comite/compromisos/{commitment_id}")
        check(page, "compromiso")

        # Its working group: two responsible people, one member added and removed, rules.
        base = f"/comite/compromisos/{commitment_id}"
        members = f"form[action='{base}/integrantes']"
        for person, role in ((setup.government, "responsible_public_servant"),
                             (setup.cso, "responsible_cso_person"), (None, "member")):  # fmt: skip
            page.select_option("#account_id", person.account_id if person else setup.inai_id)
            page.select_option("#group_role", role)
            submit(page, members, "Integrar al grupo", "integrante")
        assert "Ricardo Torres (INAI)" in page.inner_text("section[aria-labelledby=grupo] ul")
        submit(page, f"form[action='{base}/integrantes/{setup.inai_id}/baja']",
               "Sacar del grupo a Ricardo Torres (INAI)", "baja")  # fmt: skip
        assert "Ricardo Torres (INAI)" not in page.inner_text("section[aria-labelledby=grupo] ul")
        page.fill("#rules_of_operation", "El grupo sesiona cada mes y decide por consenso.")
        submit(page, f"form[action='{base}/reglas']", "Guardar las reglas", "reglas")
        group = api.get(
            f"{ROADMAPS}/commitments/{commitment_id}/working-group", headers=bearer(setup.admin)
        ).json()
        assert {(m["account_id"], m["group_role"]) for m in group["members"]} == {
            (setup.government.account_id, "responsible_public_servant"),
            (setup.cso.account_id, "responsible_cso_person"),
        }
        assert group["rules_of_operation"] == "El grupo sesiona cada mes y decide por consenso."
        # The draft's OGP-template fields, edited on its page.
        page.fill("#summary", "Un estándar de datos abiertos para los padrones.")
        page.fill("#lead_institutions", "Secretaría de Bienestar\nSecretaría Anticorrupción")
        submit(page, f"form[action='{base}/editar']", "Guardar los cambios", "editado")
        check(page, "compromiso-editado")
        edited = api.get(f"{ROADMAPS}/commitments/{commitment_id}", headers=bearer(setup.admin))
        assert edited.json()["summary"] == "Un estándar de datos abiertos para los padrones."
        assert edited.json()["lead_institutions"] == [
            "Secretaría de Bienestar", "Secretaría Anticorrupción"]  # fmt: skip
        submit(page, f"form[action='{base}/publicar']", "Publicar el compromiso", "publicado")
        check(page, "compromiso-publicado")

        # The group agrees its roadmap (API); the Committee publishes it from the list.
        agree_roadmap(setup, commitment_id)
        page.goto(f"/comite/hojas-de-ruta?plan={PLAN}")
        check(page, "hojas-de-ruta")
        agreed = page.locator("section[aria-labelledby=estado-agreed]")
        agreed.locator(
            f"form[action='/comite/hojas-de-ruta/{commitment_id}/publicar'] button"
        ).click()
        page.wait_for_url("**aviso=hoja-publicada**")
        published = page.locator("section[aria-labelledby=estado-published]")
        assert setup.theme_title in published.inner_text()

        # The government member reports; the Committee validates from its queue.
        update_id = report_progress(setup, commitment_id)
        page.goto(f"/comite/validaciones?plan={PLAN}")
        check(page, "validaciones")
        card = page.locator(f"article[aria-labelledby='u-{update_id}']")
        assert "Publicar el estándar de datos" in card.inner_text()
        assert "Estándar publicado" in card.inner_text()  # the planned indicator
        card.get_by_role("button", name="Validar").click()
        page.wait_for_url("**aviso=validada**")
        assert page.locator(f"article[aria-labelledby='u-{update_id}']").count() == 0
        update = api.get(f"/api/v1/tracking/updates/{update_id}", headers=bearer(setup.admin))
        assert update.json()["committee_validation"]["at"], update.text

        # An IRM assessment, then the commitment marked inactive.
        page.goto(base)
        irm = f"form[action='{base}/irm']"
        page.fill("#report_name", "Informe de diseño de México 2027-2029")
        page.fill("#assessed_on", "2027-03-01")
        page.check("#ogp-access_to_information")
        page.select_option("#verifiable", "si")
        page.select_option("#potential_impact", "moderate")
        submit(page, irm, "Registrar la valoración del IRM", "irm")
        irm_text = page.inner_text("section[aria-labelledby=irm]")
        assert "Informe de diseño de México 2027-2029 (1 de marzo de 2027)" in irm_text
        assert "Impacto potencial: Moderado" in irm_text
        page.fill("#inactive_reason", "Las OSC corresponsables dejaron el grupo de trabajo.")
        page.fill("#inactive_since", "2027-03-15")
        submit(page, f"form[action='{base}/autoevaluacion']:has(#inactive_reason)",
               "Marcar como inactivo", "inactivo")  # fmt: skip
        state = page.inner_text("section[aria-labelledby=estado]")
        assert "Inactivo: Las OSC corresponsables dejaron el grupo de trabajo." in state
        assert "15 de marzo de 2027" in state
        check(page, "compromiso-inactivo")
    finally:
        api.close()
        context.close()
