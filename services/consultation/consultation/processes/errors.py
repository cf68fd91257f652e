from kit.errors import Conflict, NotFound, Unprocessable


class PhaseClosed(Conflict):
    code = "phase_closed"
    message = "Esa fase del proceso no está abierta hoy."


class ProcessNotFound(NotFound):
    code = "process_not_found"
    message = "No existe ese proceso de cocreación."


class ProcessAlreadyExists(Conflict):
    code = "process_already_exists"
    message = "Ya existe un proceso de cocreación para ese plan."


class InvalidStateCode(Unprocessable):
    code = "invalid_state_code"
    message = (
        "Un plan estatal lleva la clave INEGI de su entidad federativa (de 01 a 32); "
        "un plan federal no lleva ninguna."
    )


class UnknownPhase(Unprocessable):
    code = "unknown_phase"
    message = "Esa fase no existe en la metodología de cocreación."


class PhaseOutOfOrder(Unprocessable):
    code = "phase_out_of_order"
    message = "Las fases deben seguir el orden de la metodología, sin repetirse."


class PhaseEndsBeforeStart(Unprocessable):
    code = "phase_ends_before_start"
    message = "Una fase no puede terminar antes de empezar."


class PhasesOverlap(Unprocessable):
    code = "phases_overlap"
    message = (
        "Las fases no pueden traslaparse: cada una empieza después de que termina la anterior."
    )
