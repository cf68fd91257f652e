"""The errors of the tracked commitments."""

from kit.errors import NotFound, Unprocessable


class CommitmentNotFound(NotFound):
    code = "commitment_not_found"
    message = "No existe ese compromiso."


class InvalidCommitmentEvent(Unprocessable):
    code = "invalid_commitment_event"
    message = "El evento no describe un compromiso válido."


class RoadmapVersionNotFound(NotFound):
    code = "roadmap_version_not_found"
    message = "No existe esa versión de la hoja de ruta."
