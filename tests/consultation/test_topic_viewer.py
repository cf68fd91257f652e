"""A signed-in citizen's topic list and topic page say which topics she voted for (and, on
a process that requires a CURP, whether she registered hers); anonymous reads say nothing
personal and cost no extra query (issue 17)."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from tests.consultation.conftest import propose
from tests.consultation.test_votes import _set_rules

CURP = "HEGG560427MVZRRL04"


async def _voted(client, process_id: str, headers=None) -> dict[str, bool | None]:
    listing = await client.get("/topics", params={"process_id": process_id}, headers=headers)
    assert listing.status_code == 200, listing.text
    return {t["id"]: t["voted"] for t in listing.json()["items"]}


async def _read(client, topic_id: str, headers=None) -> dict:
    read = await client.get(f"/topics/{topic_id}", headers=headers)
    assert read.status_code == 200, read.text
    return read.json()


async def test_the_voter_sees_her_votes_others_see_theirs_anonymous_none(
    consultation, process_id, citizen
):
    a = await propose(consultation, citizen("autora"), process_id)
    b = await propose(consultation, citizen("autor"), process_id, title="Baches en la ciudad")
    ana, beto = citizen("ana"), citizen("beto")
    assert (await consultation.post(f"/topics/{a['id']}/votes", headers=ana)).status_code == 201

    assert await _voted(consultation, process_id, ana) == {a["id"]: True, b["id"]: False}
    assert await _voted(consultation, process_id, beto) == {a["id"]: False, b["id"]: False}
    assert await _voted(consultation, process_id) == {a["id"]: None, b["id"]: None}
    assert (await _read(consultation, a["id"], ana))["voted"] is True
    assert (await _read(consultation, b["id"], ana))["voted"] is False
    assert (await _read(consultation, a["id"], beto))["voted"] is False
    anonymous = await _read(consultation, a["id"])
    assert anonymous["voted"] is None and anonymous["curp_registered"] is None


async def test_withdrawing_the_vote_makes_it_false_again(consultation, process_id, citizen):
    topic = await propose(consultation, citizen("autora"), process_id)
    ana = citizen("ana")
    await consultation.post(f"/topics/{topic['id']}/votes", headers=ana)
    assert (await _read(consultation, topic["id"], ana))["voted"] is True

    withdrawn = await consultation.delete(f"/topics/{topic['id']}/votes/mine", headers=ana)

    assert withdrawn.status_code == 204
    assert await _voted(consultation, process_id, ana) == {topic["id"]: False}
    assert (await _read(consultation, topic["id"], ana))["voted"] is False


async def test_the_topic_says_whether_the_required_curp_is_registered(
    consultation, process_id, citizen
):
    topic = await propose(consultation, citizen("autora"), process_id)
    ana = citizen("ana")
    assert (await _read(consultation, topic["id"], ana))["curp_registered"] is None

    await _set_rules(consultation.app, process_id, requires_curp=True)
    before = await _read(consultation, topic["id"], ana)
    registered = await consultation.post("/me/curp", json={"curp": CURP}, headers=ana)
    after = await _read(consultation, topic["id"], ana)

    assert registered.status_code == 201
    assert before["curp_registered"] is False and after["curp_registered"] is True
    assert (await _read(consultation, topic["id"], citizen("beto")))["curp_registered"] is False


async def test_a_personal_answer_is_never_kept_by_a_shared_cache(consultation, process_id, citizen):
    topic = await propose(consultation, citizen("autora"), process_id)
    ana = citizen("ana")
    params = {"process_id": process_id}

    listing = await consultation.get("/topics", params=params, headers=ana)
    read = await consultation.get(f"/topics/{topic['id']}", headers=ana)

    for answer in (listing, read):
        assert "private" in answer.headers["cache-control"]
        assert "public" not in answer.headers["cache-control"]


@contextmanager
def _statements(app) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block."""
    seen: list[str] = []
    engine = app.state.db.engine.sync_engine

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


async def test_the_list_costs_one_query_more_for_a_citizen_whatever_the_page_size(
    consultation, process_id, citizen
):
    ana = citizen("ana")
    for n in range(6):
        topic = await propose(consultation, citizen(f"autor{n}"), process_id, title=f"Tema {n}")
        if n % 2:
            await consultation.post(f"/topics/{topic['id']}/votes", headers=ana)

    extra = {}
    for limit in (2, 6):
        params = {"process_id": process_id, "limit": limit}
        with _statements(consultation.app) as anonymous:
            assert (await consultation.get("/topics", params=params)).status_code == 200
        with _statements(consultation.app) as signed_in:
            page = await consultation.get("/topics", params=params, headers=ana)
        assert len(page.json()["items"]) == limit
        assert not any("FROM vote" in s for s in anonymous)
        extra[limit] = len(signed_in) - len(anonymous)

    assert extra == {2: 1, 6: 1}


async def test_each_read_is_one_statement_and_one_more_for_a_citizen(
    consultation, process_id, citizen
):
    """The list and the topic page (theme, commitment and answer joined in) are one query
    each; a citizen's vote (and CURP) on what she reads is one more."""
    topic = await propose(consultation, citizen("autora"), process_id)
    ana = citizen("ana")
    await consultation.post(f"/topics/{topic['id']}/votes", headers=ana)
    reads = {
        "list": ("/topics", {"process_id": process_id}),
        "topic": (f"/topics/{topic['id']}", {}),
    }

    counted = {}
    for name, (url, params) in reads.items():
        for reader, headers in (("anonymous", None), ("citizen", ana)):
            with _statements(consultation.app) as seen:
                answer = await consultation.get(url, params=params, headers=headers)
            assert answer.status_code == 200
            # The transaction's own BEGIN (SQLite emits it as a statement) is kit.db's.
            counted[name, reader] = [s for s in seen if not s.startswith("BEGIN")]

    assert {k: len(v) for k, v in counted.items()} == {
        ("list", "anonymous"): 1,
        ("list", "citizen"): 2,
        ("topic", "anonymous"): 1,
        ("topic", "citizen"): 2,
    }
