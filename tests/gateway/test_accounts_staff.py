"""Staff accounts: only admins create and manage them; organizations are data."""

import time

import pyotp

from tests.gateway.conftest import AUTH, bearer

STAFF = {
    "email": "enlace@example.gob.mx",
    "display_name": "Mariana López",
    "role": "government",
    "organization": "Secretaría de Bienestar",
}


async def test_admin_creates_staff_with_a_one_time_password(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        created = await client.post(f"{AUTH}/staff", headers=admin, json=STAFF)
        assert created.status_code == 201
        body = created.json()
        temporary = body["temporary_password"]
        assert len(temporary) >= 12
        assert body["user"]["organization"] == "Secretaría de Bienestar"
        assert body["user"]["sector"] == "government"
        assert body["user"]["must_change_password"] is True

        [welcome] = await f.mailbox("enlace@example.gob.mx")
        assert welcome["kind"] == "staff_welcome" and temporary in welcome["body"]

        session = await f.tokens("enlace@example.gob.mx", temporary)
        me = await client.get(f"{AUTH}/me", headers=bearer(session))
        assert me.json()["role"] == "government"

        changed = await client.post(
            f"{AUTH}/me/password",
            headers=bearer(session),
            json={
                "current_password": temporary,
                "new_password": "Nopal-Lluvia-77",
            },
        )
        assert changed.status_code == 204
        old_session = await client.post(
            f"{AUTH}/refresh", json={"refresh_token": session["refresh_token"]}
        )
        assert old_session.status_code == 401
        assert (await f.login("enlace@example.gob.mx", temporary)).status_code == 401
        fresh = await f.tokens("enlace@example.gob.mx", "Nopal-Lluvia-77")
        me = await client.get(f"{AUTH}/me", headers=bearer(fresh))
        assert me.json()["must_change_password"] is False


async def test_only_admins_manage_staff(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        citizen = await f.citizen("lucia@example.com")
        gov, tokens = await f.staff_session(admin, "government", "gob@example.gob.mx")
        government = bearer(tokens)
        answers = {
            "anonymous": await client.post(f"{AUTH}/staff", json=STAFF),
            "citizen": await client.post(f"{AUTH}/staff", headers=citizen, json=STAFF),
            "government": await client.post(f"{AUTH}/staff", headers=government, json=STAFF),
        }
        listing = await client.get(f"{AUTH}/staff", headers=government)
        patch = await client.patch(
            f"{AUTH}/staff/{gov['user']['id']}", headers=government, json={"role": "admin"}
        )
    assert answers["anonymous"].status_code == 401
    assert answers["anonymous"].json()["error"]["code"] == "not_authenticated"
    assert answers["citizen"].status_code == 403
    assert answers["government"].status_code == 403
    assert answers["citizen"].json()["error"]["code"] == "forbidden"
    assert listing.status_code == 403 and patch.status_code == 403


async def test_list_change_role_and_protect_own_account(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        await f.citizen("lucia@example.com")
        cso = await f.staff(admin, "cso", "osc@example.org", organization="Transparencia Mexicana")
        await f.staff(admin, "inai", "inai@example.org", organization="INAI")
        first = await client.get(f"{AUTH}/staff", headers=admin, params={"limit": 2})
        rest = await client.get(
            f"{AUTH}/staff", headers=admin, params={"cursor": first.json()["next_cursor"]}
        )
        only_cso = await client.get(f"{AUTH}/staff", headers=admin, params={"role": "cso"})
        promoted = await client.patch(
            f"{AUTH}/staff/{cso['user']['id']}",
            headers=admin,
            json={"role": "committee", "organization": "Núcleo de OSC"},
        )
        me = await client.get(f"{AUTH}/me", headers=admin)
        self_off = await client.patch(
            f"{AUTH}/staff/{me.json()['id']}", headers=admin, json={"is_active": False}
        )
        missing = await client.patch(f"{AUTH}/staff/nope", headers=admin, json={"is_active": False})
    emails = [u["email"] for u in first.json()["items"] + rest.json()["items"]]
    assert emails == sorted(["admin@example.com", "osc@example.org", "inai@example.org"])
    assert "lucia@example.com" not in emails  # citizens are not staff
    assert [u["email"] for u in only_cso.json()["items"]] == ["osc@example.org"]
    assert promoted.status_code == 200
    assert promoted.json()["role"] == "committee"
    assert promoted.json()["organization"] == "Núcleo de OSC"
    assert promoted.json()["sector"] == "cso"  # sector stays: the person is still from a CSO
    assert self_off.status_code == 409
    assert self_off.json()["error"]["code"] == "cannot_change_own_account"
    assert missing.status_code == 404


async def test_staff_email_must_be_unique_and_role_known(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        await f.citizen("lucia@example.com")
        taken = await client.post(
            f"{AUTH}/staff", headers=admin, json={**STAFF, "email": "LUCIA@example.com"}
        )
        unknown_role = await client.post(
            f"{AUTH}/staff", headers=admin, json={**STAFF, "role": "citizen"}
        )
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "email_taken"
    assert unknown_role.status_code == 422


async def test_the_committee_reads_the_staff_directory_but_does_not_change_it(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        await f.staff(admin, "cso", "osc@example.org", organization="Transparencia Mexicana")
        created = await f.staff(admin, "committee", "comite@example.gob.mx")
        temporary = created["temporary_password"]
        first, secret = await f.enrol_mfa("comite@example.gob.mx", temporary)
        changed = await client.post(
            f"{AUTH}/me/password",
            headers=bearer(first),
            json={"current_password": temporary, "new_password": "Nopal-Lluvia-77"},
        )
        assert changed.status_code == 204, changed.text
        totp = pyotp.TOTP(secret).at(time.time() + 30)  # the enrolment used this step's code
        committee = bearer(await f.tokens("comite@example.gob.mx", "Nopal-Lluvia-77", totp=totp))
        listing = await client.get(f"{AUTH}/staff", headers=committee, params={"role": "cso"})
        create = await client.post(f"{AUTH}/staff", headers=committee, json=STAFF)
        patch = await client.patch(
            f"{AUTH}/staff/{created['user']['id']}", headers=committee, json={"role": "admin"}
        )
    assert listing.status_code == 200, listing.text
    assert [u["email"] for u in listing.json()["items"]] == ["osc@example.org"]
    assert create.status_code == 403 and patch.status_code == 403
