"""Two-step verification (TOTP): required for the Committee and admins, optional for others."""

import time

import pyotp
import pytest
from cryptography.fernet import InvalidToken

from gateway.accounts import totp
from tests.gateway.conftest import AUTH, PASSWORD, bearer


def _code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


async def test_committee_member_enrols_with_the_setup_token(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        created = await f.staff(admin, "committee", "comite@example.gob.mx")

        refused = await f.login("comite@example.gob.mx", created["temporary_password"])
        assert refused.status_code == 403
        error = refused.json()["error"]
        assert error["code"] == "mfa_setup_required"
        setup_token = error["details"]["setup_token"]
        assert 0 < error["details"]["expires_in"] <= 600

        setup = await client.post(f"{AUTH}/mfa/setup", json={"setup_token": setup_token})
        assert setup.status_code == 200
        secret = setup.json()["secret"]
        assert setup.json()["otpauth_uri"].startswith("otpauth://totp/Cocrea:")
        assert f"secret={secret}" in setup.json()["otpauth_uri"]

        bad = await client.post(
            f"{AUTH}/mfa/confirm", json={"setup_token": setup_token, "code": "000000"}
        )
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_totp"
        enrolled = await client.post(
            f"{AUTH}/mfa/confirm", json={"setup_token": setup_token, "code": _code(secret)}
        )
        assert enrolled.status_code == 200
        me = await client.get(f"{AUTH}/me", headers=bearer(enrolled.json()["tokens"]))
        assert me.json()["mfa_enabled"] is True and me.json()["role"] == "committee"

        spent = await client.post(f"{AUTH}/mfa/setup", json={"setup_token": setup_token})
        assert spent.status_code == 401
        assert spent.json()["error"]["code"] == "invalid_setup_token"


async def test_enrolled_member_needs_a_fresh_code_every_time(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        password = (await f.staff(admin, "committee", "comite@example.gob.mx"))[
            "temporary_password"
        ]
        setup = await f.login("comite@example.gob.mx", password)
        token = setup.json()["error"]["details"]["setup_token"]
        secret = (await client.post(f"{AUTH}/mfa/setup", json={"setup_token": token})).json()[
            "secret"
        ]
        used = _code(secret)
        await client.post(f"{AUTH}/mfa/confirm", json={"setup_token": token, "code": used})

        without = await f.login("comite@example.gob.mx", password)
        replayed = await f.login("comite@example.gob.mx", password, totp=used)
        wrong = await f.login("comite@example.gob.mx", password, totp="123456")
        fresh = _code(secret, steps_ahead=1)
        ok = await f.login("comite@example.gob.mx", password, totp=fresh)
        again = await f.login("comite@example.gob.mx", password, totp=fresh)
    assert without.status_code == 401
    assert without.json()["error"]["code"] == "mfa_required"
    assert replayed.status_code == 401  # the enrolment already used this code
    assert replayed.json()["error"]["code"] == "invalid_totp"
    assert wrong.json()["error"]["code"] == "invalid_totp"
    assert ok.status_code == 200
    assert again.status_code == 401 and again.json()["error"]["code"] == "invalid_totp"


async def test_admin_needs_mfa_too(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        async with client.app.state.db.transaction() as session:
            from gateway.accounts import staff

            await staff.create_admin(
                session,
                email="root@example.com",
                display_name="Raíz",
                password=PASSWORD,
                organization=None,
            )
        refused = await f.login("root@example.com")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "mfa_setup_required"
    assert "setup_token" in refused.json()["error"]["details"]


async def test_citizen_may_opt_in_with_a_session(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        headers = await f.citizen("lucia@example.com")
        anonymous = await client.post(f"{AUTH}/mfa/setup", json={})
        setup = await client.post(f"{AUTH}/mfa/setup", headers=headers, json={})
        secret = setup.json()["secret"]
        confirmed = await client.post(
            f"{AUTH}/mfa/confirm", headers=headers, json={"code": _code(secret)}
        )
        twice = await client.post(f"{AUTH}/mfa/setup", headers=headers, json={})
        without = await f.login("lucia@example.com")
        with_code = await f.login("lucia@example.com", totp=_code(secret, steps_ahead=1))
    assert anonymous.status_code == 401
    assert confirmed.status_code == 200
    assert confirmed.json() == {"mfa_enabled": True, "tokens": None}
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "mfa_already_enabled"
    assert without.json()["error"]["code"] == "mfa_required"
    assert with_code.status_code == 200


async def test_confirm_before_setup_and_bogus_setup_token(start_gateway, flows):
    async with start_gateway() as client:
        headers = await flows(client).citizen("lucia@example.com")
        early = await client.post(f"{AUTH}/mfa/confirm", headers=headers, json={"code": "123456"})
        bogus = await client.post(f"{AUTH}/mfa/setup", json={"setup_token": "x" * 43})
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "mfa_setup_not_started"
    assert bogus.status_code == 401
    assert bogus.json()["error"]["code"] == "invalid_setup_token"


async def test_admin_can_reset_a_lost_device(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        created = await f.staff(admin, "committee", "comite@example.gob.mx")
        await f.enrol_mfa("comite@example.gob.mx", created["temporary_password"])
        reset = await client.patch(
            f"{AUTH}/staff/{created['user']['id']}", headers=admin, json={"reset_mfa": True}
        )
        login = await f.login("comite@example.gob.mx", created["temporary_password"])
    assert reset.status_code == 200 and reset.json()["mfa_enabled"] is False
    assert login.json()["error"]["code"] == "mfa_setup_required"


async def _stored_secrets(app, email: str) -> tuple[str | None, str | None]:
    from gateway.accounts.users import find_by_email

    async with app.state.db.transaction(read_only=True) as session:
        user = await find_by_email(session, email)
    return user.mfa_secret, user.mfa_pending_secret


async def test_totp_secrets_are_stored_sealed(start_gateway, flows):
    email = "comite@example.gob.mx"
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        password = (await f.staff(admin, "committee", email))["temporary_password"]
        token = (await f.login(email, password)).json()["error"]["details"]["setup_token"]
        secret = (await client.post(f"{AUTH}/mfa/setup", json={"setup_token": token})).json()[
            "secret"
        ]
        _, pending = await _stored_secrets(client.app, email)
        await client.post(f"{AUTH}/mfa/confirm", json={"setup_token": token, "code": _code(secret)})
        enrolled, _ = await _stored_secrets(client.app, email)
        # A copy of the database does not give the secret; the right key does.
        key = client.app.state.settings.pseudonym_secret
        for stored in (pending, enrolled):
            assert stored.startswith("enc1:") and secret not in stored
            assert totp.unseal(stored, key) == secret
        with pytest.raises(InvalidToken):
            totp.unseal(enrolled, "another-key")
        assert (await f.login(email, password, totp=_code(secret, 1))).status_code == 200


async def test_a_secret_stored_in_clear_still_works_and_is_sealed_on_use(start_gateway, flows):
    from sqlalchemy import update

    from gateway.models import UserAccount

    email = "comite@example.gob.mx"
    async with start_gateway() as client:
        f = flows(client)
        admin = await f.admin()
        password = (await f.staff(admin, "committee", email))["temporary_password"]
        _, secret = await f.enrol_mfa(email, password)
        async with client.app.state.db.transaction() as session:  # as an earlier version did
            await session.execute(
                update(UserAccount).where(UserAccount.email == email).values(mfa_secret=secret)
            )
        wrong = await f.login(email, password, totp="000000")
        still_clear, _ = await _stored_secrets(client.app, email)
        right = await f.login(email, password, totp=_code(secret, 1))
        sealed, _ = await _stored_secrets(client.app, email)
    assert wrong.status_code == 401 and still_clear == secret
    assert right.status_code == 200, right.text
    assert sealed.startswith("enc1:") and secret not in sealed
