"""Reasoned responses: every topic and draft-plan comment gets a public answer with a state
and a justification, drafted by the Committee and then published (which notifies)."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.commitment_comments.models import CommitmentComment
from consultation.feedback.models import FeedbackComment, FeedbackItem
from consultation.responses.models import Notification, Response
from consultation.responses.notify import notify, topic_audience
from consultation.responses.schemas import ResponseDraft
from consultation.responses.tally import announce
from consultation.topics.service import get_topic
from kit import audit
from kit.errors import Conflict, NotFound
from kit.pagination import Keyset
from kit.tokens import Principal

STATE_ES = {
    "accepted": "aceptada",
    "merged": "integrada a un tema",
    "not_adopted": "no adoptada",
    "out_of_scope": "fuera de alcance",
}


WHAT = {
    "topic": "tu propuesta",
    "comment": "tu comentario al borrador del plan",
    "progress": "tu comentario sobre el avance de un compromiso",
}


class ResponseNotFound(NotFound):
    code = "response_not_found"
    message = "Esa contribución aún no tiene una respuesta redactada."


class CommentNotFound(NotFound):
    code = "comment_not_found"
    message = "No existe ese comentario."


class NotificationNotFound(NotFound):
    code = "notification_not_found"
    message = "No existe ese aviso."


class TopicNotAnswerable(Conflict):
    code = "topic_not_answerable"
    message = "Un tema retirado no recibe respuesta."


async def _subject(session: AsyncSession, kind: str, subject_id: str) -> tuple[str, set[str], str]:
    """(process id, people to notify, link) of a topic or a comment."""
    if kind == "topic":
        topic = await get_topic(session, subject_id)
        if topic.status == "withdrawn":
            raise TopicNotAnswerable()
        people = await topic_audience(session, [topic.id])
        return topic.process_id, people, f"/consulta/temas/{topic.id}"
    if kind == "progress":
        progress = await session.get(CommitmentComment, subject_id)
        if progress is None:
            raise CommentNotFound()
        people = {progress.author_id} if progress.author_id else set()
        link = f"/tablero/compromisos/{progress.commitment_id}#comentarios"
        return progress.process_id, people, link
    comment = await session.get(FeedbackComment, subject_id)
    if comment is None:
        raise CommentNotFound()
    people = {comment.author_id} if comment.author_id else set()
    # The website's page of the draft commitment (a fixed site path), where the answer shows.
    item = await session.get(FeedbackItem, comment.item_id)
    plan_code = item.plan_code if item else ""
    return comment.process_id, people, f"/plan-borrador/{plan_code}/{comment.item_id}"


async def find_response(session: AsyncSession, kind: str, subject_id: str) -> Response | None:
    query = select(Response).where(Response.subject_type == kind, Response.subject_id == subject_id)
    return (await session.execute(query)).scalars().first()


async def draft_response(
    session: AsyncSession, actor: Principal, kind: str, subject_id: str, data: ResponseDraft
) -> Response:
    """Write or rewrite the answer; a published answer stays published (change audited)."""
    process_id, _, _ = await _subject(session, kind, subject_id)
    response = await find_response(session, kind, subject_id)
    before = response.model_dump(mode="json") if response else None
    if response is None:
        response = Response(
            process_id=process_id, subject_type=kind, subject_id=subject_id, **data.model_dump()
        )
    else:
        response.state, response.justification = data.state, data.justification
        response.updated_at = datetime.now(UTC)
    response.drafted_by = actor.sub
    session.add(response)
    await session.flush()
    await audit.record(
        session,
        actor,
        "response.drafted",
        "response",
        response.id,
        before=before,
        after=response.model_dump(mode="json"),
    )
    return response


async def publish_response(
    session: AsyncSession, actor: Principal, kind: str, subject_id: str
) -> Response:
    """Publish the answer and tell the author and the followers (in-app and e-mail)."""
    response = await find_response(session, kind, subject_id)
    if response is None:
        raise ResponseNotFound()
    if response.status == "published":
        return response
    _, people, link = await _subject(session, kind, subject_id)
    response.status, response.published_at = "published", datetime.now(UTC)
    session.add(response)
    await session.flush()
    await audit.record(session, actor, "response.published", "response", response.id)
    what = WHAT[kind]
    await notify(
        session,
        people,
        "response_published",
        f"Respuesta a {what}: {STATE_ES[response.state]}",
        response.justification,
        link,
    )
    await announce(session, response.process_id)
    return response


# A person's notifications, the most recent first.
NOTIFICATIONS_ORDER = Keyset(Notification.created_at, Notification.id)


async def my_notifications(
    session: AsyncSession, account_id: str, limit: int, cursor: str | None
) -> tuple[list[Notification], str | None]:
    query = select(Notification).where(Notification.account_id == account_id)
    query = NOTIFICATIONS_ORDER.apply(query, cursor=cursor, limit=limit)
    return NOTIFICATIONS_ORDER.page((await session.execute(query)).scalars().all(), limit)


async def mark_read(session: AsyncSession, account_id: str, notification_id: str) -> None:
    """Mark one of one's own notices read (a repeat keeps the first time); another
    person's notice is answered as missing, so ids reveal nothing."""
    row = await session.get(Notification, notification_id)
    if row is None or row.account_id != account_id:
        raise NotificationNotFound()
    if row.read_at is None:
        row.read_at = datetime.now(UTC)
        session.add(row)
