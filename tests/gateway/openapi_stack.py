"""The three services' apps behind one transport, so the gateway can merge their real
OpenAPI documents in process (no database is needed for a document)."""

import httpx

from consultation.config import ConsultationSettings
from consultation.main import create_app as create_consultation
from roadmaps.config import RoadmapsSettings
from roadmaps.main import create_app as create_roadmaps
from tests.conftest import service_settings
from tracking.config import TrackingSettings
from tracking.main import create_app as create_tracking

PORTS = {8101: "consultation", 8102: "roadmaps", 8103: "tracking"}


def services_transport(jwks_file: str) -> httpx.AsyncBaseTransport:
    """One transport routing by port (the gateway's default service addresses)."""
    url = "sqlite+aiosqlite:///:memory:"
    apps = {
        "consultation": create_consultation(service_settings(ConsultationSettings, url, jwks_file)),
        "roadmaps": create_roadmaps(service_settings(RoadmapsSettings, url, jwks_file)),
        "tracking": create_tracking(service_settings(TrackingSettings, url, jwks_file)),
    }
    transports = {name: httpx.ASGITransport(app=app) for name, app in apps.items()}

    class ByPort(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            return await transports[PORTS[request.url.port]].handle_async_request(request)

    return ByPort()
