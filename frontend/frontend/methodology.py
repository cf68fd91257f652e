"""What each phase of the 2019 co-creation methodology is for, what it produces and who
takes part (the methodology's own words; the phases' dates come from the process)."""

from typing import Any

from frontend.i18n import _
from frontend.views import parse_day

# key -> (objective, product, who takes part)
PHASE_GUIDE: dict[str, tuple[str, str, str]] = {
    "consultation": (
        "Recoger los problemas públicos y las propuestas de la ciudadanía, en línea y en "
        "consulta territorial.",
        "Una base de datos de problemas y propuestas, con sus votos.",
        "La ciudadanía en general; el Comité Coordinador organiza y modera.",
    ),
    "systematization": (
        "Agrupar las aportaciones en temas, encontrar duplicados y publicar los resultados.",
        "Los temas prioritarios y una respuesta razonada para cada aportación.",
        "El Comité Coordinador (gobierno, núcleo de sociedad civil y órgano garante).",
    ),
    "cocreation_tables": (
        "Convertir los temas prioritarios en propuestas de compromiso.",
        "Las propuestas de compromiso del plan.",
        "Personas expertas de organizaciones civiles, academia y gobierno, con el Comité.",
    ),
    "roadmaps": (
        "Acordar la hoja de ruta de cada compromiso, con al menos dos sesiones de revisión.",
        "Hojas de ruta con responsables, resultado, productos, indicadores, medios de "
        "verificación y fechas.",
        "Cada grupo de trabajo: servidores públicos responsables y organizaciones civiles "
        "corresponsables, con el acompañamiento del órgano garante.",
    ),
    "open_feedback": (
        "Abrir el borrador del plan a comentarios públicos y responderlos.",
        "El borrador comentado, las respuestas y los cambios integrados.",
        "La ciudadanía en general; el Comité Coordinador responde.",
    ),
    "publication_tracking": (
        "Publicar el plan y seguir cada compromiso hasta que concluya.",
        "El plan publicado y el tablero de seguimiento con avances validados.",
        "Los grupos de trabajo reportan; la sociedad civil y el Comité validan; "
        "cualquier persona consulta y sigue los compromisos.",
    ),
}


def phase_guide(process: dict | None) -> list[dict[str, Any]]:
    """The process's phases in order, each with its objective, product and participants."""
    rows = []
    for phase in sorted((process or {}).get("phases") or [], key=lambda p: p.get("order") or 0):
        objective, product, people = PHASE_GUIDE.get(str(phase.get("key")), ("", "", ""))
        rows.append(
            {
                "name": phase.get("name_es") or phase.get("name") or phase.get("key"),
                "starts": parse_day(phase.get("starts_on")),
                "ends": parse_day(phase.get("ends_on")),
                "objective": _(objective) if objective else "",
                "product": _(product) if product else "",
                "people": _(people) if people else "",
                "current": phase.get("status") == "open",
            }
        )
    return rows
