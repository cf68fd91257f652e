"""Answers the optional demographics questionnaire accepts (labels for the statistics)."""

GENDERS = {
    "mujer": "Mujer",
    "hombre": "Hombre",
    "no_binario": "No binario",
    "otro": "Otro",
    "prefiero_no_decir": "Prefiero no decir",
}
AGE_BANDS = {
    "18-29": "18 a 29 años",
    "30-44": "30 a 44 años",
    "45-59": "45 a 59 años",
    "60+": "60 años o más",
    "<18": "Menos de 18 años",
}
SECTORS = {
    "ciudadania": "Ciudadanía",
    "sociedad_civil": "Sociedad civil organizada",
    "academia": "Academia",
    "gobierno": "Gobierno",
    "sector_privado": "Sector privado",
    "otro": "Otro",
}
