"""API errors turned into Spanish messages placed next to the field they concern.

The summary at the top of a form names each field ("Fecha de término: …"), and dates that
the API writes as ISO (``2027-03-01``) are said as people write them ("1 de marzo de 2027").
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from frontend.gateway import ApiError
from frontend.i18n import _, format_day

# Pydantic's English validation types, said in Spanish.
VALIDATION_MESSAGES = {
    "missing": "Este campo es obligatorio.",
    "string_too_short": "Es demasiado corto: escribe al menos {min_length} caracteres.",
    "string_too_long": "Es demasiado largo: escribe como máximo {max_length} caracteres.",
    "value_error": "El valor no es válido.",
    "string_pattern_mismatch": "El formato no es válido.",
    "date_from_datetime_parsing": "Escribe una fecha válida, por ejemplo 1 de marzo de 2027.",
    "date_parsing": "Escribe una fecha válida, por ejemplo 1 de marzo de 2027.",
    "int_parsing": "Escribe un número entero.",
    "greater_than_equal": "Debe ser al menos {ge}.",
    "less_than_equal": "Debe ser como máximo {le}.",
    "literal_error": "Elige una de las opciones.",
    "enum": "Elige una de las opciones.",
}
# Codes whose message belongs to one field of the form.
CODE_FIELDS = {
    "email_taken": "email",
    "weak_password": "password",
    "invalid_credentials": "password",
    "invalid_totp": "totp",
    "mfa_required": "totp",
    "invalid_verification_code": "code",
    "verification_code_expired": "code",
    "consent_required": "privacy",
    "privacy_notice_mismatch": "privacy",
    "unknown_area": "area",
    "invalid_state_code": "state_code",
    "unknown_state": "state_code",
    "invalid_sdg_tag": "sdg_tags",
    "weights_must_sum_100": "key_actions",
    "end_before_start": "end_date",
}
GENERIC = "No pudimos completar la operación. Revisa los datos e inténtalo de nuevo."
# What each form field is called on the page, for the error summary. A field missing here
# is named by its form name with spaces, which is still better than no name.
FIELD_LABELS = {
    "action": "Acción",
    "activity_id": "Actividad",
    "affected": "Población afectada",
    "agreements": "Acuerdos",
    "area": "Área temática",
    "areas": "Áreas temáticas",
    "attendee_ids": "Asistentes",
    "body": "Texto",
    "code": "Código de verificación",
    "curp": "CURP",
    "decision": "Decisión",
    "description": "Descripción",
    "display_name": "Nombre",
    "email": "Correo electrónico",
    "end_date": "Fecha de término",
    "ends_on": "Fecha de término",
    "evidence": "Evidencia",
    "final_result": "Resultado final",
    "held_on": "Fecha de la reunión",
    "justification": "Justificación",
    "key_actions": "Acciones clave",
    "links": "Enlaces",
    "message": "Mensaje",
    "minutes": "Minuta",
    "narrative": "Descripción del avance",
    "new_status": "Nuevo estado",
    "outcome": "Resultado",
    "password": "Contraseña",
    "phase_key": "Fase",
    "privacy": "Aviso de privacidad",
    "problem": "Problema",
    "process_id": "Proceso",
    "publish": "Publicación",
    "purposes": "Finalidades",
    "reason": "Motivo",
    "sdg_tags": "Objetivos de Desarrollo Sostenible",
    "solution": "Solución",
    "start_date": "Fecha de inicio",
    "starts_on": "Fecha de inicio",
    "state": "Estado",
    "state_code": "Entidad federativa",
    "title": "Título",
    "topic_id": "Tema",
    "topic_ids": "Temas",
    "totp": "Código de verificación en dos pasos",
    "version": "Versión",
}
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b")


def spoken_dates(text: str) -> str:
    """``termina el 2027-03-01`` → ``termina el 1 de marzo de 2027`` (in the page's language)."""

    def say(match: re.Match[str]) -> str:
        try:
            return format_day(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]

    return ISO_DATE.sub(say, text)


def field_label(name: str) -> str:
    name = re.split(r"[-.\[]", name, maxsplit=1)[0]
    label = FIELD_LABELS.get(name)
    if label is not None:
        return _(label)
    return name.replace("_", " ").strip().capitalize() or _("Formulario")


@dataclass
class FormErrors:
    """``fields``: field name → message; ``general``: a message for the top of the form."""

    fields: dict[str, str] = field(default_factory=dict)
    general: str = ""

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    def summary(self) -> Iterator[tuple[str, str]]:
        """``(field name, "Its label: its message")`` for the list at the top of the form."""
        for name, message in self.fields.items():
            yield name, f"{field_label(name)}: {message}"


def _field_name(location: Any) -> str:
    parts = str(location or "").split(".")
    while parts and parts[0] in {"body", "query", "path"}:
        parts = parts[1:]
    return parts[0] if parts else ""


def _validation_message(detail: dict) -> str:
    template = VALIDATION_MESSAGES.get(str(detail.get("type")))
    if template is None:
        return _("El valor no es válido.")
    try:
        return _(template).format(**(detail.get("ctx") or {}))
    except (KeyError, IndexError):
        return _(template.split(":")[0] + ".")


def from_api_error(error: ApiError) -> FormErrors:
    errors = FormErrors()
    if isinstance(error.details, list):
        for detail in error.details:
            if isinstance(detail, dict) and detail.get("field"):
                name = _field_name(detail["field"])
                errors.fields.setdefault(name, _validation_message(detail))
    message = spoken_dates(error.message) if error.message else ""
    if error.code in CODE_FIELDS:
        errors.fields.setdefault(CODE_FIELDS[error.code], message or _(GENERIC))
    if not errors.fields:
        errors.general = message or _(GENERIC)
    elif error.code == "validation_error":
        errors.general = _("Revisa los campos marcados.")
    return errors
