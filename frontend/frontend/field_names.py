"""Refusals that name their field: "Correo electrónico: escribe un correo válido."

``from_api_error`` puts each message next to its field; the summary at the top of the form
lists the messages alone, so a person reading only the summary (or hearing it) would not
know which field "El valor no es válido." is about. These pages prefix the field's label.
"""

from frontend.forms import FormErrors
from frontend.i18n import _


def named(errors: FormErrors, labels: dict[str, str]) -> FormErrors:
    """The same errors, each field's message prefixed with the field's label."""
    fields = {}
    for name, message in errors.fields.items():
        label = labels.get(name)
        prefixed = label and not message.startswith(label)
        fields[name] = f"{_(label)}: {message}" if prefixed else message
    return FormErrors(fields=fields, general=errors.general)
