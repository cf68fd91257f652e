from kit.errors import AppError, Conflict, Forbidden, NotFound, PayloadTooLarge, Unprocessable


class CommitmentNotFound(NotFound):
    code = "commitment_not_found"
    message = "No existe ese compromiso."


class InvalidCommitmentEvent(Unprocessable):
    code = "invalid_commitment_event"
    message = "El evento no describe un compromiso válido."


class InvalidCursor(Unprocessable):
    code = "invalid_cursor"
    message = "El cursor de paginación no es válido."


class InvalidEvent(Unprocessable):
    code = "invalid_event"
    message = "El evento no tiene la forma documentada."


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


class CommitmentInactive(Conflict):
    code = "commitment_inactive"
    message = "El compromiso está inactivo y ya no recibe actualizaciones."


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


class InactiveNeedsReason(Unprocessable):
    code = "inactive_needs_reason"
    message = "Para marcar un compromiso como inactivo hacen falta el motivo y la fecha."


class WebhookNotFound(NotFound):
    code = "webhook_not_found"
    message = "No existe ese webhook."


class WebhookUrlRefused(Unprocessable):
    code = "webhook_url_refused"
    message = "La URL del webhook debe usar https y no llevar fragmento."


class WebhookTargetRefused(Unprocessable):
    code = "webhook_target_refused"
    message = (
        "La URL del webhook debe apuntar a una dirección pública de Internet, no a una "
        "dirección local, privada o interna."
    )


class UnknownTable(NotFound):
    code = "unknown_open_data_table"
    message = "No publicamos esa tabla de datos abiertos."


class RoadmapVersionNotFound(NotFound):
    code = "roadmap_version_not_found"
    message = "No existe esa versión de la hoja de ruta."
