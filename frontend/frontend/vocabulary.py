"""Closed vocabularies the forms offer (the consultation service checks them again)."""

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


TOPIC_STATUS = {
    "published": "Publicado",
    "hidden": "Oculto por moderación",
    "withdrawn": "Retirado por su autor",
    "merged": "Integrado en otro tema",
}
ANSWER_STATES = {
    "accepted": "Aceptado",
    "merged": "Integrado en un tema",
    "not_adopted": "No adoptado",
    "out_of_scope": "Fuera de alcance",
}
ACTIVITY_STATUS = {
    "por_iniciar": "Por iniciar",
    "en_proceso": "En proceso",
    "completo": "Completo",
    "verificado": "Verificado",
}
# What a report may claim: "verificado" is reached only through validation.
REPORTED_STATUS = {k: v for k, v in ACTIVITY_STATUS.items() if k != "verificado"}
SELF_ASSESSMENT = {
    "completed": "Completado",
    "substantial": "Sustancial",
    "limited": "Limitado",
    "not_started": "No iniciado",
    "inactive": "Inactivo",
    "sin_evaluar": "Sin evaluar",
}
IRM_VALUES = {
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
