"""Citizen accounts as a person meets them: register, confirm the e-mail, log in, stay
logged in, log out."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from kit import audit
from tests.gateway.conftest import AUTH, PASSWORD, bearer


def _registration(email: str = "lucia@example.com", **changes) -> dict:
    body = {
        "email": email,
        "password": PASSWORD,
        "display_name": "Lucía Hernández",
        "privacy_notice_version": "2026-01",
        "privacy_purposes": ["participation", "statistics"],
    }
    return {**body, **changes}


async def test_register_verify_login_refresh_logout(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        created = await client.post(f"{AUTH}/register", json=_registration("Lucia@Example.com"))
        assert created.status_code == 201
        user = created.json()
        assert user["email"] == "lucia@example.com"
        assert user["role"] == "citizen" and user["email_verified"] is False
        assert "password_hash" not in created.text and "argon2" not in created.text

        unverified = await f.login("lucia@example.com")
        assert unverified.status_code == 403
        assert unverified.json()["error"]["code"] == "email_not_verified"

        [message] = await f.mailbox("lucia@example.com")
        assert message["kind"] == "email_verification"
        code = message["data"]["code"]
        assert len(code) == 6 and code in message["body"]
        verified = await client.post(
            f"{AUTH}/verify-email", json={"email": "LUCIA@example.com", "code": code}
        )
        assert verified.status_code == 200 and verified.json()["email_verified"] is True

        tokens = await f.tokens("lucia@example.com")
        assert tokens["token_type"] == "bearer" and 0 < tokens["expires_in"] <= 900
        me = await client.get(f"{AUTH}/me", headers=bearer(tokens))
        assert me.status_code == 200
        assert me.json()["id"] == user["id"]
        assert me.json()["privacy_notice_version"] == "2026-01"
        assert me.json()["privacy_purposes"] == ["participation", "statistics"]
        assert me.json()["mfa_enabled"] is False

        first = tokens["refresh_token"]
        rotated = await client.post(f"{AUTH}/refresh", json={"refresh_token": first})
        assert rotated.status_code == 200
        second = rotated.json()["refresh_token"]
        assert second != first
        assert (await client.get(f"{AUTH}/me", headers=bearer(rotated.json()))).status_code == 200

        reused = await client.post(f"{AUTH}/refresh", json={"refresh_token": first})
        assert reused.status_code == 401
        assert reused.json()["error"]["code"] == "refresh_token_reused"
        # The reuse revoked the whole family: the legitimate newer token is dead too.
        after = await client.post(f"{AUTH}/refresh", json={"refresh_token": second})
        assert after.status_code == 401

        again = await f.tokens("lucia@example.com")
        out = await client.post(f"{AUTH}/logout", json={"refresh_token": again["refresh_token"]})
        assert out.status_code == 204
        gone = await client.post(f"{AUTH}/refresh", json={"refresh_token": again["refresh_token"]})
        assert gone.status_code == 401
        assert gone.json()["error"]["code"] == "invalid_refresh_token"


async def test_duplicate_email_is_refused_case_insensitively(start_gateway, flows):
    async with start_gateway() as client:
        await flows(client).register("lucia@example.com")
        again = await client.post(f"{AUTH}/register", json=_registration("LUCIA@example.COM"))
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "email_taken"
    assert error["message"].startswith("No pudimos crear la cuenta")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("corto1!", "length"),
        ("x" * 129, "length"),
        ("password1", "common"),
        ("Qwerty123", "common"),
        ("lucia@example.com", "personal"),
        ("Lucía Hernández", "personal"),
    ],
)
async def test_weak_passwords_are_refused(start_gateway, flows, password, reason):
    async with start_gateway() as client:
        response = await client.post(f"{AUTH}/register", json=_registration(password=password))
        login = await flows(client).login("lucia@example.com", password)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "weak_password"
    assert error["details"]["reason"] == reason
    assert "contraseña" in error["message"].lower()
    assert login.status_code == 401  # nothing was created


async def test_outdated_privacy_notice_is_refused(start_gateway):
    async with start_gateway(privacy_notice_version="2026-02") as client:
        response = await client.post(f"{AUTH}/register", json=_registration())
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "privacy_notice_mismatch"
    assert error["details"] == {"current_version": "2026-02"}


async def test_wrong_codes_are_counted_and_spend_the_code(start_gateway, flows):
    async with start_gateway() as client:
        f = flows(client)
        await f.register("lucia@example.com", verify=False)
        code = await f.last_code("lucia@example.com")
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"

        async def attempt(value: str):
            body = {"email": "lucia@example.com", "code": value}
            return await client.post(f"{AUTH}/verify-email", json=body)

        answers = [await attempt(wrong) for _ in range(5)]
        late = await attempt(code)
        resent = await client.post(
            f"{AUTH}/verify-email/resend", json={"email": "lucia@example.com"}
        )
        still_spent = await attempt(await f.last_code("lucia@example.com"))
        async with client.app.state.db.transaction() as session:  # half an hour later
            await session.execute(
                text("UPDATE email_verification SET created_at = :at"),
                {"at": datetime.now(UTC) - timedelta(minutes=31)},
            )
        await client.post(f"{AUTH}/verify-email/resend", json={"email": "lucia@example.com"})
        ok = await attempt(await f.last_code("lucia@example.com"))
    assert [a.json()["error"]["code"] for a in answers] == ["invalid_verification_code"] * 5
    assert answers[-1].json()["error"]["details"] == {"attempts_left": 0}
    assert late.status_code == 422
    assert late.json()["error"]["code"] == "verification_code_expired"
    assert resent.status_code == 202
    # A resend gives no new guesses: the spent count stays until its half hour is over.
    assert still_spent.json()["error"]["code"] == "verification_code_expired"
    assert ok.status_code == 200 and ok.json()["email_verified"] is True


async def test_resend_answers_the_same_for_unknown_addresses(start_gateway, flows):
    async with start_gateway() as client:
        unknown = await client.post(f"{AUTH}/verify-email/resend", json={"email": "x@example.com"})
        assert await flows(client).mailbox("x@example.com") == []
        bad = await client.post(
            f"{AUTH}/verify-email", json={"email": "x@example.com", "code": "123456"}
        )
    assert unknown.status_code == 202 and unknown.json() == {"status": "sent"}
    assert bad.json()["error"]["code"] == "invalid_verification_code"


async def test_citizens_log_in_unverified_when_verification_is_off(start_gateway, flows):
    async with start_gateway(email_verification_required=False) as client:
        f = flows(client)
        await f.register("lucia@example.com", verify=False)
        me = await client.get(f"{AUTH}/me", headers=bearer(await f.tokens("lucia@example.com")))
    assert me.status_code == 200
    assert me.json()["email_verified"] is False


async def test_registration_is_rate_limited_per_address(start_gateway):
    async with start_gateway(register_limit_per_ip="2/hour") as client:
        codes = [
            (await client.post(f"{AUTH}/register", json=_registration(f"p{i}@example.com")))
            for i in range(3)
        ]
    assert [c.status_code for c in codes] == [201, 201, 429]
    assert int(codes[-1].headers["retry-after"]) >= 1
    assert codes[-1].json()["error"]["code"] == "rate_limited"


async def test_dev_mailbox_does_not_exist_in_production(start_gateway):
    production = {"environment": "production", "pseudonym_secret": "p" * 32}
    production["website_url"] = "https://cocrea.example.org"
    async with start_gateway(**production, smtp_host="127.0.0.1") as client:
        response = await client.get(f"{AUTH}/dev/mailbox", params={"email": "a@example.com"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_production_refuses_to_start_without_an_smtp_server(start_gateway):
    production = {"environment": "production", "pseudonym_secret": "p" * 32}
    production["website_url"] = "https://cocrea.example.org"
    with pytest.raises(RuntimeError, match="GATEWAY_SMTP_HOST"):
        async with start_gateway(**production):
            pass


async def test_changes_are_audited_and_the_audit_log_is_append_only(start_gateway, flows):
    async with start_gateway() as client:
        user = await flows(client).register("lucia@example.com")
        with pytest.raises(Exception, match="append-only"):
            async with client.app.state.db.transaction() as session:
                await session.execute(text("DELETE FROM audit_entry"))
        async with client.app.state.db.transaction(read_only=True) as session:
            entries = await audit.history(session, "user", user["id"])
    assert [e["action"] for e in entries] == [
        "user.registered",
        "user.verification_code_sent",
        "user.email_verified",
    ]
    assert entries[0]["actor_sub"] == user["id"] and entries[0]["actor_role"] == "citizen"
    assert entries[2]["before"]["email_verified"] is False
    assert entries[2]["after"]["email_verified"] is True
    assert "password_hash" not in str(entries)
