"""``/api/v1/auth``: registration, verification, sessions, MFA and the agency token
endpoint; plus ``/.well-known/jwks.json``. Handlers are thin: one service call each."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from pydantic import EmailStr

from gateway.accounts import clients, mfa, registration, sessions, users
from gateway.accounts.admin_routes import router as admin_router
from gateway.accounts.deps import (
    ClientIp,
    CurrentPerson,
    DatabaseDep,
    LimiterDep,
    MailRelayDep,
    MailTransportDep,
    SettingsDep,
    SignerDep,
)
from gateway.accounts.privacy_routes import router as privacy_router
from gateway.accounts.schemas import (
    ClientTokenForm,
    ClientTokenRead,
    Jwks,
    LoginRequest,
    MailboxRead,
    MfaConfirmed,
    MfaConfirmRequest,
    MfaSetupRead,
    MfaSetupRequest,
    PasswordChange,
    RefreshRequest,
    RegisterRequest,
    ResendVerificationRequest,
    StatusRead,
    TokenPair,
    UserRead,
    VerifyEmailRequest,
)
from gateway.accounts.transactions import run_in_transaction
from gateway.mail.channel import settle
from gateway.mail.routes import router as mail_router
from gateway.mail.transports import DevMailbox
from kit.auth import OptionalPrincipal
from kit.db import SessionDep
from kit.errors import NotFound, error_responses

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
router.include_router(admin_router)
router.include_router(mail_router)
router.include_router(privacy_router)
well_known_router = APIRouter(tags=["auth"])
_basic = HTTPBasic(auto_error=False, description="client_id y client_secret del cliente de API")


@router.post(
    "/register", status_code=201, response_model=UserRead, responses=error_responses(409, 422, 429)
)
async def register(
    session: SessionDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    ip: ClientIp,
    data: RegisterRequest,
) -> UserRead:
    """Create a citizen account. The current privacy notice version must be accepted; a
    6-digit code is mailed to confirm the address (valid 30 minutes)."""
    user = await registration.register(session, settings, limiter, ip, data)
    return UserRead.model_validate(user)


@router.post("/verify-email", response_model=UserRead, responses=error_responses(422, 429))
async def verify_email(
    db: DatabaseDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    ip: ClientIp,
    data: VerifyEmailRequest,
) -> UserRead:
    """Confirm the address with the mailed code. Five wrong codes spend it (a new code
    does not give five more before its half hour is over); attempts are limited per
    address too (429)."""
    await registration.check_verify_rate(settings, limiter, ip)
    user = await run_in_transaction(db, registration.verify_email, settings, data.email, data.code)
    return UserRead.model_validate(user)


@router.post(
    "/verify-email/resend",
    status_code=202,
    response_model=StatusRead,
    responses=error_responses(422, 429),
)
async def resend_verification(
    session: SessionDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    data: ResendVerificationRequest,
) -> StatusRead:
    """Mail a new code. The answer is the same whether or not the address is registered."""
    await registration.resend_code(session, settings, limiter, data.email)
    return StatusRead(status="sent")


@router.get("/dev/mailbox", response_model=MailboxRead, include_in_schema=False)
async def dev_mailbox(
    settings: SettingsDep,
    transport: MailTransportDep,
    relay: MailRelayDep,
    email: Annotated[EmailStr, Query()],
) -> MailboxRead:
    """Messages sent to an address (dev and test only; 404 in production). Mail still in
    the outbox is delivered first, so a client sees what it just caused."""
    if settings.environment == "production" or not isinstance(transport, DevMailbox):
        raise NotFound()
    await settle(relay)
    return MailboxRead.model_validate({"items": transport.messages_for(email)})


@router.post("/login", response_model=TokenPair, responses=error_responses(401, 403, 422, 429))
async def login(
    db: DatabaseDep,
    settings: SettingsDep,
    signer: SignerDep,
    limiter: LimiterDep,
    ip: ClientIp,
    data: LoginRequest,
) -> TokenPair:
    """Log in with e-mail and password (plus `totp` when the account has two-step
    verification). Committee members and admins without it get 403 `mfa_setup_required`
    with `details.setup_token` for `/mfa/setup` and `/mfa/confirm`. Failed attempts are
    throttled per account and per address (429 with Retry-After)."""
    return await sessions.login(db, settings, signer, limiter, ip, data)


@router.post("/refresh", response_model=TokenPair, responses=error_responses(401, 422))
async def refresh(
    db: DatabaseDep, settings: SettingsDep, signer: SignerDep, data: RefreshRequest
) -> TokenPair:
    """Exchange a refresh token for a new pair; the old one stops working. Presenting an
    already used token ends the whole session (401 `refresh_token_reused`)."""
    return await run_in_transaction(db, sessions.refresh, settings, signer, data.refresh_token)


@router.post("/logout", status_code=204, responses=error_responses(422))
async def logout(session: SessionDep, data: RefreshRequest) -> Response:
    """End the session the refresh token belongs to."""
    await sessions.logout(session, data.refresh_token)
    return Response(status_code=204)


@router.get("/me", response_model=UserRead, responses=error_responses(401, 403))
async def me(session: SessionDep, person: CurrentPerson) -> UserRead:
    """The profile of the person the access token belongs to."""
    return UserRead.model_validate(await users.profile(session, person))


@router.post("/me/password", status_code=204, responses=error_responses(401, 403, 422, 429))
async def change_password(
    session: SessionDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    person: CurrentPerson,
    data: PasswordChange,
) -> Response:
    """Change the password (required after a temporary one); every session ends. Wrong
    current passwords are throttled per account (429)."""
    await sessions.change_password(
        session, settings, limiter, person, data.current_password, data.new_password
    )
    return Response(status_code=204)


@router.post(
    "/mfa/setup", response_model=MfaSetupRead, responses=error_responses(401, 403, 409, 422)
)
async def mfa_setup(
    session: SessionDep,
    settings: SettingsDep,
    principal: OptionalPrincipal,
    data: MfaSetupRequest,
) -> MfaSetupRead:
    """Start two-step verification: a secret and an `otpauth://` URI for an authenticator
    app. Authorised by the login's `setup_token` or by a Bearer access token."""
    return await mfa.begin_setup(session, settings, principal, data.setup_token)


@router.post(
    "/mfa/confirm", response_model=MfaConfirmed, responses=error_responses(401, 403, 409, 422, 429)
)
async def mfa_confirm(
    session: SessionDep,
    settings: SettingsDep,
    signer: SignerDep,
    limiter: LimiterDep,
    principal: OptionalPrincipal,
    data: MfaConfirmRequest,
) -> MfaConfirmed:
    """Finish the setup with the app's current code. Started from a login, the answer
    also carries the session tokens."""
    return await mfa.confirm(
        session, settings, signer, limiter, principal, data.setup_token, data.code
    )


@router.post(
    "/token", response_model=ClientTokenRead, responses=error_responses(400, 401, 422, 429)
)
async def client_token(
    db: DatabaseDep,
    signer: SignerDep,
    settings: SettingsDep,
    limiter: LimiterDep,
    ip: ClientIp,
    basic: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
    form: Annotated[ClientTokenForm, Form()],
) -> ClientTokenRead:
    """OAuth 2.0 client credentials for agency API clients (form-encoded). The id and
    secret go in the form or in HTTP Basic; `scope` (space-separated) must be a subset of
    the client's scopes."""
    client_id, client_secret = form.client_id, form.client_secret
    if basic is not None:
        client_id, client_secret = basic.username, basic.password
    return await clients.client_credentials(
        db,
        signer,
        limiter,
        failures=(settings.login_limit_per_ip, "token-ip", ip),
        grant_type=form.grant_type,
        client_id=client_id,
        client_secret=client_secret,
        scope=form.scope,
    )


@well_known_router.get("/.well-known/jwks.json", response_model=Jwks)
async def jwks(request: Request) -> JSONResponse:
    """The public keys that verify the gateway's access tokens (RS256)."""
    return JSONResponse(
        request.app.state.keyring.jwks, headers={"Cache-Control": "public, max-age=300"}
    )
