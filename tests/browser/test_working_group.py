"""The working-group area in a real browser: a government member edits the roadmap while a
CSO member saves first; the conflict is shown and no text is lost."""

from tests.browser.conftest import signed_in_context
from tests.browser.test_accessibility import violations

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
