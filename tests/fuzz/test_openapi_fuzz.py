"""Schemathesis against the gateway's merged OpenAPI with a real token of each role, every
check (``--checks all``) and every phase: examples, coverage, fuzzing and stateful (the
stateful phase follows whatever OpenAPI ``links`` the document declares).

Bounded for CI (the whole suite has a time budget): ``FUZZ_MAX_EXAMPLES`` examples per
operation (default 2; the coverage phase is deterministic and not bounded by it), a fixed
seed (reproducible), a per-request timeout, and the seven roles run as seven concurrent
``st`` processes of one worker each (threads inside one ``st`` process sometimes crash
CPython 3.11's AST compiler, "AST constructor recursion depth mismatch", a tool error,
not an API one). Raise ``FUZZ_MAX_EXAMPLES`` locally for a deeper run.
"""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from kit.tokens import TokenSigner
from tests.conftest import AUDIENCE, ISSUER, KID
from tests.fault.stack import Stack

ROLES = ("anonymous", "citizen", "government", "cso", "inai", "committee", "admin")
PHASES = "examples,coverage,fuzzing,stateful"
MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "2")
# Checks left out of ``all``, each with its reason.
EXCLUDED_CHECKS = {
    # ST202 "schema-valid request rejected": the document does not (yet) carry every rule
    # the services enforce, so schema-valid data meets a 4xx the document cannot predict.
    # Issue 16 item 1 declares the enumerations and the cursor (another branch); what stays
    # beyond JSON Schema is by design: no control characters in free text (kit/text.py),
    # the CURP check digit, dates in order, a one-time code that must be the right one,
    # If-Match preconditions (428/412), identifiers with "." or encoded "/" refused by the
    # gateway's path guard (400 invalid_path). Re-enable it once item 1 has landed.
    "positive_data_acceptance": "business rules the document cannot express (see above)",
}
# Operations left out, each with its reason (none today; the document has no /dev/ routes,
# the development mailbox is not served outside development).
EXCLUDED_OPERATIONS: dict[str, str] = {}


def schemathesis(
    stack: Stack, document: Path, headers: dict[str, str], report: Path
) -> subprocess.CompletedProcess:
    command = [
        str(Path(sys.executable).with_name("st")), "run", str(document), "--url", stack.url,
        "--checks", "all", "--exclude-checks", ",".join(EXCLUDED_CHECKS),
        "--max-examples", MAX_EXAMPLES, "--phases", PHASES,
        "--seed", "20261121", "--workers", "1", "--request-timeout", "20",
        "--continue-on-failure", "--report", "junit", "--report-junit-path", str(report),
        "--report-dir", str(report.parent), "--generation-database", "none",
        "--no-color", "--warnings", "off",
    ]  # fmt: skip
    for path in EXCLUDED_OPERATIONS:
        command += ["--exclude-path", path]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)


def test_no_failure_of_any_check_for_any_role(stack: Stack, signing_key: str, tmp_path: Path):
    # Real tokens of the gateway's key, valid for the whole run (a loaded machine may take
    # longer than a session token lives), signed in with two-step verification.
    signer = TokenSigner(signing_key, KID, issuer=ISSUER, audience=AUDIENCE, ttl_seconds=3600)
    # The merged document is built on each request (from the three services): read it once.
    answer = httpx.get(f"{stack.url}/api/v1/openapi.json", timeout=60)
    assert answer.status_code == 200 and "x-unavailable-services" not in answer.json()
    document = tmp_path / "openapi.json"
    document.write_text(answer.text)

    def run(role: str) -> tuple[str, subprocess.CompletedProcess]:
        claims = {"email_verified": True, "voter_key": f"vk-fuzz-{role}", "amr": ["pwd", "otp"]}
        headers = {}
        if role != "anonymous":
            token, _ = signer.sign(f"fuzz-{role}", role, None, **claims)
            headers = {"Authorization": f"Bearer {token}"}
        (tmp_path / role).mkdir()
        return role, schemathesis(stack, document, headers, tmp_path / role / "junit.xml")

    with ThreadPoolExecutor(max_workers=len(ROLES)) as pool:
        results = dict(pool.map(run, ROLES))
    failed = {role: done.stdout[-6000:] for role, done in results.items() if done.returncode}
    assert not failed, "\n\n".join(f"=== {role}\n{out}" for role, out in failed.items())
