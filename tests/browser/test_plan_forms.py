"""The Committee, in a real browser, writes the plan's texts and a draft commitment's OGP
template fields: it signs in with its two-step code, finds "Textos del plan" in its menu,
sees the demo's texts for MX-5PA and which version the generated document uses, saves a
new introduction and finds it in /planes/MX-5PA/documento; then creates a draft commitment,
sets its PND axis, short-term objective and the 4th-plan commitment it continues. Both
pages pass the accessibility checks (axe at 390 and 1280 px, 320 px layout)."""

import re
import uuid

from tests.browser.test_accessibility import check_page
from tests.browser.test_committee import PLAN, sign_in_with_totp, submit

NARRATIVE = f"/comite/planes/{PLAN}/narrativa"


def test_the_committee_writes_the_plan_texts_and_a_template_field(browser, stack):
    context = browser.new_context(base_url=stack.website, locale="es-MX", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        sign_in_with_totp(page, stack)
        page.goto("/comite")
        page.get_by_role("link", name="Textos del plan").click()
        page.wait_for_url(f"**{NARRATIVE}")
        check_page(page, "comite-narrativa", NARRATIVE)
        assert page.input_value("#introduction").startswith("Texto de demostración.")
        facts = page.inner_text("dl.facts")
        assert "la versión 1" in facts  # the demo's texts, which the document is built from

        mark = uuid.uuid4().hex[:6]
        text = f"El Comité presenta el quinto plan, revisado en el navegador {mark}."
        page.fill("#introduction", text)
        submit(page, f"form[action='{NARRATIVE}']", "Guardar los textos", "guardado")
        assert page.input_value("#introduction") == text
        assert "la versión 2" in page.inner_text("dl.facts")
        page.get_by_role("link", name="Ver el plan de acción generado").click()
        page.wait_for_url(f"**/planes/{PLAN}/documento")
        assert text in page.inner_text("main")

        # A draft commitment and its OGP template fields.
        page.goto(f"/comite/compromisos?plan={PLAN}")
        number = str(500 + int(mark, 16) % 400)
        page.fill("#number", number)
        page.fill("#title", f"Agua abierta {mark}")
        page.fill("#slug", f"agua-abierta-{mark}")
        page.locator("form[action='/comite/compromisos']").get_by_role(
            "button", name="Crear el compromiso borrador"
        ).click()
        page.wait_for_url(re.compile(r"/comite/compromisos/\w+\?aviso=creado"))
        path = page.url.split(stack.website, 1)[-1].split("?")[0]
        check_page(page, "comite-compromiso-plantilla", path)
        page.fill("#pnd_axis", "Eje 2. Política social")
        page.fill("#short_term_objective", "Mapa de pozos publicado en 2027.")
        earlier = page.locator("#continues_commitment_id option", has_text="MX-4PA").first
        continued = earlier.get_attribute("value")
        page.select_option("#continues_commitment_id", continued)
        submit(page, f"form[action='{path}/editar']", "Guardar los cambios", "editado")
        assert page.input_value("#pnd_axis") == "Eje 2. Política social"
        assert page.input_value("#short_term_objective") == "Mapa de pozos publicado en 2027."
        assert page.input_value("#continues_commitment_id") == continued
    finally:
        context.close()
