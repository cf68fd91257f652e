"""The errors of the assessments."""

from kit.errors import Conflict, Unprocessable


class CommitmentInactive(Conflict):
    code = "commitment_inactive"
    message = "El compromiso está inactivo y ya no recibe actualizaciones."


class InactiveNeedsReason(Unprocessable):
    code = "inactive_needs_reason"
    message = "Para marcar un compromiso como inactivo hacen falta el motivo y la fecha."
