"""The errors of progress updates and their evidence."""

from kit.errors import AppError, Conflict, Forbidden, NotFound, PayloadTooLarge


class ActivityNotFound(NotFound):
    code = "activity_not_found"
    message = "No existe esa actividad en la hoja de ruta vigente del compromiso."


class UpdateNotFound(NotFound):
    code = "update_not_found"
    message = "No existe esa actualización de avance."


class EvidenceNotFound(NotFound):
    code = "evidence_not_found"
    message = "No existe esa evidencia."


class NotGovernmentMember(Forbidden):
    code = "not_working_group_member"
    message = "Solo una persona de gobierno del grupo de trabajo puede reportar avances."


class NotCsoMember(Forbidden):
    code = "not_working_group_member"
    message = "Solo una persona de sociedad civil del grupo de trabajo puede validar por su lado."


class NotAllowedToView(Forbidden):
    code = "not_working_group_member"
    message = "Solo el grupo de trabajo y el Comité Coordinador ven lo que aún no es público."


class SelfValidation(Forbidden):
    code = "self_validation"
    message = "Nadie puede validar su propia actualización."


class SameValidator(Forbidden):
    code = "same_validator"
    message = "Las dos validaciones deben venir de personas distintas."


class NotAValidator(Forbidden):
    code = "not_a_validator"
    message = "Solo sociedad civil del grupo de trabajo o el Comité Coordinador validan."


class UpdateNotPending(Conflict):
    code = "update_not_pending"
    message = "Esa actualización ya no espera validación."


class UpdateAlreadyPending(Conflict):
    code = "update_already_pending"
    message = "Ya hay una actualización de esta actividad esperando validación."


class AlreadyValidated(Conflict):
    code = "already_validated"
    message = "Ese lado ya validó la actualización."


class UpdateNotRejected(Conflict):
    code = "update_not_rejected"
    message = "Solo una actualización devuelta puede reenviarse como nueva revisión."


class UpdateNotEditable(Conflict):
    code = "update_not_editable"
    message = "Solo se agregan evidencias mientras la actualización espera validación."


class EvidenceTooLarge(PayloadTooLarge):
    code = "evidence_too_large"
    message = "El archivo supera el tamaño máximo permitido."


class EvidenceTypeRefused(AppError):
    status_code = 415
    code = "evidence_type_refused"
    message = (
        "Ese tipo de archivo no se acepta como evidencia "
        "(PDF, PNG, JPEG, CSV, XLSX, DOCX, PPTX, ODT, ODS)."
    )


class EvidenceCorrupted(AppError):
    # The stored bytes no longer hash to the checksum recorded at upload: never serve them.
    status_code = 500
    code = "evidence_integrity_failed"
    message = (
        "El archivo guardado no coincide con su huella digital y no se entrega; "
        "el equipo técnico debe restaurarlo del respaldo."
    )


class EvidenceStoreUnavailable(AppError):
    status_code = 503
    code = "evidence_store_unavailable"
    message = "Por el momento no podemos guardar ni leer archivos de evidencia. Intenta más tarde."


class TooManyEvidenceFiles(Conflict):
    code = "too_many_evidence_files"
    message = "La actualización ya tiene el máximo de archivos de evidencia."
