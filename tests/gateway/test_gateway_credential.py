"""Services answer only what the gateway forwards: a valid user token is not enough to
call a service directly (kit.gateway_credential); through the gateway the same call works."""

import time

import httpx

from consultation.config import ConsultationSettings
from consultation.main import create_app as create_consultation
from kit.gateway_credential import CREDENTIAL_HEADER, credential
from tests.conftest import migrate, running, service_settings

OWN = "consultation-only-secret-0123456789"
OTHER = "roadmaps-only-secret-0123456789ab"


async def _consultation(databases, jwks_file):
    url = await databases.new("consultation")
    await migrate("consultation", url)
    return create_consultation(
        service_settings(ConsultationSettings, url, jwks_file, gateway_secret=OWN)
    )


async def test_a_direct_call_with_a_valid_token_is_refused(databases, jwks_file, token_for):
    app = await _consultation(databases, jwks_file)
    person = token_for("citizen", sub="acct-ana", email_verified=True)
    path = "/me/notifications"
    async with running(app, via_gateway=False) as direct:
        bare = await direct.get(path, headers=person)
        other_service = await direct.get(
            path, headers=person | {CREDENTIAL_HEADER: credential(OTHER, "GET", path)}
        )
        stale = await direct.get(
            path,
            headers=person
            | {CREDENTIAL_HEADER: credential(OWN, "GET", path, timestamp=int(time.time()) - 600)},
        )
        other_path = await direct.get(
            path, headers=person | {CREDENTIAL_HEADER: credential(OWN, "GET", "/processes")}
        )
        health = await direct.get("/healthz")
        proper = await direct.get(
            path, headers=person | {CREDENTIAL_HEADER: credential(OWN, "GET", path)}
        )

    for refused in (bare, other_service, stale, other_path):
        assert refused.status_code == 401, refused.text
        assert refused.json()["error"]["code"] == "gateway_credential_required"
    assert health.status_code == 200
    assert proper.status_code == 200, proper.text


async def test_the_same_call_through_the_gateway_works(
    databases, jwks_file, token_for, start_gateway
):
    app = await _consultation(databases, jwks_file)
    person = token_for("citizen", sub="acct-ana", email_verified=True)
    secrets = {"consultation": OWN, "roadmaps": OTHER, "tracking": OTHER}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with start_gateway(service_transport=transport, service_secrets=secrets) as gw:
            through = await gw.get("/api/v1/consultation/me/notifications", headers=person)
            forged = await gw.get(
                "/api/v1/consultation/me/notifications",
                headers=person | {CREDENTIAL_HEADER: credential(OTHER, "GET", "/x")},
            )

    assert through.status_code == 200, through.text
    assert forged.status_code == 200  # the caller's header is dropped, the gateway signs
