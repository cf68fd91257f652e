from kit.errors import Conflict, NotFound


class CommitmentNotFound(NotFound):
    code = "commitment_not_found"
    message = "No existe ese compromiso."


class CommitmentNumberTaken(Conflict):
    code = "commitment_number_taken"
    message = "Ya existe un compromiso con ese número en el plan."


class CommitmentAlreadyPublished(Conflict):
    code = "commitment_already_published"
    message = "El compromiso ya está publicado."
