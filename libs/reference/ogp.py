"""Open Government Partnership's words: its values, and the scales of its reports.

The self-assessment labels are the Committee's (the 4th plan added "inactive"); the IRM
scales are those of its design and results reports.
"""

from typing import Any, Literal, get_args

OgpValue = Literal[
    "access_to_information",
    "civic_participation",
    "public_accountability",
    "technology_and_innovation",
]
OGP_VALUES: dict[str, str] = {
    "access_to_information": "Acceso a la información",
    "civic_participation": "Participación ciudadana",
    "public_accountability": "Rendición de cuentas",
    "technology_and_innovation": (
        "Tecnología e innovación para la apertura y la rendición de cuentas"
    ),
}
# One key per OGP value across the platform; a key used before is still accepted on input
# and stored as the current one (roadmaps' migration integrity_rm_01 rewrote its rows).
LEGACY_OGP_KEYS = {"technology_innovation": "technology_and_innovation"}


def current_ogp_keys(value: Any) -> Any:
    """``{"technology_innovation": …}`` → ``{"technology_and_innovation": …}``."""
    if not isinstance(value, dict):
        return value
    return {LEGACY_OGP_KEYS.get(key, key): text for key, text in value.items()}


SelfAssessmentStatus = Literal["completed", "substantial", "limited", "not_started", "inactive"]
SELF_ASSESSMENT: dict[str, str] = {
    "completed": "Completado",
    "substantial": "Sustancial",
    "limited": "Limitado",
    "not_started": "No iniciado",
    "inactive": "Inactivo",
}
ReportType = Literal["design", "results"]
PotentialImpact = Literal["none", "minor", "moderate", "transformative"]
Completion = Literal["not_started", "limited", "substantial", "complete"]
DidItOpenGovernment = Literal["did_not_change", "marginal", "major", "outstanding"]
IRM_VALUES: dict[str, str] = {
    "none": "Ninguno",
    "minor": "Menor",
    "moderate": "Moderado",
    "transformative": "Transformador",
    "not_started": "No iniciado",
    "limited": "Limitado",
    "substantial": "Sustancial",
    "complete": "Completo",
    "did_not_change": "No cambió",
    "marginal": "Marginal",
    "major": "Mayor",
    "outstanding": "Sobresaliente",
}
assert tuple(OGP_VALUES) == get_args(OgpValue)
assert tuple(SELF_ASSESSMENT) == get_args(SelfAssessmentStatus)
assert set(IRM_VALUES) == {
    *get_args(PotentialImpact),
    *get_args(Completion),
    *get_args(DidItOpenGovernment),
}
