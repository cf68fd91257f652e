"""Its own real stack for the abuse suite, so the throttles it spends never leak into
another suite (see tests/fault/stack.py), plus the website in front of it, vouching for
its visitors' addresses with the shared client-address secret."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.fault.processes import ServiceProcess
from tests.fault.stack import Stack, start_stack

CLIENT_ADDRESS_SECRET = "test-client-address-secret-0123456789"


@pytest.fixture(scope="package")
async def stack(tmp_path_factory: Any, jwks_file: str, signing_key: str) -> AsyncIterator[Stack]:
    tmp = tmp_path_factory.mktemp("abuse")
    secret = {"CLIENT_ADDRESS_SECRET": CLIENT_ADDRESS_SECRET}
    async for running in start_stack(tmp, jwks_file, signing_key, **secret):
        yield running


@pytest.fixture(scope="package")
def website(stack: Stack, tmp_path_factory: Any) -> Iterator[ServiceProcess]:
    """The real website (uvicorn) calling the stack's gateway. Its visitors arrive through
    loopback, the TLS proxy it trusts by default, so ``X-Forwarded-For`` names them."""
    env = {
        "FRONTEND_ENVIRONMENT": "test",
        "FRONTEND_GATEWAY_URL": stack.url,
        "FRONTEND_CLIENT_ADDRESS_SECRET": CLIENT_ADDRESS_SECRET,
        "FRONTEND_ACCESS_LOG": "false",
        "FRONTEND_PLAN_CODE": "MX-4PA",
    }
    process = ServiceProcess("frontend", env, tmp_path_factory.mktemp("website")).start()
    yield process
    process.stop()


@pytest.fixture
async def gateway(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as client:
        yield client
