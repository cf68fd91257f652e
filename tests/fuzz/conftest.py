"""One real stack for the fuzz suite (see tests/fault/stack.py)."""

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.fault.stack import Stack, start_stack


@pytest.fixture(scope="module")
async def stack(tmp_path_factory: Any, jwks_file: str, signing_key: str) -> AsyncIterator[Stack]:
    async for running in start_stack(tmp_path_factory.mktemp("fuzz"), jwks_file, signing_key):
        yield running
