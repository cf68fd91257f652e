"""axe-core (WCAG 2.1 AA) on every public page and the signed-in pages, plus screenshots
at phone and desktop widths under test-artifacts/screenshots/.

Phone first, on every page: nothing wider than the screen from 320 px up, a header that
leaves the screen to the content, and chart text of at least 12 CSS px at 390 px."""

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
SIZES = {"telefono": (390, 844), "escritorio": (1280, 900)}
NARROWEST = (320, 640)  # checked for overflow only (axe's rules do not change with width)
HEADER_MAX_PX = 190  # of 844 at 390 px: brand and two one-line menus
CHART_TEXT_MIN_PX = 12


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


def overflow(page) -> dict | None:
    """The widest element that sticks out past the right edge, or None."""
    return page.evaluate(
        """() => {
          const limit = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= limit) return null;
          let worst = null;
          for (const el of document.querySelectorAll('body *')) {
            const right = el.getBoundingClientRect().right;
            if (right > limit + 0.5 && (!worst || right > worst.right)) {
              let scrolls = false;
              for (let p = el.parentElement; p; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX;
                if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolls = true; break; }
              }
              if (!scrolls) worst = {tag: el.tagName, cls: el.className, right};
            }
          }
          return {scrollWidth: document.documentElement.scrollWidth, limit, worst};
        }"""
    )


def phone_measures(page) -> dict:
    return page.evaluate(
        """() => ({
          header: Array.from(document.querySelectorAll('.site-header')).reduce(
            (h, el) => h + el.getBoundingClientRect().height, 0),  // printable pages have none
          chartText: Array.from(document.querySelectorAll('svg text')).map(
            t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a),
        })"""
    )


def check_layout(page, path: str) -> None:
    """Overflow at 320 px (the page is already loaded at some width)."""
    width, height = NARROWEST
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path)
    assert overflow(page) is None, f"{path} at {width} px: {overflow(page)}"


def check_page(page, name: str, path: str) -> None:
    failures = {}
    check_layout(page, path)
    for size_name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto(path)
        assert response.status < 400, f"{path}: HTTP {response.status}"
        assert len(response.body()) < PAGE_BUDGET_BYTES, f"{path}: over the page budget"
        assert overflow(page) is None, f"{path} at {width} px: {overflow(page)}"
        if width < 400:
            measures = phone_measures(page)
            assert measures["header"] <= HEADER_MAX_PX, f"{path}: header {measures['header']} px"
            small = [round(px, 1) for px in measures["chartText"] if px < CHART_TEXT_MIN_PX]
            assert not small, f"{path}: chart text at {small} px"
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


def test_every_page_has_a_favicon(axe_page):
    icon = axe_page.request.get("/favicon.ico")
    assert icon.status == 200
    assert icon.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    axe_page.goto("/")
    assert axe_page.get_attribute("link[rel=icon][type='image/svg+xml']", "href")
