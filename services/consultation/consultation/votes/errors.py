from kit.errors import Conflict, Forbidden, NotFound, Unprocessable


class VoteAlreadyCast(Conflict):
    code = "vote_already_cast"
    message = "Ya votaste por este tema."


class VoteNotFound(NotFound):
    code = "vote_not_found"
    message = "No has votado por este tema."


class VoteLimitReached(Conflict):
    code = "vote_limit_reached"
    message = "Ya usaste todos los votos que permite este proceso."


class TopicNotVotable(Conflict):
    code = "topic_not_votable"
    message = "Este tema no está publicado (fue retirado, ocultado o fusionado); no recibe votos."


class EmailNotVerified(Forbidden):
    code = "email_not_verified"
    message = "Para votar necesitas verificar tu correo electrónico."


class CurpRequired(Forbidden):
    code = "curp_required"
    message = "Este proceso pide registrar una CURP válida antes de votar."


class InvalidCurp(Unprocessable):
    code = "invalid_curp"
    message = "La CURP no es válida: revisa las 18 posiciones, la fecha y el dígito verificador."


class CurpAlreadyRegistered(Conflict):
    code = "curp_already_registered"
    message = "Esa CURP ya está registrada en otra cuenta."
