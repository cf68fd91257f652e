"""Observability tests reuse the gateway's and tracking's fixtures."""

from tests.gateway.conftest import flows, start_gateway  # noqa: F401 (fixtures)
from tests.tracking.conftest import start_tracking, tracking  # noqa: F401 (fixtures)
