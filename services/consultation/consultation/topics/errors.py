from kit.errors import Conflict, Forbidden, NotFound, Unprocessable


class TopicNotFound(NotFound):
    code = "topic_not_found"
    message = "No existe ese tema."


class UnknownArea(Unprocessable):
    code = "unknown_area"
    message = "Esa área temática no existe; elige una de las diez áreas del Open Gov Challenge."


class UnknownState(Unprocessable):
    code = "unknown_state"
    message = "Esa entidad federativa no existe; usa su clave INEGI de 01 a 32."


class InvalidSdgTag(Unprocessable):
    code = "invalid_sdg_tag"
    message = "Las etiquetas ODS son un objetivo (1 a 17) o una meta como 16.10 o 6.a."


class TopicHasVotes(Conflict):
    code = "topic_has_votes"
    message = "El tema ya recibió votos; ya no puede editarse."


class TopicNotEditable(Conflict):
    code = "topic_not_editable"
    message = "El tema ya no está publicado y no puede cambiarse."


class NotTopicAuthor(Forbidden):
    code = "not_topic_author"
    message = "Solo quien propuso el tema puede cambiarlo o retirarlo."


class ReportAlreadyMade(Conflict):
    code = "report_already_made"
    message = "Ya reportaste este tema; el Comité lo revisará."
