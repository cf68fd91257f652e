"""One real stack (gateway + services as processes, PostgreSQL, demo data) for the
authorization suite; see tests/fault/stack.py."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.fault.stack import Stack, start_stack


@pytest.fixture(scope="package")
async def stack(tmp_path_factory: Any, jwks_file: str, signing_key: str) -> AsyncIterator[Stack]:
    async for running in start_stack(tmp_path_factory.mktemp("authz"), jwks_file, signing_key):
        yield running


@pytest.fixture
async def gateway(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.url, timeout=30) as client:
        yield client
