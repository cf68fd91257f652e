"""The vocabularies this service validates against (OGP's, the 2019 methodology's).

They mirror ``data/pa4-mexico-2019-2022.json`` (``open_gov_challenge_areas`` and
``roadmap_required_elements``); a test keeps them in step with that file. They live in code
because a deployed service does not ship the demo data.
"""

from datetime import date
from typing import Any, Literal

OPEN_GOV_CHALLENGE_AREAS: dict[str, str] = {
    "environment_climate": "Medio ambiente y cambio climático",
    "digital_governance": "Gobernanza digital",
    "fiscal_openness": "Apertura fiscal",
    "gender_inclusion": "Género e inclusión",
    "justice": "Justicia",
    "media_freedom": "Libertad de prensa",
    "civic_participation": "Participación ciudadana",
    "access_to_information": "Acceso a la información",
    "anti_corruption": "Anticorrupción",
    "civic_space": "Espacio cívico",
}
Area = Literal[
    "environment_climate",
    "digital_governance",
    "fiscal_openness",
    "gender_inclusion",
    "justice",
    "media_freedom",
    "civic_participation",
    "access_to_information",
    "anti_corruption",
    "civic_space",
]

OGP_VALUES: dict[str, str] = {
    "access_to_information": "Acceso a la información",
    "civic_participation": "Participación ciudadana",
    "public_accountability": "Rendición de cuentas",
    "technology_and_innovation": (
        "Tecnología e innovación para la apertura y la rendición de cuentas"
    ),
}
OgpValue = Literal[
    "access_to_information",
    "civic_participation",
    "public_accountability",
    "technology_and_innovation",
]
# One key per OGP value across the platform; the key this service used before is still
# accepted on input and stored as the current one (migration integrity_rm_01 rewrote rows).
LEGACY_OGP_KEYS = {"technology_innovation": "technology_and_innovation"}


def current_ogp_keys(value: Any) -> Any:
    """``{"technology_innovation": …}`` → ``{"technology_and_innovation": …}``."""
    if not isinstance(value, dict):
        return value
    return {LEGACY_OGP_KEYS.get(key, key): text for key, text in value.items()}


# The seven elements every roadmap must have before it is agreed (methodology, phase 4).
REQUIRED_ELEMENTS: dict[str, str] = {
    "responsible_public_servant": "Servidor público responsable",
    "responsible_cso_person": "Persona de sociedad civil responsable",
    "final_result": "Resultado final",
    "expected_products": "Productos esperados",
    "indicators": "Indicadores",
    "means_of_verification": "Medios de verificación",
    "start_and_end_dates": "Fechas de inicio y conclusión",
}
MIN_REVIEW_SESSIONS = 2

# Academia takes part in co-creation tables and working groups as a sector of its own
# (the 4th plan also gave it a permanent seat at the Committee).
Sector = Literal["government", "cso", "inai", "academia"]
SECTORS: dict[str, str] = {
    "government": "Gobierno",
    "cso": "Sociedad civil",
    "inai": "Órgano garante",
    "academia": "Academia",
}
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

PlanLevel = Literal["federal", "state"]
STATE_CODE_PATTERN = r"^(0[1-9]|[12][0-9]|3[0-2])$"  # INEGI codes 01-32
SDG_TARGET_PATTERN = r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$"  # 16.10, 11.a

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")  # fmt: skip


def spanish_day(day: date) -> str:
    """``1 de marzo de 2027``: how a person reads a date in a message."""
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"
