"""Error messages of the working-group forms, each led by the Spanish name of its field.

The error summary at the top of a form lists the messages as links to their fields: a
message such as «Este campo es obligatorio.» says nothing there unless it names the field.
"""

from frontend.forms import FormErrors
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
    fields = {}
    for name, message in errors.fields.items():
        base = name.split("-", 1)[0]  # "narrative-<id>": one form per update
        label = _(labels[base]) if base in labels else ""
        lead = f"{label}: "
        fields[name] = message if not label or message.startswith(lead) else lead + message
    return FormErrors(fields=fields, general=errors.general)
