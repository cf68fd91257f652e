"""The real stack (``infra/dev.py up`` on free ports, as tests/e2e does) driven by Debian's
Chromium through Playwright (used only as a driver: its own browser download is not used).

axe-core is vendored as ``tests/browser/axe.min.js`` (``npm pack axe-core``, version in the
file's header); screenshots go to ``test-artifacts/screenshots/`` (gitignored).
"""

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.e2e.test_stack import OWN_PREFIXES, Stack, _pump, _wait_ready, free_port_base

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "Cocrea-Demo-2026"


@pytest.fixture(scope="session")
def browser() -> Iterator["object"]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Chromium is missing at /usr/bin/chromium: install it with "
            "`apt-get install -y chromium` (python3 infra/dev.py test does it for you)."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: install the test extra (pip install -e '.[test]').")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    base = free_port_base()
    data_dir = tmp_path_factory.mktemp("browser-stack")
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "infra" / "dev.py"), "up", "--port-base", str(base),
         "--data-dir", str(data_dir)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, text=True, start_new_session=True,
    )  # fmt: skip
    running = Stack(process, base)
    threading.Thread(target=_pump, args=(process.stdout, running.output), daemon=True).start()
    try:
        _wait_ready(running)
        yield running
    finally:
        running.stop()


@pytest.fixture
def page(browser, stack: Stack) -> Iterator["object"]:
    context = browser.new_context(base_url=stack.website, locale="es-MX")
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()


def mailbox_code(stack: Stack, email: str) -> str:
    """The verification code the gateway 'mailed' (the dev mailbox, never in production)."""
    response = httpx.get(
        f"{stack.gateway}/api/v1/auth/dev/mailbox", params={"email": email}, timeout=10
    )
    messages = [m for m in response.json()["items"] if m["kind"] == "email_verification"]
    return messages[-1]["data"]["code"]


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/entrar")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.stacked button[type=submit]")
    # Citizens land on their account, staff on their own work (frontend/landing.py).
    page.wait_for_url(lambda url: "/entrar" not in url)


@pytest.fixture(scope="session")
def working_group(stack: Stack) -> "object":
    """Commitment 1's working group with a government and a CSO member and a started
    roadmap (see ``tests/browser/working_group.py``); set up once per session."""
    from tests.browser.working_group import set_up_working_group

    return set_up_working_group(stack)


def signed_in_context(browser, stack: Stack, email: str, password: str, bypass_csp=False):
    """A browser context of its own (its own cookies) with this person signed in
    (``bypass_csp`` lets axe be injected)."""
    context = browser.new_context(base_url=stack.website, locale="es-MX", bypass_csp=bypass_csp)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    sign_in(tab, email, password)
    return context, tab
