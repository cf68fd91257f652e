from kit.errors import NotFound, Unprocessable


class CommitmentNotFound(NotFound):
    code = "commitment_not_found"
    message = "No existe ese compromiso."


class InvalidCommitmentEvent(Unprocessable):
    code = "invalid_commitment_event"
    message = "El evento no describe un compromiso válido."


class InvalidCursor(Unprocessable):
    code = "invalid_cursor"
    message = "El cursor de paginación no es válido."
