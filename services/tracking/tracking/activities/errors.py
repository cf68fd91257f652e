"""The errors of the roadmaps tracking receives."""

from kit.errors import Unprocessable


class InvalidEvent(Unprocessable):
    code = "invalid_event"
    message = "El evento no tiene la forma documentada."
