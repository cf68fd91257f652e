from kit.errors import Conflict, NotFound, Unprocessable


class ThemeNotFound(NotFound):
    code = "theme_not_found"
    message = "No existe ese tema de la sistematización."


class TopicAlreadyInTheme(Conflict):
    code = "topic_already_in_theme"
    message = "Esa propuesta ya forma parte de otro tema; un tema ciudadano va en uno solo."


class ThemeNotPublished(Conflict):
    code = "theme_not_published"
    message = "Primero publica el tema; solo un tema publicado puede promoverse a compromiso."


class ThemeAlreadyPromoted(Conflict):
    code = "theme_already_promoted"
    message = "El tema ya se promovió a propuesta de compromiso."


class TopicOfAnotherProcess(Unprocessable):
    code = "topic_of_another_process"
    message = "La propuesta pertenece a otro proceso de cocreación."


class CannotMerge(Conflict):
    code = "cannot_merge"
    message = "Solo se fusionan dos propuestas publicadas, distintas, del mismo proceso."
