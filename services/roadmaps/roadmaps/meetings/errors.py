from kit.errors import Unprocessable


class DuplicateSector(Unprocessable):
    code = "duplicate_sector"
    message = "Cada sector aparece una sola vez en la asistencia."


class NoAttendees(Unprocessable):
    code = "no_attendees"
    message = "Una reunión necesita al menos una persona asistente."
