"""The statuses a topic, an answer and an activity go through."""

from typing import Literal, get_args

TopicStatus = Literal["published", "withdrawn", "hidden", "merged"]
TOPIC_STATUS: dict[str, str] = {
    "published": "Publicado",
    "withdrawn": "Retirado por su autor",
    "hidden": "Oculto por moderación",
    "merged": "Integrado en otro tema",
}
# The Committee's reasoned answer to a topic or a comment (the methodology's phase 2 and 5).
AnswerState = Literal["accepted", "merged", "not_adopted", "out_of_scope"]
ANSWER_STATES: dict[str, str] = {
    "accepted": "Aceptado",
    "merged": "Integrado en un tema",
    "not_adopted": "No adoptado",
    "out_of_scope": "Fuera de alcance",
}
# An activity of a roadmap on the tablero; "verificado" is reached only through validation,
# so a report may claim any of the others.
ActivityStatus = Literal["por_iniciar", "en_proceso", "completo", "verificado"]
ReportedStatus = Literal["por_iniciar", "en_proceso", "completo"]
ACTIVITY_STATUS: dict[str, str] = {
    "por_iniciar": "Por iniciar",
    "en_proceso": "En proceso",
    "completo": "Completo",
    "verificado": "Verificado",
}
REPORTED_STATUS = {k: v for k, v in ACTIVITY_STATUS.items() if k != "verificado"}
DONE = frozenset({"completo", "verificado"})
VERIFIED = frozenset({"verificado"})
OPEN = frozenset({"por_iniciar", "en_proceso"})
assert tuple(TOPIC_STATUS) == get_args(TopicStatus)
assert tuple(ANSWER_STATES) == get_args(AnswerState)
assert tuple(ACTIVITY_STATUS) == get_args(ActivityStatus)
assert tuple(REPORTED_STATUS) == get_args(ReportedStatus)
