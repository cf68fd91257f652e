"""``dev.py test``: the checks CI runs, in order, with one summary at the end."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

from dev_bootstrap import ROOT, apt_install, say


def ensure_system_tools() -> None:
    """The compose test needs Debian's ``docker-compose`` (no Docker engine is needed); the
    browser tests drive Debian's ``chromium`` (Playwright's own download is not used)."""
    if not shutil.which("docker-compose") and not apt_install("docker-compose"):
        say("docker-compose is missing and could not be installed: the compose test will fail")
    if not Path("/usr/bin/chromium").exists() and not apt_install("chromium"):
        say("chromium is missing and could not be installed: the browser tests will fail")


def steps(pytest_args: list[str]) -> list[tuple[str, list[str]]]:
    python = sys.executable
    bin_dir = Path(sys.executable).parent
    lint = [
        ("ruff check", [python, "-m", "ruff", "check", "."]),
        ("ruff format --check", [python, "-m", "ruff", "format", "--check", "."]),
        ("lint-imports", [str(bin_dir / "lint-imports")]),
    ]
    if pytest_args:
        return [*lint, ("pytest", [python, "-m", "pytest", *pytest_args])]
    # The browser tests drive Chromium through Playwright's sync API, which keeps an event
    # loop running in the main thread for the whole session; the async tests need that
    # thread free, so the browser suite runs in a pytest process of its own.
    return [
        *lint,
        ("pytest", [python, "-m", "pytest", "--ignore=tests/browser"]),
        ("pytest tests/browser", [python, "-m", "pytest", "tests/browser"]),
    ]


def run_checks(pytest_args: list[str]) -> int:
    ensure_system_tools()
    results: list[tuple[str, int, float]] = []
    for title, command in steps(pytest_args):
        say(f"── {title} ──")
        started = time.monotonic()
        code = subprocess.run(command, cwd=ROOT, check=False).returncode
        results.append((title, code, time.monotonic() - started))
    failed = [title for title, code, _ in results if code != 0]
    say("── summary ──")
    for title, code, seconds in results:
        verdict = "ok  " if code == 0 else f"FAIL (exit {code})"
        print(f"  {verdict:<16} {title:<22} {seconds:6.1f}s", flush=True)
    if failed:
        say(f"{len(failed)} of {len(results)} checks failed: {', '.join(failed)}")
        return 1
    say(f"all {len(results)} checks passed")
    return 0
