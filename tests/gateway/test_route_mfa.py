"""Validating official progress needs two-step verification: the route table marks it
(``require_mfa``) and the gateway refuses people whose token's ``amr`` lacks ``otp``."""

import pytest

from gateway.routing import load_route_table
from tests.gateway.conftest import bearer
from tests.gateway.test_proxy import _echo_transport

VALIDATION = "/api/v1/tracking/updates/u1/validation"
BODY = {"decision": "approve"}


def test_the_progress_validation_routes_require_mfa():
    marked = {(r.service, r.path) for r in load_route_table().rules if r.require_mfa}
    assert ("tracking", "/updates/{update_id}/validation") in marked


@pytest.mark.parametrize("role", ["cso", "inai", "committee", "admin"])
async def test_a_validation_without_two_step_verification_is_refused(
    start_gateway, token_for, role
):
    seen: list = []
    async with start_gateway(service_transport=_echo_transport(seen)) as client:
        password_only = await client.post(
            VALIDATION, json=BODY, headers=token_for(role, amr=["pwd"])
        )
        no_amr = await client.post(VALIDATION, json=BODY, headers=token_for(role, amr=[]))
        with_otp = await client.post(VALIDATION, json=BODY, headers=token_for(role))
    for refused in (password_only, no_amr):
        if role == "inai":  # not allowed on the route at all
            assert refused.status_code == 403
            continue
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "mfa_required_for_action"
    assert with_otp.status_code == (403 if role == "inai" else 200)
    assert len(seen) == (0 if role == "inai" else 1)


async def test_a_cso_signed_in_with_a_password_only_must_enable_mfa_first(start_gateway, flows):
    async with start_gateway(service_transport=_echo_transport([])) as client:
        f = flows(client)
        admin = await f.admin()
        _created, tokens = await f.staff_session(admin, "cso", "osc@example.org")
        refused = await client.post(VALIDATION, json=BODY, headers=bearer(tokens))
        by_admin = await client.post(VALIDATION, json=BODY, headers=admin)  # enrolled: otp
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["code"] == "mfa_required_for_action"
    assert by_admin.status_code == 200, by_admin.text
