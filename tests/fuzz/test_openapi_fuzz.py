"""Schemathesis against the gateway's merged OpenAPI with a real token of each role:
no 5xx, no answer that breaks its documented schema, no undocumented status code.

Bounded for CI: a few examples per operation (``FUZZ_MAX_EXAMPLES``, default 3), the
examples and fuzzing phases, a fixed seed (reproducible), a per-request timeout. Raise
``FUZZ_MAX_EXAMPLES`` locally for a deeper run.
"""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fault.stack import Stack

ROLES = ("anonymous", "citizen", "government", "cso", "inai", "committee", "admin")
# No 5xx, every answer in its documented schema, and no status code the document does not
# list (the merged OpenAPI documents the answers the gateway itself can give).
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"
MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "3")


def schemathesis(
    stack: Stack, headers: dict[str, str], report: Path
) -> subprocess.CompletedProcess:
    command = [
        str(Path(sys.executable).with_name("st")), "run", f"{stack.url}/api/v1/openapi.json",
        "--checks", CHECKS, "--max-examples", MAX_EXAMPLES, "--phases", "examples,fuzzing",
        "--seed", "20261121", "--workers", "4", "--request-timeout", "20",
        "--continue-on-failure", "--report", "junit", "--report-junit-path", str(report),
        "--report-dir", str(report.parent), "--generation-database", "none",
        "--exclude-path-regex", "/dev/",
    ]  # fmt: skip
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize("role", ROLES)
def test_no_5xx_and_every_answer_matches_the_documented_schema(
    stack: Stack, token_for: Callable[..., dict[str, str]], role: str, tmp_path: Path
):
    claims = {"email_verified": True, "voter_key": f"vk-fuzz-{role}"}
    headers = {} if role == "anonymous" else token_for(role, sub=f"fuzz-{role}", **claims)
    result = schemathesis(stack, headers, tmp_path / "junit.xml")
    assert result.returncode == 0, result.stdout[-12000:]
