from kit.errors import NotFound, Unprocessable


class DuplicateSector(Unprocessable):
    code = "duplicate_sector"
    message = "Cada sector aparece una sola vez en la asistencia."


class NoAttendees(Unprocessable):
    code = "no_attendees"
    message = "Una reunión necesita al menos una persona asistente."


class PlanNotFound(NotFound):
    code = "plan_not_found"
    message = "No existe un plan con esa clave."
