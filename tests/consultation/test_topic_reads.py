"""The topic list and the topic page read on a lean path (Core selects, one validation) and
answer exactly what they answered when they loaded ORM entities: same fields, same values,
same bytes, with every optional part present (theme, commitment, answer, vote, CURP)
(issue 17, "fast reads")."""

from sqlalchemy import select

from consultation.responses.models import Response
from consultation.systematization.models import Theme, ThemeTopic
from consultation.topics.models import Topic
from consultation.topics.schemas import PublicAnswer, ThemeRef, TopicRead, TopicSummary
from consultation.votes.viewer import topic_viewer, voted_topics
from kit.tokens import Principal
from tests.consultation.conftest import propose
from tests.consultation.test_systematization import COMMITMENT_PUBLISHED, _theme, deliver
from tests.consultation.test_topic_viewer import CURP
from tests.consultation.test_votes import _set_rules


async def _orm_read(app, topic_id: str, viewer=None) -> bytes:
    """The topic page as the ORM path built it: the entity, its theme, its answer, the
    reader's vote and CURP, serialised by the schema as FastAPI does (``dump_json``)."""
    async with app.state.db.transaction(read_only=True) as session:
        topic = await session.get(Topic, topic_id)
        theme = (
            await session.execute(
                select(Theme.id, Theme.title, Theme.commitment_id)
                .join(ThemeTopic, ThemeTopic.theme_id == Theme.id)
                .where(ThemeTopic.topic_id == topic_id, Theme.status != "draft")
            )
        ).first()
        answer = (
            await session.execute(
                select(Response.state, Response.justification, Response.published_at).where(
                    Response.subject_type == "topic",
                    Response.subject_id == topic_id,
                    Response.status == "published",
                )
            )
        ).first()
        personal = {}
        if viewer is not None:
            voted, curp = await topic_viewer(session, viewer, topic_id, topic.process_id)
            personal = {"voted": voted, "curp_registered": curp}
        read = TopicRead(
            **topic.model_dump(),
            theme=ThemeRef(**theme._mapping) if theme else None,
            answer=PublicAnswer(**answer._mapping) if answer else None,
            **personal,
        )
    return read.model_dump_json().encode()


async def _orm_list(app, process_id: str, voter_key: str | None = None) -> list[dict]:
    async with app.state.db.transaction(read_only=True) as session:
        query = (
            select(Topic)
            .where(Topic.process_id == process_id, Topic.status == "published")
            .order_by(Topic.votes_count.desc(), Topic.id.desc())
        )
        topics = (await session.execute(query)).scalars().all()
        items = [TopicSummary.model_validate(t, from_attributes=True) for t in topics]
        if voter_key is not None:
            mine = await voted_topics(session, voter_key, [t.id for t in items])
            for item in items:
                item.voted = item.id in mine
    return [item.model_dump(mode="json") for item in items]


async def _seeded(consultation, process_id, citizen, token_for) -> tuple[dict, dict]:
    """A topic with a published theme that became a commitment, a published answer and
    Ana's vote, in a process that requires a CURP (hers registered); and a bare topic."""
    committee = token_for("committee")
    full = await propose(consultation, citizen("autora"), process_id)
    bare = await propose(consultation, citizen("autor"), process_id, title="Baches en la ciudad")
    theme = await _theme(consultation, process_id, committee)
    url = f"/themes/{theme['id']}"
    await consultation.post(f"{url}/topics", json={"topic_ids": [full["id"]]}, headers=committee)
    await consultation.post(f"{url}/publish", headers=committee)
    await consultation.post(f"{url}/promote", headers=committee)
    await deliver(
        consultation,
        "roadmaps.commitment.published.v1",
        COMMITMENT_PUBLISHED | {"source_theme_id": theme["id"]},
    )
    answer = {"state": "not_adopted", "justification": "La propuesta no compete a la APF."}
    topic_url = f"/topics/{full['id']}"
    await consultation.put(f"{topic_url}/response", json=answer, headers=committee)
    await consultation.post(f"{topic_url}/response/publish", headers=committee)
    ana = citizen("ana")
    assert (await consultation.post(f"{topic_url}/votes", headers=ana)).status_code == 201
    await _set_rules(consultation.app, process_id, requires_curp=True)
    assert (await consultation.post("/me/curp", json={"curp": CURP}, headers=ana)).status_code
    return full, bare


def _reader(name: str) -> Principal:
    """The principal the ``citizen(name)`` fixture's token stands for."""
    return Principal(sub=f"acct-{name}", role="citizen", claims={"voter_key": f"vk-{name}"})


async def test_the_topic_page_answers_the_same_bytes_as_the_orm_path(
    consultation, process_id, citizen, token_for
):
    full, bare = await _seeded(consultation, process_id, citizen, token_for)
    ana = citizen("ana")

    for topic in (full, bare):
        for name in (None, "ana", "beto"):
            headers = citizen(name) if name else None
            page = await consultation.get(f"/topics/{topic['id']}", headers=headers)
            viewer = _reader(name) if name else None
            assert page.content == await _orm_read(consultation.app, topic["id"], viewer)

    shown = (await consultation.get(f"/topics/{full['id']}", headers=ana)).json()
    assert shown["theme"]["commitment_id"] == "cmt-42"
    assert shown["answer"]["state"] == "not_adopted"
    assert shown["voted"] is True and shown["curp_registered"] is True


async def test_the_list_answers_what_the_orm_path_answered(
    consultation, process_id, citizen, token_for
):
    await _seeded(consultation, process_id, citizen, token_for)
    params = {"process_id": process_id}

    anonymous = await consultation.get("/topics", params=params)
    signed_in = await consultation.get("/topics", params=params, headers=citizen("ana"))

    expected = {"items": await _orm_list(consultation.app, process_id), "next_cursor": None}
    assert anonymous.json() == expected
    assert signed_in.json()["items"] == await _orm_list(consultation.app, process_id, "vk-ana")
    assert [t["voted"] for t in signed_in.json()["items"]] == [True, False]
    assert list(anonymous.json()["items"][0]) == list(TopicSummary.model_fields)
