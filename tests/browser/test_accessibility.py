"""axe-core (WCAG 2.1 AA) on every public page and the signed-in pages, plus screenshots
at phone and desktop widths under test-artifacts/screenshots/."""

import pytest

from tests.browser.conftest import AXE, SCREENSHOTS, sign_in

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PUBLIC_PAGES = {
    "inicio": "/",
    "consulta": "/consulta",
    "tema": None,  # the first topic of the consultation
    "tablero": "/tablero",
    "compromiso": None,  # the first commitment of the tablero
    "datos-abiertos": "/datos-abiertos",
    "aviso-de-privacidad": "/aviso-de-privacidad",
    "accesibilidad": "/accesibilidad",
    "registro": "/registro",
    "entrar": "/entrar",
    "verificar": "/verificar",
    "inicio-en": "/?lang=en",
    "resultados": "/consulta/resultados",
    "resultados-en": "/consulta/resultados?lang=en",
    "plan-borrador": "/plan-borrador",
}
SIGNED_IN_PAGES = {"cuenta": "/cuenta", "proponer": "/consulta/proponer", "grupos": "/grupos"}
# The working-group area, as the government member of the group set up for the session.
GROUP_PAGES = {
    "grupo": "/grupos/{id}",
    "hoja-de-ruta": "/grupos/{id}/hoja-de-ruta",
    "sesion-de-revision": "/grupos/{id}/sesiones-de-revision/nueva",
    "reunion": "/grupos/{id}/reuniones/nueva",
    "avances": "/grupos/{id}/avances",
}
PAGE_BUDGET_BYTES = 100 * 1024
SIZES = {"telefono": (390, 844), "escritorio": (1366, 900)}


@pytest.fixture
def axe_page(browser, stack):
    # axe is injected as an inline script: this context alone lifts the page's CSP for it.
    context = browser.new_context(base_url=stack.website, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


def resolve(page, name: str, path: str | None) -> str:
    if path:
        return path
    listing = "/consulta" if name == "tema" else "/tablero?plan=MX-4PA"  # 13 commitments
    page.goto(listing)
    selector = ".topic h3 a" if name == "tema" else ".commitment h3 a"
    return page.get_attribute(selector, "href")


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))",
        WCAG_AA,
    )
    return result


def check_page(page, name: str, path: str) -> None:
    failures = {}
    for size_name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto(path)
        assert response.status < 400, f"{path}: HTTP {response.status}"
        assert len(response.body()) < PAGE_BUDGET_BYTES, f"{path}: over the page budget"
        found = violations(page)
        if found:
            failures[size_name] = found
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size_name}.png"), full_page=True)
    assert not failures, f"{path}: {failures}"


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_has_no_wcag_aa_violations(axe_page, name):
    check_page(axe_page, name, resolve(axe_page, name, PUBLIC_PAGES[name]))


@pytest.mark.parametrize("name", list(SIGNED_IN_PAGES))
def test_signed_in_page_has_no_wcag_aa_violations(axe_page, name):
    email = "enlace.bienestar@cocrea.example" if name == "grupos" else "ciudadana@cocrea.example"
    sign_in(axe_page, email)
    check_page(axe_page, name, SIGNED_IN_PAGES[name])


@pytest.mark.parametrize("name", list(GROUP_PAGES))
def test_working_group_page_has_no_wcag_aa_violations(axe_page, working_group, name):
    person = working_group.government
    sign_in(axe_page, person.email, person.password)
    check_page(axe_page, name, GROUP_PAGES[name].format(id=working_group.commitment_id))


def test_committee_tools_have_no_wcag_aa_violations(axe_page, stack, working_group):
    tokens = working_group.admin_tokens
    axe_page.context.add_cookies(
        [
            {"name": "cocrea_access", "value": tokens["access_token"], "url": stack.website},
            {"name": "cocrea_refresh", "value": tokens["refresh_token"], "url": stack.website},
        ]
    )
    check_page(axe_page, "comite", "/comite")
