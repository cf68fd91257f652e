"""Field names for the error summary of these pages' own fields.

``FormErrors.summary`` (forms.py) names each field by ``forms.FIELD_LABELS``; the
administration, capture, CURP and password forms have fields of their own (a role, a
client's scopes, an account's card, a CSV file…), named here so that the summary says
"Alcances: …" rather than a form name."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from frontend.forms import FormErrors, field_label
from frontend.i18n import _


@dataclass
class NamedErrors(FormErrors):
    labels: dict[str, str] = field(default_factory=dict)

    def summary(self) -> Iterator[tuple[str, str]]:
        for name, message in self.fields.items():
            label = self.labels.get(name)
            yield name, f"{_(label) if label else field_label(name)}: {message}"


def named(errors: FormErrors, labels: dict[str, str]) -> NamedErrors:
    """The same errors, summarised with these pages' field names."""
    return NamedErrors(fields=errors.fields, general=errors.general, labels=labels)
