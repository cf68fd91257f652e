"""What the site shows beyond the shared vocabularies of ``libs/reference``."""

from reference.ogp import SELF_ASSESSMENT
from reference.roles import SECTOR_ROLES
from reference.sectors import SECTORS

# A commitment the Committee has not assessed yet (the tablero's ``sin_evaluar``).
NOT_ASSESSED = "sin_evaluar"
SELF_ASSESSMENT_SHOWN: dict[str, str] = SELF_ASSESSMENT | {NOT_ASSESSED: "Sin evaluar"}
# The sectors a working group's members come from (each person's role is their sector).
GROUP_SECTORS: dict[str, str] = {k: v for k, v in SECTORS.items() if k in SECTOR_ROLES}
# A person's role in a working group (the Committee's form offers them in this order).
GROUP_ROLES: dict[str, str] = {
    "member": "Integrante",
    "responsible_public_servant": "Servidor público responsable",
    "responsible_cso_person": "Persona de sociedad civil responsable",
}
