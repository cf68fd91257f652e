"""The roles a person holds inside a working group (not their platform role).

The two responsible persons each answer for one side: the government's and civil
society's. A roadmap is agreed between those two sides.
"""

from typing import Literal

GroupRole = Literal["responsible_public_servant", "responsible_cso_person", "member"]
GROUP_ROLES: dict[str, str] = {
    "responsible_public_servant": "Servidor público responsable",
    "responsible_cso_person": "Persona de sociedad civil responsable",
    "member": "Integrante",
}
# A responsible person belongs to the side they answer for.
ROLE_SECTOR: dict[str, str] = {
    "responsible_public_servant": "government",
    "responsible_cso_person": "cso",
}
RESPONSIBLE_ROLES = tuple(ROLE_SECTOR)
# The sides a roadmap is agreed between: the sectors of the responsible persons.
RESPONSIBLE_SECTORS = frozenset(ROLE_SECTOR.values())
