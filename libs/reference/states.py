"""The 32 entidades federativas by their INEGI code (``01`` Aguascalientes … ``32``)."""

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
STATE_CODES = frozenset(STATES)
STATE_CODE_PATTERN = r"^(0[1-9]|[12][0-9]|3[0-2])$"  # the same 01-32, for schemas
