"""What the staff browser tests share: signing in through the site with a TOTP code (one
code opens one login, so a reused step waits for the next), the demo accounts' TOTP
secrets as the stack printed them, and the page check at phone and desktop widths
(0 axe WCAG 2.1 AA violations, no horizontal overflow)."""

import re
import time
from collections.abc import Iterator

import httpx
import pyotp
import pytest

from tests.browser.conftest import DEMO_PASSWORD, SCREENSHOTS
from tests.browser.test_accessibility import violations
from tests.e2e.test_stack import Stack

WIDTHS = {"390": (390, 844), "1280": (1280, 900)}


def totp_secret(stack: Stack, email: str) -> str:
    quoted = re.escape(email.replace("@", "%40"))
    found = re.search(rf"TOTP secret (\w+)\s+otpauth://totp/[^\s]*{quoted}", stack.text())
    assert found, f"the stack did not print the TOTP secret of {email}"
    return found.group(1)


def fresh_code(secret: str, used: set[str]) -> str:
    """A code of a step not used yet in this session (the gateway refuses a replay)."""
    totp = pyotp.TOTP(secret)
    while (code := totp.now()) in used:
        time.sleep(1)
    used.add(code)
    return code


USED_CODES: set[str] = set()


def api_login(stack: Stack, email: str, password: str = DEMO_PASSWORD, secret: str = "") -> dict:
    """A token pair through the API (TOTP codes from ``secret`` when given)."""
    for _attempt in range(3):
        body = {"email": email, "password": password}
        if secret:
            body["totp"] = fresh_code(secret, USED_CODES)
        answer = httpx.post(f"{stack.gateway}/api/v1/auth/login", json=body, timeout=20)
        if answer.status_code == 200:
            return answer.json()
        assert answer.json()["error"]["code"] == "invalid_totp", answer.text
    raise AssertionError(f"{email} could not sign in")


def site_sign_in(page, email: str, password: str = DEMO_PASSWORD, secret: str = "") -> None:
    """Sign in through /entrar (with a fresh TOTP code for staff who have one)."""
    for _attempt in range(3):
        page.goto("/entrar")
        page.fill("#email", email)
        page.fill("#password", password)
        if secret:
            page.fill("#totp", fresh_code(secret, USED_CODES))
        page.click("form.stacked button[type=submit]")
        page.wait_for_load_state()
        if "/entrar" not in page.url:
            return
        assert secret and "totp-error" in page.content(), page.inner_text("main")
    raise AssertionError(f"{email} could not sign in through the site")


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 is good)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def check_widths(page, name: str, path: str | None = None) -> None:
    """At 390 and 1280 px: no axe WCAG 2.1 AA violation, no horizontal overflow. With
    ``path`` the page is loaded at each width; without, the current page is re-checked
    (a page answering a form, which a reload would send again)."""
    problems = {}
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        if path:
            response = page.goto(path)
            assert response.status < 400, f"{path}: HTTP {response.status}"
        found, wider = violations(page), overflow(page)
        if found or wider > 0:
            problems[width_name] = {"axe": found, "overflow_px": wider}
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width_name}.png"), full_page=True)
    assert not problems, f"{name}: {problems}"


@pytest.fixture
def staff_tab(browser, stack: Stack) -> Iterator["object"]:
    """A tab of its own context, with the page's CSP lifted for axe's inline script."""
    context = browser.new_context(base_url=stack.website, locale="es-MX", bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(20000)
    yield tab
    context.close()
