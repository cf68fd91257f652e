"""Tables of the gateway database (its own SQLModel registry and metadata).

Secrets are never stored in the clear: passwords and API client secrets as argon2id
hashes, refresh, setup and e-mail verification tokens as SHA-256/HMAC digests.
"""

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import JSON, Column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from kit.tables import install_kit_tables


class GatewayModel(SQLModel, registry=registry()):
    """Base of every table in the gateway's database."""


kit_tables = install_kit_tables(GatewayModel.metadata)


def _now() -> datetime:
    return datetime.now(UTC)


def _id() -> str:
    return uuid4().hex


class UserAccount(GatewayModel, table=True):
    """A person: a citizen who registered or a staff member an admin created.

    ``role`` is the RBAC vocabulary; ``organization`` and ``sector`` are data, so an actor
    (an agency, a CSO, the transparency institute) can be renamed without a code change.
    """

    __tablename__ = "user_account"

    id: str = Field(default_factory=_id, primary_key=True, max_length=32)
    # Stored lower-cased: the unique index makes addresses unique case-insensitively.
    email: str = Field(max_length=320, unique=True, index=True)
    display_name: str = Field(max_length=120)
    password_hash: str | None = Field(default=None, max_length=255)
    must_change_password: bool = False
    # When the temporary password was issued: it expires (accounts/lifetimes.py).
    temporary_password_issued_at: datetime | None = None
    role: str = Field(default="citizen", max_length=20, index=True)
    organization: str | None = Field(default=None, max_length=200)
    sector: str | None = Field(default=None, max_length=40)
    is_active: bool = True
    email_verified_at: datetime | None = None
    privacy_notice_version: str | None = Field(default=None, max_length=40)
    privacy_purposes: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    privacy_accepted_at: datetime | None = None
    # TOTP: the enrolled secret, a pending one during setup (both sealed: accounts/totp.py),
    # and the last accepted time step (a code is accepted once; this stops a replay).
    mfa_secret: str | None = Field(default=None, max_length=255)
    mfa_enabled_at: datetime | None = None
    mfa_last_step: int = 0
    mfa_pending_secret: str | None = Field(default=None, max_length=255)
    mfa_setup_token_hash: str | None = Field(default=None, max_length=64, index=True)
    mfa_setup_expires_at: datetime | None = None
    created_at: datetime = Field(default_factory=_now)
    updated_at: datetime = Field(default_factory=_now)
    last_login_at: datetime | None = None

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def mfa_enabled(self) -> bool:
        return self.mfa_secret is not None


class EmailVerification(GatewayModel, table=True):
    """The one pending 6-digit code of an account (a resend replaces it)."""

    __tablename__ = "email_verification"

    user_id: str = Field(
        primary_key=True, max_length=32, foreign_key="user_account.id", ondelete="CASCADE"
    )
    code_hash: str = Field(max_length=64)
    expires_at: datetime
    attempts: int = 0
    created_at: datetime = Field(default_factory=_now)


class RefreshToken(GatewayModel, table=True):
    """One opaque refresh token; every rotation adds a row to the same family."""

    __tablename__ = "refresh_token"

    id: str = Field(default_factory=_id, primary_key=True, max_length=32)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    family_id: str = Field(max_length=32, index=True)
    user_id: str = Field(
        max_length=32, foreign_key="user_account.id", index=True, ondelete="CASCADE"
    )
    created_at: datetime = Field(default_factory=_now)
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None


class AccessCutoff(GatewayModel, table=True):
    """The subject's access tokens issued before ``cutoff_at`` are refused (gateway/cutoffs.py)."""

    __tablename__ = "access_cutoff"

    sub: str = Field(primary_key=True, max_length=80)
    cutoff_at: datetime = Field(index=True)


class ApiClient(GatewayModel, table=True):
    """An agency's API client for the ``client_credentials`` grant."""

    __tablename__ = "api_client"

    id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=120)
    organization: str = Field(max_length=200)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    secret_hash: str = Field(max_length=255)
    created_by: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(default_factory=_now)
    revoked_at: datetime | None = None
