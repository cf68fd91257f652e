from kit.errors import Conflict, NotFound, Unprocessable


class CommitmentNotFound(NotFound):
    code = "commitment_not_found"
    message = "No existe ese compromiso."


class CommitmentNumberTaken(Conflict):
    code = "commitment_number_taken"
    message = "Ya existe un compromiso con ese número en el plan."


class CommitmentAlreadyPublished(Conflict):
    code = "commitment_already_published"
    message = "El compromiso ya está publicado."


class PlanWithoutCommitments(NotFound):
    code = "plan_without_commitments"
    message = "Ese plan no tiene compromisos."


class DraftPlanAlreadyPublished(Conflict):
    code = "draft_plan_already_published"
    message = "El borrador de este plan ya se publicó para retroalimentación."


class DraftPlanNotFound(NotFound):
    code = "draft_plan_not_found"
    message = "El borrador de este plan aún no se publica."


class InvalidPlanScope(Unprocessable):
    code = "invalid_plan_scope"
    message = "Un plan estatal lleva la clave INEGI de su entidad y uno federal no lleva ninguna."


class InvalidContinuity(Unprocessable):
    code = "invalid_continuity"
    message = "Un compromiso solo puede continuar uno existente de otro plan."
