"""API errors turned into Spanish messages placed next to the field they concern."""

from dataclasses import dataclass, field
from typing import Any

from frontend.gateway import ApiError
from frontend.i18n import _

# Pydantic's English validation types, said in Spanish.
VALIDATION_MESSAGES = {
    "missing": "Este campo es obligatorio.",
    "string_too_short": "Es demasiado corto: escribe al menos {min_length} caracteres.",
    "string_too_long": "Es demasiado largo: escribe como máximo {max_length} caracteres.",
    "value_error": "El valor no es válido.",
    "string_pattern_mismatch": "El formato no es válido.",
    "date_from_datetime_parsing": "Escribe una fecha válida (AAAA-MM-DD).",
    "date_parsing": "Escribe una fecha válida (AAAA-MM-DD).",
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


@dataclass
class FormErrors:
    """``fields``: field name → message; ``general``: a message for the top of the form."""

    fields: dict[str, str] = field(default_factory=dict)
    general: str = ""

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)


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
    if error.code in CODE_FIELDS:
        errors.fields.setdefault(CODE_FIELDS[error.code], error.message or _(GENERIC))
    if not errors.fields:
        errors.general = error.message or _(GENERIC)
    elif error.code == "validation_error":
        errors.general = _("Revisa los campos marcados.")
    return errors
