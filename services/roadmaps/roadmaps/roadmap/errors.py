from kit.errors import Conflict, Forbidden, NotFound, Unprocessable


class RoadmapNotFound(NotFound):
    code = "roadmap_not_found"
    message = "Este compromiso aún no tiene hoja de ruta."


class RoadmapNotPublished(NotFound):
    code = "roadmap_not_published"
    message = "La hoja de ruta de este compromiso aún no se publica."


class VersionNotFound(NotFound):
    code = "version_not_found"
    message = "No existe esa versión de la hoja de ruta (o aún no es pública)."


class RoadmapAlreadyExists(Conflict):
    code = "roadmap_already_exists"
    message = "Este compromiso ya tiene hoja de ruta; edítala."


class UnknownMember(Unprocessable):
    code = "unknown_member"
    message = "Esa persona no integra el grupo de trabajo del compromiso."


class ResponsibleRoleMismatch(Unprocessable):
    code = "responsible_role_mismatch"
    message = "Esa persona integra el grupo, pero no con el papel de responsable que se indica."


class WeightsMustSum100(Unprocessable):
    code = "weights_must_sum_100"
    message = "Los pesos de las acciones clave deben sumar 100."


class EndBeforeStart(Unprocessable):
    code = "end_before_start"
    message = "La fecha de conclusión es anterior a la de inicio."


class ActivityOutsideRoadmap(Unprocessable):
    code = "activity_outside_roadmap_dates"
    message = "La actividad cae fuera de las fechas de inicio y conclusión de la hoja de ruta."


class UnknownItemId(Unprocessable):
    code = "unknown_item_id"
    message = "Ese identificador no es de una acción clave o actividad de esta hoja de ruta."


class DuplicateItemId(Unprocessable):
    code = "duplicate_item_id"
    message = "Un identificador de acción clave o actividad aparece más de una vez."


class JustificationRequired(Unprocessable):
    code = "amendment_justification_required"
    message = (
        "La hoja de ruta ya es pública: toda modificación es una enmienda y necesita justificación."
    )


class DateInFuture(Unprocessable):
    code = "date_in_future"
    message = "La fecha de la sesión no puede ser posterior a hoy."


class RoadmapStatusConflict(Conflict):
    code = "roadmap_status_conflict"
    message = "La hoja de ruta no está en la etapa que esa acción requiere."


class RoadmapAlreadyPublished(Conflict):
    code = "roadmap_already_published"
    message = "La hoja de ruta ya está publicada; los cambios se publican como enmiendas."


class RoadmapNotAgreed(Conflict):
    code = "roadmap_not_agreed"
    message = "La hoja de ruta aún no está acordada por el grupo de trabajo."


class RoadmapIncomplete(Conflict):
    code = "roadmap_incomplete"
    message = "Faltan elementos obligatorios de la hoja de ruta."


class ReviewSessionsMissing(Conflict):
    code = "review_sessions_missing"
    message = "Faltan sesiones de revisión con gobierno y sociedad civil."


class SignOffsMissing(Conflict):
    code = "sign_offs_missing"
    message = "Faltan firmas de las personas responsables."


class NotAResponsiblePerson(Forbidden):
    code = "not_a_responsible_person"
    message = "Solo las personas responsables nombradas en la hoja de ruta la firman."
