"""The Committee sees what is falling behind, in a real browser on a real ``dev.py up``: it
signs in with its two-step code, opens "Compromisos rezagados" from its menu, finds the
demo commitment whose activity is overdue, follows the link to its commitment, and on the
tablero finds the demo's rescheduled activity with its original dates and its reason. Every
page is checked at 390 and 1280 px (axe WCAG 2.1 AA, no horizontal overflow)."""

import re

from roadmaps.demo.cycle import RESCHEDULE_REASON
from tests.browser.test_committee import check, eventually, sign_in_with_totp

PLAN = "MX-5PA"


def test_the_committee_sees_stale_commitments_and_a_rescheduled_activity(browser, stack):
    context = browser.new_context(base_url=stack.website, locale="es-MX", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        sign_in_with_totp(page, stack)
        page.goto("/comite")
        page.get_by_role("navigation", name="Espacio del Comité").get_by_role(
            "link", name="Compromisos rezagados"
        ).click()
        page.wait_for_url("**/comite/rezagos")

        def overdue_listed() -> bool:
            page.goto(f"/comite/rezagos?plan={PLAN}")
            return page.get_by_text("Diagnóstico con las organizaciones").count() > 0

        eventually(overdue_listed, "the demo's overdue activity on the Committee's page", 90)
        assert page.get_by_text(re.compile(r"\d+ compromisos? rezagados? de \d+")).count() == 1
        check(page, "rezagos")

        stale = page.locator("li.commitment", has_text="Diagnóstico con las organizaciones")
        stale.locator("h2 a").click()
        page.wait_for_url("**/tablero/compromisos/**")
        assert page.get_by_text("Vencida").count() >= 1
        check(page, "rezagado-compromiso")

        def rescheduled_on_the_tablero() -> bool:
            page.goto(f"/tablero?plan={PLAN}")
            return page.get_by_text("1 actividad reprogramada").count() > 0

        eventually(rescheduled_on_the_tablero, "the rescheduled activity on the tablero", 90)
        page.locator("li.commitment", has_text="1 actividad reprogramada").locator("h3 a").click()
        page.wait_for_url("**/tablero/compromisos/**")
        note = page.locator("p.rescheduled")
        assert note.count() == 1
        text = " ".join(note.inner_text().split())
        assert text.startswith("Reprogramada: originalmente ")
        assert "; ahora " in text and text.endswith(f"motivo: {RESCHEDULE_REASON}")
        check(page, "reprogramada")
    finally:
        context.close()
