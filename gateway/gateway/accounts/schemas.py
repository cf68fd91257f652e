"""Request and response bodies of ``/api/v1/auth``."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from kit.pagination import Page
from reference.roles import StaffRole

Purpose = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,59}$")]
Scope = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.:-]{1,79}$")]
# The policy (8–128, not common, not personal) is checked in passwords.py so that it
# answers ``weak_password``; this bound only keeps absurd inputs out.
Password = Annotated[str, Field(min_length=1, max_length=1024, examples=["Maíz-Azul-Rayo-42"])]
DisplayName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
TotpCode = Annotated[str, Field(pattern=r"^\s*\d{3}\s?\d{3}\s*$", examples=["492039"])]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class RegisterRequest(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "lucia.hernandez@example.com",
                    "password": "Maíz-Azul-Rayo-42",
                    "display_name": "Lucía Hernández",
                    "privacy_notice_version": "2026-01",
                    "privacy_purposes": ["participation", "statistics"],
                }
            ]
        }
    )

    email: EmailStr = Field(examples=["lucia.hernandez@example.com"])
    password: Password
    display_name: DisplayName = Field(examples=["Lucía Hernández"])
    privacy_notice_version: str = Field(max_length=40, examples=["2026-01"])
    privacy_purposes: list[Purpose] = Field(
        default_factory=list,
        max_length=20,
        examples=[["participation", "statistics"]],
        description="Finalidades del aviso de privacidad que la persona aceptó.",
    )


class UserRead(BaseModel):
    """A person's profile (never a secret)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "5f0c2a7e9b1d4c3aa1e2f3b4c5d6e7f8",
                    "email": "lucia.hernandez@example.com",
                    "display_name": "Lucía Hernández",
                    "role": "citizen",
                    "organization": None,
                    "sector": None,
                    "is_active": True,
                    "email_verified": True,
                    "mfa_enabled": False,
                    "must_change_password": False,
                    "privacy_notice_version": "2026-01",
                    "privacy_purposes": ["participation"],
                    "created_at": "2026-01-15T10:00:00Z",
                }
            ]
        },
    )

    id: str
    email: str
    display_name: str
    role: str
    organization: str | None
    sector: str | None
    is_active: bool
    email_verified: bool
    mfa_enabled: bool
    must_change_password: bool
    privacy_notice_version: str | None
    privacy_purposes: list[str]
    created_at: datetime


class VerifyEmailRequest(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "lucia.hernandez@example.com", "code": "048213"}]}
    )

    email: EmailStr = Field(examples=["lucia.hernandez@example.com"])
    code: str = Field(pattern=r"^\d{6}$", examples=["048213"])


class ResendVerificationRequest(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "lucia.hernandez@example.com"}]}
    )

    email: EmailStr = Field(examples=["lucia.hernandez@example.com"])


class StatusRead(BaseModel):
    status: str = Field(examples=["sent"])


class LoginRequest(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email": "lucia.hernandez@example.com", "password": "Maíz-Azul-Rayo-42"}]
        }
    )

    email: EmailStr = Field(examples=["lucia.hernandez@example.com"])
    password: Password
    totp: TotpCode | None = Field(
        default=None,
        description="Código TOTP; obligatorio si la cuenta tiene verificación en dos pasos.",
    )


class TokenPair(BaseModel):
    access_token: str = Field(examples=["eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0..."])
    refresh_token: str = Field(examples=["kq1Yc0Zr3Vw6Bm8...Xo"])
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a token type, not a secret)
    expires_in: int = Field(description="Segundos de vida del token de acceso.", examples=[600])


class RefreshRequest(Strict):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"refresh_token": "kq1Yc0Zr3Vw6Bm8Tn2Xo"}]}
    )

    refresh_token: str = Field(min_length=10, max_length=200)


class PasswordChange(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"current_password": "Maíz-Azul-Rayo-42", "new_password": "Ahuehuete-Sol-2026"}
            ]
        }
    )

    current_password: Password
    new_password: Password


class MfaSetupRequest(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{}]})

    setup_token: str | None = Field(
        default=None,
        max_length=200,
        description="El que entregó el inicio de sesión (`details.setup_token`); sin él, se "
        "usa el token de acceso del encabezado Authorization.",
    )


class MfaSetupRead(BaseModel):
    secret: str = Field(examples=["JBSWY3DPEHPK3PXP"])
    otpauth_uri: str = Field(
        examples=["otpauth://totp/Cocrea:admin%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Cocrea"]
    )


class MfaConfirmRequest(MfaSetupRequest):
    model_config = ConfigDict(json_schema_extra={"examples": [{"code": "492039"}]})
    code: TotpCode


class MfaConfirmed(BaseModel):
    mfa_enabled: bool = True
    tokens: TokenPair | None = Field(
        default=None,
        description="Sesión iniciada, cuando la configuración empezó con un "
        "setup_token (contraseña y código ya verificados).",
    )


class StaffCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "enlace.transparencia@example.gob.mx",
                    "display_name": "Mariana López",
                    "role": "government",
                    "organization": "Secretaría de la Función Pública",
                }
            ]
        }
    )

    email: EmailStr = Field(examples=["enlace.transparencia@example.gob.mx"])
    display_name: DisplayName = Field(examples=["Mariana López"])
    role: StaffRole = Field(examples=["government"])
    organization: str | None = Field(
        default=None, min_length=2, max_length=200, examples=["Secretaría de la Función Pública"]
    )
    sector: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_]{1,39}$",
        examples=["government"],
        description="Sector del actor; por omisión, el rol si es government, cso o inai.",
    )


class StaffCreated(BaseModel):
    user: UserRead
    temporary_password: str = Field(
        description="Se muestra una sola vez; también se envió por correo.",
        examples=["3vQ9-xW2pL7mZk0a"],
    )


class StaffUpdate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"organization": "Secretaría Anticorrupción", "is_active": True}]
        }
    )

    display_name: DisplayName | None = None
    role: StaffRole | None = None
    organization: str | None = Field(default=None, min_length=2, max_length=200)
    sector: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]{1,39}$")
    is_active: bool | None = Field(default=None, examples=[False])
    reset_mfa: bool = Field(
        default=False,
        description="Borra la verificación en dos pasos "
        "(dispositivo perdido); se configura de nuevo al iniciar sesión.",
    )


StaffList = Page[UserRead]


class ClientCreate(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Tablero SESNA",
                    "organization": "Secretaría Ejecutiva del Sistema Nacional Anticorrupción",
                    "scopes": ["tracking:read", "tracking:progress"],
                }
            ]
        }
    )

    name: str = Field(min_length=2, max_length=120, examples=["Tablero SESNA"])
    organization: str = Field(
        min_length=2,
        max_length=200,
        examples=["Secretaría Ejecutiva del Sistema Nacional Anticorrupción"],
    )
    scopes: list[Scope] = Field(
        default_factory=list, max_length=30, examples=[["tracking:read", "tracking:progress"]]
    )


class ClientRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, validate_by_name=True)

    client_id: str = Field(validation_alias="id", examples=["cli_3f9a1c0b7d2e4f68"])
    name: str
    organization: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None


class ClientCreated(ClientRead):
    client_secret: str = Field(
        description="Se muestra una sola vez; guárdalo en un lugar seguro.", examples=["hD2k...9sQ"]
    )


ClientList = Page[ClientRead]


class ClientTokenForm(BaseModel):
    """``application/x-www-form-urlencoded`` body of ``POST /token`` (RFC 6749 §4.4)."""

    grant_type: str = Field(default="", max_length=60, examples=["client_credentials"])
    client_id: str | None = Field(default=None, max_length=80, examples=["cli_3f9a1c0b7d2e4f68"])
    client_secret: str | None = Field(default=None, max_length=200)
    scope: str | None = Field(default=None, max_length=2000, examples=["tracking:read"])


class ClientTokenRead(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a token type, not a secret)
    expires_in: int = Field(examples=[600])
    scope: str = Field(examples=["tracking:read"])


class MailRead(BaseModel):
    id: str
    to: str
    subject: str
    body: str
    kind: str
    data: dict
    sent_at: datetime


class MailboxRead(BaseModel):
    items: list[MailRead]


class Jwks(BaseModel):
    keys: list[dict] = Field(
        examples=[
            [{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256", "n": "0vx7...", "e": "AQAB"}]
        ]
    )
