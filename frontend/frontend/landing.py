"""Where a person goes right after signing in: a temporary password first leads to its
change; then where they were going; else staff land on their own work (admin →
/administracion, Committee → /comite, working-group members → their groups, staff in no
group → territorial capture) and citizens on their account."""

from frontend.gateway import ApiError, GatewayClient, GatewayUnavailable
from frontend.session import Visitor, claims
from reference.roles import SECTOR_ROLES

PASSWORD_PAGE = "/cuenta/contrasena"  # noqa: S105 (a page path)
CAPTURE_PAGE = "/captura-territorial"
ROLE_HOMES = {"admin": "/administracion", "committee": "/comite"}


def must_change_password(visitor: Visitor) -> bool:
    return bool(visitor.token) and claims(visitor.token or "").get("pwd_change") is True


def safe_next(target: str) -> str:
    """Only paths of this site are followed after sign-in: never ``//other.example``, nor
    ``/\\other.example``, which browsers read the same way."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else ""


async def _has_groups(gateway: GatewayClient, visitor: Visitor) -> bool:
    try:
        found = await gateway.call("GET", "/api/v1/roadmaps/me/working-groups", token=visitor.token)
    except (ApiError, GatewayUnavailable):
        return True  # cannot tell now: /grupos explains itself
    return bool(isinstance(found, dict) and found.get("items"))


async def landing(gateway: GatewayClient, visitor: Visitor, next_path: str = "") -> str:
    """The first page after sign-in for this visitor."""
    if must_change_password(visitor):
        return PASSWORD_PAGE
    if target := safe_next(next_path):
        return target
    if visitor.role in ROLE_HOMES:
        return ROLE_HOMES[visitor.role]
    if visitor.role in SECTOR_ROLES:
        return "/grupos" if await _has_groups(gateway, visitor) else CAPTURE_PAGE
    return "/cuenta"
