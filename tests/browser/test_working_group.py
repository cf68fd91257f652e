"""The working-group area in a real browser: a government member edits the roadmap while a
CSO member saves first (the conflict is shown and no text is lost); and a group's whole day,
from an incomplete draft to an agreed roadmap, with every refusal explained on the page."""

import time

import httpx
import pytest

from tests.browser.conftest import SCREENSHOTS, signed_in_context
from tests.browser.test_accessibility import violations
from tests.browser.working_group import bearer, login_admin, with_two_steps

GOVERNMENT_TEXT = "Un modelo de articulación de agendas locales, redactado por gobierno."
CSO_TEXT = "Un modelo acordado con las OSC, con indicadores por entidad."


def assert_conflict_shown_and_text_kept(gov) -> None:
    conflict = gov.locator("#conflicto")
    conflict.wait_for()
    assert "Alguien guardó antes que tú" in conflict.inner_text()
    assert CSO_TEXT in gov.inner_text("#theirs-resultado")
    assert GOVERNMENT_TEXT in gov.inner_text("#mine-resultado")
    assert "Luis Sociedad" in conflict.inner_text()
    # Nothing typed is lost: the form still holds it, ready to save over their version.
    assert gov.input_value("#final_result") == GOVERNMENT_TEXT
    assert gov.input_value("#ka0_title") == "Diagnóstico"
    assert gov.input_value("#ka0_weight") == "100"
    assert violations(gov) == []  # the conflict view is accessible too


def test_a_conflicting_save_shows_both_versions_and_keeps_the_typed_text(
    browser, stack, working_group
):
    edit = f"/grupos/{working_group.commitment_id}/hoja-de-ruta"
    gov_context, gov = signed_in_context(
        browser,
        stack,
        working_group.government.email,
        working_group.government.password,
        bypass_csp=True,
    )
    cso_context, cso = signed_in_context(
        browser, stack, working_group.cso.email, working_group.cso.password
    )
    try:
        gov.goto(edit)
        gov.fill("#final_result", GOVERNMENT_TEXT)
        gov.fill("#ka0_title", "Diagnóstico")
        gov.fill("#ka0_weight", "100")

        cso.goto(edit)
        cso.fill("#final_result", CSO_TEXT)
        cso.click("form.stacked button[type=submit]")
        cso.wait_for_url("**aviso=guardado**")

        gov.click("form.stacked button[type=submit]")
        assert_conflict_shown_and_text_kept(gov)

        gov.click("form.stacked button[type=submit]")
        gov.wait_for_url("**aviso=guardado**")
        assert gov.input_value("#final_result") == GOVERNMENT_TEXT
    finally:
        gov_context.close()
        cso_context.close()


@pytest.fixture
def fresh_group(stack):
    from tests.browser.working_group import set_up_fresh_group

    return set_up_fresh_group(stack)


SIZES = {"telefono": (390, 844), "escritorio": (1280, 900)}


def check_layout(page, name: str) -> None:
    """0 axe WCAG 2.1 AA violations and no horizontal overflow, at 390 and at 1280 px."""
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        assert violations(page) == [], f"{name} at {width} px"
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} is {scroll} px wide at {width} px"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"grupo-{name}-{size}.png"), full_page=True)


def landed(page, fragment: str) -> None:
    """The page after a form: the expected address, or the page's own explanation."""
    page.wait_for_load_state()
    assert fragment in page.url, page.inner_text("main")[:2000]


def submit(page, action: str) -> None:
    page.click(f"form[action$='{action}'] button[type=submit]")


def record_session(page, group, held_on: str, attendees: list[str]) -> None:
    page.goto(f"/grupos/{group.commitment_id}/sesiones-de-revision/nueva")
    page.fill("#held_on", held_on)
    for name in attendees:
        page.get_by_label(name, exact=False).check()
    page.fill("#minutes", "Se revisaron los indicadores y las fechas.")
    page.fill("#outcome", "Se ajustan los pesos.")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/grupos/*?aviso=*")


def draft_incompletely(gov, group) -> None:
    gov.goto(f"/grupos/{group.commitment_id}/hoja-de-ruta")
    check_layout(gov, "editor-vacio")
    gov.fill("#final_result", "Un padrón abierto de beneficiarios, verificable por la ciudadanía.")
    gov.fill("#ka0_title", "Diagnóstico del padrón")
    gov.fill("#ka0_weight", "60")
    gov.fill("#ka0_a0_title", "Encuesta a las dependencias")
    gov.fill("#ka0_a0_indicator", "Dependencias encuestadas")
    gov.fill("#ka0_a0_means_of_verification", "Informe de la encuesta")
    gov.click("form#editor button[type=submit]:not([name])")
    gov.wait_for_url("**aviso=guardado**")
    warnings = gov.inner_text("#avisos")
    assert "suman 60 %; deben sumar 100 %" in warnings  # saved anyway, with the warning
    assert "Indicadores" in warnings and "Fechas de inicio y conclusión" in warnings
    check_layout(gov, "editor-borrador")


def refusal_to_submit_is_explained(gov, group) -> None:
    gov.goto(f"/grupos/{group.commitment_id}")
    assert "Aún no puede enviarse a revisión: faltan" in gov.inner_text("#aviso-enviar")
    assert "Falta: Elementos obligatorios completos" in gov.inner_text("#lista")
    check_layout(gov, "grupo-borrador")
    submit(gov, "/hoja-de-ruta/enviar")
    error = gov.inner_text("#errores")
    assert "no puede enviarse a revisión" in error and "Indicadores" in error
    assert gov.inner_text("#estado") == "Borrador"


def complete_and_return(gov, group) -> None:
    gov.goto(f"/grupos/{group.commitment_id}/hoja-de-ruta")
    gov.select_option("#responsible_public_servant_id", value=group.government.account_id)
    gov.select_option("#responsible_cso_person_id", value=group.cso.account_id)
    gov.fill("#expected_products", "Padrón publicado\nInforme de verificación")
    gov.fill("#indicators", "Programas con padrón abierto")
    gov.fill("#means_of_verification", "Datos abiertos del padrón")
    gov.fill("#start_date", "2027-01-15")
    gov.fill("#end_date", "2028-06-30")
    gov.fill("#ka1_title", "Publicación del padrón")
    gov.fill("#ka1_weight", "40")
    gov.fill("#message", "Completa")
    gov.click("button[name=then][value=grupo]")  # the way back saves first
    gov.wait_for_url(f"**/grupos/{group.commitment_id}?aviso=guardado")
    assert "Hecho: Elementos obligatorios completos" in gov.inner_text("#lista")
    submit(gov, "/hoja-de-ruta/enviar")
    gov.wait_for_url("**aviso=enviada")
    assert gov.inner_text("#estado") == "En revisión"


def sessions_count_only_with_both_sides(cso, group) -> None:
    record_session(cso, group, "2026-11-02", ["Pablo Sociedad", "Rosa Garante"])
    warning = cso.inner_text("p.warning[role=status]")
    assert "no cuenta para acordar" in warning and "no asistió nadie del gobierno" in warning
    assert cso.inner_text("#sesiones-validas") == "0 / 2"
    for day in ("2026-11-09", "2026-11-16"):
        record_session(cso, group, day, ["Pablo Sociedad", "Marta Gobierno"])
        assert "La sesión de revisión quedó registrada." in cso.inner_text("main")
    assert cso.inner_text("#sesiones-validas") == "2 / 2"
    assert "Sesiones de revisión válidas: 2 de 2" in cso.inner_text("#lista")


def sign(page, group) -> None:
    page.goto(f"/grupos/{group.commitment_id}")
    submit(page, "/hoja-de-ruta/firmar")
    page.wait_for_url("**aviso=firmada")
    assert "Firmaste el" in page.inner_text("#mi-firma")
    assert page.locator("form[action$='/hoja-de-ruta/firmar']").count() == 0


def test_a_working_group_drafts_incompletely_completes_reviews_signs_and_agrees(
    browser, stack, fresh_group
):
    group = fresh_group
    people = {"gov": group.government, "cso": group.cso}
    contexts = {
        key: signed_in_context(browser, stack, p.email, p.password, bypass_csp=True)
        for key, p in people.items()
    }
    (_, gov), (_, cso) = contexts["gov"], contexts["cso"]
    try:
        draft_incompletely(gov, group)
        refusal_to_submit_is_explained(gov, group)
        complete_and_return(gov, group)

        # An agreement refused while sessions and signatures are missing, by name.
        submit(gov, "/hoja-de-ruta/acordar")
        error = gov.inner_text("#errores")
        assert "sesiones de revisión" in error and "falta la firma" in error

        sessions_count_only_with_both_sides(cso, group)
        cso.goto(f"/grupos/{group.commitment_id}/sesiones-de-revision/nueva")
        check_layout(cso, "sesion-de-revision")

        sign(gov, group)
        assert "Falta la firma de Pablo Sociedad." in gov.inner_text("#lista")
        gov.goto(f"/grupos/{group.commitment_id}/hoja-de-ruta")
        assert "anula las firmas de la versión actual (Marta Gobierno)" in gov.inner_text(
            "#anula-firmas"
        )  # warned before a save that would void it
        check_layout(gov, "editor-firmado")

        sign(cso, group)
        check_layout(cso, "grupo-firmado")
        submit(cso, "/hoja-de-ruta/acordar")
        cso.wait_for_url("**aviso=acordada")
        assert cso.inner_text("#estado") == "Acordada"
        assert "Hecho: Acordada por el grupo" in cso.inner_text("#lista")
        cso.goto(f"/grupos/{group.commitment_id}/avances")
        check_layout(cso, "avances")

        publish_through_the_api(stack, group)
        report_validate_return_and_resubmit(browser, stack, group, gov)
    finally:
        for context, _ in contexts.values():
            context.close()


def publish_through_the_api(stack, group) -> None:
    """The Committee publishes (its own pages are another part of the site); tracking hears
    of it by event, so wait until the activities are there to report on."""
    with httpx.Client(base_url=stack.gateway, timeout=20) as api:
        admin = login_admin(api, stack)
        path = f"/api/v1/roadmaps/commitments/{group.commitment_id}/roadmap/publish"
        published = api.post(path, headers=bearer(admin))
        assert published.status_code == 200, published.text
        for _ in range(60):
            detail = api.get(f"/api/v1/tracking/commitments/{group.commitment_id}")
            if detail.status_code == 200 and detail.json().get("key_actions"):
                break
            time.sleep(1)
        else:
            raise AssertionError("tracking never received the published roadmap")
        group.tokens["admin"] = admin
        group.tokens["cso"] = with_two_steps(api, group.cso)


def context_with(browser, stack, tokens: dict):
    """A browser context signed in with these tokens (two-step sign-in done through the API)."""
    context = browser.new_context(base_url=stack.website, bypass_csp=True)
    context.add_cookies(
        [{"name": "cocrea_access", "value": tokens["access_token"], "url": stack.website},
         {"name": "cocrea_refresh", "value": tokens["refresh_token"], "url": stack.website}]
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def report_validate_return_and_resubmit(browser, stack, group, gov) -> None:
    updates = f"/grupos/{group.commitment_id}/avances"
    gov.goto(updates)
    assert gov.locator("#new_status option[value=verificado]").count() == 0
    gov.select_option("#new_status", value="completo")
    gov.fill("#narrative", "Se encuestó a las 12 dependencias.")
    gov.fill("#links", "https://example.org/encuesta.pdf")
    gov.click("form[action$='/avances'] button[type=submit]")
    landed(gov, "aviso=enviada")

    cso_context, cso = context_with(browser, stack, group.tokens["cso"])
    committee_context, committee = context_with(browser, stack, group.tokens["admin"])
    try:
        validate_then_return(cso, committee, updates)
    finally:
        cso_context.close()
        committee_context.close()
    resubmit_with_new_evidence(gov, updates)


def validate_then_return(cso, committee, updates: str) -> None:
    cso.goto(updates)
    card = cso.locator("article.update-card").first
    assert "Diagnóstico del padrón (peso 60 %)" in card.inner_text()
    assert "Dependencias encuestadas" in card.inner_text()
    assert "Informe de la encuesta" in card.inner_text()
    card.locator("button[value=approve]").click()
    landed(cso, "aviso=validada")
    card = cso.locator("article.update-card").first
    assert "Sociedad civil ya validó" in card.inner_text()
    assert card.locator("button[value=approve]").count() == 0  # its side has validated
    check_layout(cso, "avances-validada")

    committee.goto(updates)
    card = committee.locator("article.update-card").first
    assert "Pablo Sociedad" in card.inner_text()  # who validated, by name
    assert "Dependencias encuestadas" in card.inner_text()
    card.locator("textarea[name=reason]").fill("Falta el acta firmada de la encuesta.")
    card.locator("button[value=reject]").click()
    landed(committee, "aviso=devuelta")


def resubmit_with_new_evidence(gov, updates: str) -> None:
    gov.goto(updates)
    card = gov.locator("article.update-card").first
    assert "Devuelta" in card.inner_text() and "Falta el acta firmada" in card.inner_text()
    assert "pendiente" not in card.inner_text()
    check_layout(gov, "avances-devuelta")
    form = card.locator("form[action$='/reenvio']")
    form.locator("textarea[name=narrative]").fill("Se encuestó a las 12; el acta va adjunta.")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "acta.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 acta"}]
    )
    form.locator("button[type=submit]").click()
    landed(gov, "aviso=reenviada")
    newest = gov.locator("article.update-card").first
    assert "revisión 2" in newest.inner_text() and "acta.pdf" in newest.inner_text()
