"""Closed vocabularies of a topic: the Open Gov Challenge areas, the 32 states, SDG tags."""

import re

# The ten Open Gov Challenge areas (keys as in data/pa4-mexico-2019-2022.json).
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

# INEGI codes of the 32 entidades federativas.
STATES: dict[str, str] = {
    f"{code:02d}": name
    for code, name in enumerate(
        (
            "Aguascalientes", "Baja California", "Baja California Sur", "Campeche",
            "Coahuila de Zaragoza", "Colima", "Chiapas", "Chihuahua", "Ciudad de México",
            "Durango", "Guanajuato", "Guerrero", "Hidalgo", "Jalisco", "México",
            "Michoacán de Ocampo", "Morelos", "Nayarit", "Nuevo León", "Oaxaca", "Puebla",
            "Querétaro", "Quintana Roo", "San Luis Potosí", "Sinaloa", "Sonora", "Tabasco",
            "Tamaulipas", "Tlaxcala", "Veracruz de Ignacio de la Llave", "Yucatán", "Zacatecas",
        ),
        start=1,
    )
}  # fmt: skip

CHANNELS = ("online", "territorial")

# SDG goal ("16") or target ("16.10", "6.a"): goals 1-17; targets numbered or lettered.
_SDG = re.compile(r"^(?:1[0-7]|[1-9])(?:\.(?:[1-9]|1[0-9]|[a-g]))?$")


def valid_sdg_tag(tag: str) -> bool:
    return bool(_SDG.match(tag))
