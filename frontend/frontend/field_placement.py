"""API refusals placed at the field they concern, in the working-group forms.

The error summary names each field (``FormErrors.summary``); this puts the message on the
right field first: a nested roadmap field (``key_actions[0].activities[1]``) on its
section, a field the service names in ``details.field`` on that field.
"""

import re

from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError
from frontend.i18n import _

# Nested names the forms show as one section (the summary links to its heading).
SECTIONS = ("key_actions",)


def placed(errors: FormErrors) -> FormErrors:
    fields: dict[str, str] = {}
    for name, message in errors.fields.items():
        section = re.split(r"[\[.]", name, maxsplit=1)[0]
        fields.setdefault(section if section in SECTIONS else name, message)
    return FormErrors(fields=fields, general=errors.general)


def api_errors(exc: ApiError) -> FormErrors:
    """``from_api_error``, also when the API names the field in ``details.field`` (the
    roadmaps service does, e.g. for an activity outside the roadmap's dates)."""
    errors = from_api_error(exc)
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    if isinstance(field, str) and field and not errors.fields:
        errors = FormErrors({field: errors.general}, general=_("Revisa los campos marcados."))
    return placed(errors)
