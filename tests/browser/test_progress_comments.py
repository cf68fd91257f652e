"""Comments on a published commitment's progress in a real browser: the citizen comments on
the commitment's page, the Committee answers it from /comite/comentarios-avance, and the
answer shows beside the comment and in the citizen's notifications. Each page at phone and
desktop width: 0 axe violations (WCAG 2.1 AA), nothing wider than the screen.

The MX-5PA commitment is created and published here through the API (the demo's are not
relied upon)."""

import random
import uuid

import httpx
import pytest

from tests.browser.conftest import DEMO_PASSWORD, signed_in_context
from tests.browser.test_citizen_follow import CITIZEN, check, wait_for
from tests.browser.test_committee import sign_in_with_totp
from tests.browser.working_group import bearer, login_admin
from tests.e2e.test_stack import Stack

ROADMAPS = "/api/v1/roadmaps/commitments"


@pytest.fixture(scope="module")
def commitment(stack: Stack) -> dict:
    with httpx.Client(base_url=stack.gateway, timeout=20) as api:
        admin = login_admin(api, stack)
        number = random.randint(500, 999)  # clear of the demo's commitments
        created = api.post(ROADMAPS, headers=bearer(admin), json={
            "plan_code": "MX-5PA", "number": number, "slug": f"agua-{uuid.uuid4().hex[:6]}",
            "title": f"Agua abierta {number}", "summary": "Publicar el gasto en agua.",
            "problem": "El gasto en agua no se publica.", "lead_institutions": ["CONAGUA"],
        })  # fmt: skip
        assert created.status_code == 201, created.text
        commitment_id = created.json()["id"]
        assert api.post(f"{ROADMAPS}/{commitment_id}/publish", headers=bearer(admin)).is_success

        def everywhere() -> bool:
            tracking = api.get(f"/api/v1/tracking/commitments/{commitment_id}")
            comments = api.get(f"/api/v1/consultation/commitments/{commitment_id}/comments")
            return tracking.status_code == 200 and comments.status_code == 200

        wait_for(everywhere, "the published commitment in tracking and consultation")
        return {"id": commitment_id, "title": f"Agua abierta {number}"}


def test_a_citizen_comments_and_the_committee_answers(browser, stack, commitment):
    here = f"/tablero/compromisos/{commitment['id']}"
    body = f"La primera actividad venció y no veo evidencia ({uuid.uuid4().hex[:6]})."
    justification = "Tienes razón: la evidencia se publica con la próxima actualización."
    citizen_context, citizen = signed_in_context(
        browser, stack, CITIZEN, DEMO_PASSWORD, bypass_csp=True
    )
    committee_context = browser.new_context(base_url=stack.website, locale="es-MX", bypass_csp=True)
    committee = committee_context.new_page()
    committee.set_default_timeout(20000)
    try:
        citizen.goto(here)
        citizen.fill("#body", body)
        citizen.locator("#comentarios").get_by_role("button", name="Publicar comentario").click()
        citizen.wait_for_url("**aviso=comentado**")
        assert "Tu comentario quedó publicado" in citizen.content()
        assert body in citizen.locator("#comentarios").inner_text()
        check(citizen, "avance-comentado", here)

        sign_in_with_totp(committee, stack)
        committee.goto("/comite/comentarios-avance")
        article = committee.locator("article", has_text=body)
        article.get_by_label("Qué pasó con el comentario").select_option("accepted")
        article.get_by_label("Justificación pública").fill(justification)
        check(committee, "comite-comentarios-avance", None)
        article = committee.locator("article", has_text=body)
        article.get_by_label("Qué pasó con el comentario").select_option("accepted")
        article.get_by_label("Justificación pública").fill(justification)
        article.get_by_role("button", name="Publicar la respuesta").click()
        committee.wait_for_url("**aviso=respondido**")
        assert body not in committee.content()  # answered: off the awaiting list

        citizen.goto(f"{here}?v=respondido")  # a new document, not a jump to #comentarios
        section = citizen.locator("#comentarios").inner_text()
        assert justification in section and "Respuesta del Comité" in section
        citizen.goto("/notificaciones")
        assert "tu comentario sobre el avance de un compromiso" in citizen.content()
    finally:
        citizen_context.close()
        committee_context.close()
