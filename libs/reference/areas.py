"""The ten Open Gov Challenge areas (keys as in ``data/pa4-mexico-2019-2022.json``)."""

from typing import Literal, get_args

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
AREAS: dict[str, str] = {
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
assert tuple(AREAS) == get_args(Area)
