"""Error messages of the working-group forms, each led by the Spanish name of its field.

The error summary at the top of a form lists the messages as links to their fields: a
message such as «Este campo es obligatorio.» says nothing there unless it names the field.
"""

import re

from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError
from frontend.i18n import _

REVIEW_SESSION = {
    "held_on": "Fecha",
    "attendee_ids": "Asistentes",
    "minutes": "Minuta",
    "outcome": "Resultado o acuerdos",
}
MEETING = {
    "held_on": "Fecha",
    "attendance": "Asistencia",
    "minutes": "Minuta",
    "agreements": "Acuerdos",
}
ROADMAP = {
    "responsible_public_servant_id": "Servidor público responsable",
    "responsible_cso_person_id": "Persona de sociedad civil responsable",
    "final_result": "Resultado final",
    "expected_products": "Productos esperados",
    "indicators": "Indicadores",
    "means_of_verification": "Medios de verificación",
    "start_date": "Fecha de inicio",
    "end_date": "Fecha de conclusión",
    "key_actions": "Acciones clave",
    "message": "Mensaje de la versión",
    "justification": "Justificación de la enmienda",
}
UPDATE = {
    "activity_id": "Actividad",
    "new_status": "Nuevo estado",
    "narrative": "Qué se hizo",
    "links": "Enlaces",
    "evidence": "Archivo de evidencia",
}


def named(errors: FormErrors, labels: dict[str, str]) -> FormErrors:
    """The same errors, each message starting with its field's name (once)."""
    fields: dict[str, str] = {}
    for name, message in errors.fields.items():
        base = name.split("-", 1)[0]  # "narrative-<id>": one form per update
        nested = re.split(r"[\[.]", base, maxsplit=1)[0]  # "key_actions[0].activities[1]"
        if nested != base and nested in labels:
            name, base = nested, nested
        label = _(labels[base]) if base in labels else ""
        lead = f"{label}: "
        message = message if not label or message.startswith(lead) else lead + message
        fields.setdefault(name, message)
    return FormErrors(fields=fields, general=errors.general)


def api_errors(exc: ApiError, labels: dict[str, str]) -> FormErrors:
    """A refusal placed at its field: also when the API names it in ``details.field`` (the
    roadmaps service does, e.g. for an activity outside the roadmap's dates)."""
    errors = from_api_error(exc)
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    if isinstance(field, str) and field and not errors.fields:
        errors = FormErrors({field: errors.general}, general=_("Revisa los campos marcados."))
    return named(errors, labels)
