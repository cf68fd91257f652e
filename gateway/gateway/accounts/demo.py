"""Demo accounts for a development deployment (``python -m gateway seed-demo-accounts``).

One per role, with organizations of Mexico's 4th action plan, a shared known password and,
for the roles that require it, two-step verification already enrolled: the TOTP secret is
printed so it can be loaded into an authenticator app (or used with ``pyotp``). Running it
again creates only what is missing and prints the same data.
"""

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from gateway.accounts import totp
from gateway.accounts.users import MFA_REQUIRED_ROLES, create_account, find_by_email, now
from gateway.config import GatewaySettings
from gateway.models import UserAccount
from kit.demo import DemoPerson
from reference.roles import VALIDATORS

# They validate official progress, which needs two-step verification (route_table.yaml);
# the órgano garante's demo account has it too.
VALIDATOR_ROLES = VALIDATORS | {"inai"}
DEMO_PASSWORD = "Cocrea-Demo-2026"  # noqa: S105 (dev-only demo data, printed on purpose)
SFP = "Secretaría de la Función Pública"
INAI = (
    "Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos Personales"
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: str
    organization: str | None
    sector: str | None


DEMO_ACCOUNTS = (
    DemoAccount("admin@cocrea.example", "Administración de Cocrea", "admin", SFP, "government"),
    DemoAccount(
        "comite.sfp@cocrea.example", "Laura Méndez (Comité, SFP)", "committee", SFP, "government"
    ),
    DemoAccount(
        "enlace.bienestar@cocrea.example",
        "Jorge Ramírez (Secretaría de Bienestar)",
        "government",
        "Secretaría de Bienestar",
        "government",
    ),
    DemoAccount(
        "osc.tm@cocrea.example",
        "Sofía Castro (Transparencia Mexicana)",
        "cso",
        "Transparencia Mexicana",
        "cso",
    ),
    DemoAccount("inai@cocrea.example", "Ricardo Torres (INAI)", "inai", INAI, "inai"),
    DemoAccount("ciudadana@cocrea.example", "María Hernández", "citizen", None, None),
)


@dataclass(frozen=True)
class SeededAccount:
    user: UserAccount
    created: bool
    otpauth_uri: str | None
    secret: str | None = None  # the TOTP secret itself, to print for the demo


async def seed_demo_accounts(
    session: AsyncSession, settings: GatewaySettings
) -> list[SeededAccount]:
    seeded = []
    for account in DEMO_ACCOUNTS:
        user = await find_by_email(session, account.email)
        created = user is None
        if user is None:
            user = await _create(session, settings, account)
        secret = totp.unseal(user.mfa_secret, settings.pseudonym_secret)
        uri = totp.provisioning_uri(secret, user.email, settings.totp_issuer) if secret else None
        seeded.append(SeededAccount(user=user, created=created, otpauth_uri=uri, secret=secret))
    return seeded


async def _create(
    session: AsyncSession, settings: GatewaySettings, account: DemoAccount
) -> UserAccount:
    fields: dict = {"email_verified_at": now()}
    if account.role in MFA_REQUIRED_ROLES | VALIDATOR_ROLES:
        sealed = totp.seal(totp.new_secret(), settings.pseudonym_secret)
        fields.update(mfa_secret=sealed, mfa_enabled_at=now())
    if account.role == "citizen":
        fields.update(
            privacy_notice_version=settings.privacy_notice_version,
            privacy_purposes=["participation"],
            privacy_accepted_at=now(),
        )
    return await create_account(
        session,
        None,
        email=account.email,
        password=DEMO_PASSWORD,
        display_name=account.display_name,
        role=account.role,
        action="user.demo_seeded",
        reason="cli seed-demo-accounts",
        organization=account.organization,
        sector=account.sector,
        **fields,
    )


def demo_person(user: UserAccount) -> DemoPerson:
    """What the services' demo loaders need to know of a demo account."""
    return DemoPerson(
        account_id=user.id,
        email=user.email,
        role=user.role,
        name=user.display_name,
        organization=user.organization or "",
        sector=user.sector or "",
    )
