"""The people's roles and the named sets of them that rules are written with.

A rule names its set (``VOTERS``, ``WORKING_GROUP``…) instead of spelling roles out, so a
role added to the platform is added to the sets it belongs to in one place. ``admin``
passes every role check by itself (``kit.auth``); the sets list it only where a rule is a
plain membership test outside those checks.
"""

from typing import Literal, get_args

Role = Literal["citizen", "government", "cso", "inai", "committee", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
ROLE_NAMES: dict[str, str] = {
    "citizen": "Ciudadanía",
    "government": "Gobierno",
    "cso": "Sociedad civil",
    "inai": "Órgano garante",
    "committee": "Comité Coordinador",
    "admin": "Administración",
}
StaffRole = Literal["government", "cso", "inai", "committee", "admin"]

# Who casts votes in a consultation.
VOTERS = frozenset({"citizen", "admin"})
# The three sectors a working group is made of (each person's role is their sector).
SECTOR_ROLES = frozenset({"government", "cso", "inai"})
# Who works on roadmaps and the consultation's staff side: the sectors and the Committee.
WORKING_GROUP = SECTOR_ROLES | {"committee"}
# Everybody who is not a citizen.
STAFF = WORKING_GROUP | {"admin"}
# The Coordinating Committee and the platform's administrators.
COMMITTEE = frozenset({"committee", "admin"})
# Who reports progress on the tablero, and who validates it (dual validation).
REPORTERS = frozenset({"government", "admin"})
VALIDATORS = frozenset({"cso", "committee", "admin"})
assert set(ROLE_NAMES) == set(ROLES)
assert set(get_args(StaffRole)) == STAFF
