"""One person, one vote per topic, decided by the database; votes only while the
consultation is open (Mexico City days); verified e-mail, and CURP where a process asks."""

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from consultation.votes.models import Vote
from tests.consultation.conftest import mx_today, propose, topic_body


async def _counts(app, topic_id: str) -> tuple[int, int]:
    from consultation.topics.models import Topic

    async with app.state.db.transaction(read_only=True) as session:
        rows = await session.execute(
            select(func.count()).select_from(Vote).where(Vote.topic_id == topic_id)
        )
        topic = await session.get(Topic, topic_id)
        return rows.scalar_one(), topic.votes_count


async def test_first_vote_201_repeat_409(consultation, process_id, citizen):
    topic = await propose(consultation, citizen(), process_id)
    voter = citizen("beto")

    first = await consultation.post(f"/topics/{topic['id']}/votes", headers=voter)
    again = await consultation.post(f"/topics/{topic['id']}/votes", headers=voter)
    read = await consultation.get(f"/topics/{topic['id']}")

    assert first.status_code == 201 and first.json() == {"topic_id": topic["id"], "votes_count": 1}
    assert again.status_code == 409 and again.json()["error"]["code"] == "vote_already_cast"
    assert read.json()["votes_count"] == 1


async def test_same_person_with_a_new_account_cannot_vote_twice(
    consultation, process_id, citizen, token_for
):
    topic = await propose(consultation, citizen(), process_id)
    old = token_for("citizen", sub="acct-old", email_verified=True, voter_key="vk-same")
    new = token_for("citizen", sub="acct-new", email_verified=True, voter_key="vk-same")

    assert (await consultation.post(f"/topics/{topic['id']}/votes", headers=old)).status_code == 201
    again = await consultation.post(f"/topics/{topic['id']}/votes", headers=new)
    assert again.status_code == 409


async def test_race_200_people_5_times_each(consultation, process_id, citizen):
    """Exactly one vote per person; every 2xx has its row; no 5xx."""
    topic = await propose(consultation, citizen(), process_id)
    url = f"/topics/{topic['id']}/votes"
    people = [citizen(f"p{n}") for n in range(200)]
    requests = [consultation.post(url, headers=h) for h in people for _ in range(5)]

    responses = await asyncio.gather(*requests)

    codes = [r.status_code for r in responses]
    assert codes.count(201) == 200
    assert codes.count(409) == 800
    assert all(
        r.json()["error"]["code"] == "vote_already_cast" for r in responses if r.status_code == 409
    )
    assert await _counts(consultation.app, topic["id"]) == (200, 200)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-8, "phase_closed"), (-7, None), (13, None), (14, "phase_closed")],
    ids=["day-before", "first-day", "last-day", "day-after"],
)
async def test_votes_only_inside_the_consultation_dates(
    consultation, process_id, citizen, set_today, offset, expected
):
    topic = await propose(consultation, citizen(), process_id)
    set_today(mx_today() + timedelta(days=offset))

    response = await consultation.post(f"/topics/{topic['id']}/votes", headers=citizen())

    if expected is None:
        assert response.status_code == 201
    else:
        assert response.status_code == 409 and response.json()["error"]["code"] == expected
        assert await _counts(consultation.app, topic["id"]) == (0, 0)


async def test_the_day_follows_mexico_city_not_utc(monkeypatch):
    from datetime import UTC, date, datetime

    from consultation.processes.phases import mexico_city_today

    # 02:00 UTC on 1 March is still 28 February in Mexico City (UTC-6).
    assert mexico_city_today(datetime(2025, 3, 1, 2, 0, tzinfo=UTC)) == date(2025, 2, 28)


async def test_withdraw_vote_while_open(consultation, process_id, citizen, set_today):
    topic = await propose(consultation, citizen(), process_id)
    voter = citizen("carla")
    url = f"/topics/{topic['id']}/votes"
    await consultation.post(url, headers=voter)

    removed = await consultation.delete(f"{url}/mine", headers=voter)
    twice = await consultation.delete(f"{url}/mine", headers=voter)
    again = await consultation.post(url, headers=voter)
    set_today(mx_today() + timedelta(days=14))
    closed = await consultation.delete(f"{url}/mine", headers=voter)

    assert removed.status_code == 204
    assert twice.status_code == 404 and twice.json()["error"]["code"] == "vote_not_found"
    assert again.status_code == 201 and again.json()["votes_count"] == 1
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "phase_closed"
    assert await _counts(consultation.app, topic["id"]) == (1, 1)


async def test_voting_needs_a_verified_email_and_a_citizen(
    consultation, process_id, citizen, token_for
):
    topic = await propose(consultation, citizen(), process_id)
    url = f"/topics/{topic['id']}/votes"

    unverified = await consultation.post(url, headers=citizen(email_verified=False))
    anonymous = await consultation.post(url)
    staff = await consultation.post(url, headers=token_for("government", email_verified=True))

    assert unverified.status_code == 403
    assert unverified.json()["error"]["code"] == "email_not_verified"
    assert anonymous.status_code == 401
    assert staff.status_code == 403
    assert await _counts(consultation.app, topic["id"]) == (0, 0)


async def test_unknown_topic_is_404(consultation, citizen):
    response = await consultation.post("/topics/doesnotexist/votes", headers=citizen())
    assert response.status_code == 404 and response.json()["error"]["code"] == "topic_not_found"


async def _set_rules(app, process_id: str, **values) -> None:
    from sqlalchemy import update

    from consultation.processes.models import Process

    async with app.state.db.transaction() as session:
        await session.execute(update(Process).where(Process.id == process_id).values(**values))


async def test_per_process_cap_is_enforced_atomically(consultation, process_id, citizen):
    await _set_rules(consultation.app, process_id, votes_per_person=2)
    topics = [await propose(consultation, citizen(), process_id) for _ in range(4)]
    voter = citizen("dana")

    responses = await asyncio.gather(
        *[consultation.post(f"/topics/{t['id']}/votes", headers=voter) for t in topics]
    )
    codes = sorted(r.status_code for r in responses)
    withdrawn_one = next(t for t, r in zip(topics, responses, strict=True) if r.status_code == 201)
    await consultation.delete(f"/topics/{withdrawn_one['id']}/votes/mine", headers=voter)
    blocked = next(t for t, r in zip(topics, responses, strict=True) if r.status_code == 409)
    after_withdraw = await consultation.post(f"/topics/{blocked['id']}/votes", headers=voter)

    assert codes == [201, 201, 409, 409]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "vote_limit_reached"
    }
    assert after_withdraw.status_code == 201


async def test_process_requiring_curp(consultation, process_id, citizen):
    await _set_rules(consultation.app, process_id, requires_curp=True)
    topic = await propose(consultation, citizen(), process_id)
    voter = citizen("eva")
    url = f"/topics/{topic['id']}/votes"

    before = await consultation.post(url, headers=voter)
    registered = await consultation.post(
        "/me/curp", json={"curp": "HEGG560427MVZRRL04"}, headers=voter
    )
    after = await consultation.post(url, headers=voter)

    assert before.status_code == 403 and before.json()["error"]["code"] == "curp_required"
    assert registered.status_code == 201 and registered.json()["curp_verified"] is True
    assert after.status_code == 201


async def _process(consultation, token_for, code: str, **rules) -> dict:
    start = mx_today() - timedelta(days=7)
    phases = [
        {"key": "consultation", "starts_on": str(start), "ends_on": str(start + timedelta(20))}
    ]
    body = {"plan_code": code, "title": f"Plan {code}", "phases": phases} | rules
    response = await consultation.post("/processes", json=body, headers=token_for("committee"))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize("rules", [{}, {"votes_per_person": 3}], ids=["uncapped", "capped"])
async def test_a_closed_consultation_answers_the_one_phase_gate_error_on_every_path(
    consultation, token_for, citizen, set_today, rules
):
    """The same body (code, message and details) from the one-statement vote (PostgreSQL,
    uncapped), the multi-statement vote (SQLite, or a capped process), the withdrawal and
    the phase gate of the other routes (proposing a topic)."""
    process = await _process(consultation, token_for, "MX-GATE", **rules)
    topic = await propose(consultation, citizen(), process["id"])
    phase = process["phases"][0]
    day = date.fromisoformat(phase["ends_on"]) + timedelta(days=1)
    set_today(day)
    voter = citizen("gema")

    voted = await consultation.post(f"/topics/{topic['id']}/votes", headers=voter)
    withdrawn = await consultation.delete(f"/topics/{topic['id']}/votes/mine", headers=voter)
    proposed = await consultation.post("/topics", json=topic_body(process["id"]), headers=citizen())

    details = {
        "phase": "consultation",
        "today": day.isoformat(),
        "starts_on": phase["starts_on"],
        "ends_on": phase["ends_on"],
    }
    expected = {"code": "phase_closed", "message": "Esa fase del proceso no está abierta hoy."}
    assert voted.status_code == withdrawn.status_code == proposed.status_code == 409
    for answer in (voted, withdrawn, proposed):
        error = answer.json()["error"]
        assert {k: error[k] for k in ("code", "message")} == expected
        assert error["details"] == details


@pytest.mark.parametrize("rules", [{"votes_per_person": 3}, {"requires_curp": True}])
async def test_on_postgresql_the_hot_path_casts_capped_and_curp_votes_itself(
    consultation, token_for, citizen, monkeypatch, rules
):
    """The vote statement's row decides the process rules; a capped or CURP process goes on
    from it in one transaction instead of casting the whole vote again through the route."""
    if consultation.app.state.db.sqlite:
        pytest.skip("the hot path runs on PostgreSQL only")
    from consultation.votes import service

    async def through_the_route(*args, **kwargs):
        raise AssertionError("the vote went through the route")

    monkeypatch.setattr(service, "cast_vote", through_the_route)
    process = await _process(consultation, token_for, "MX-RULES", **rules)
    topic = await propose(consultation, citizen(), process["id"])
    voter = citizen("hugo")
    if rules.get("requires_curp"):
        curp = await consultation.post(
            "/me/curp", json={"curp": "HEGG560427MVZRRL04"}, headers=voter
        )
        assert curp.status_code == 201, curp.text

    voted = await consultation.post(f"/topics/{topic['id']}/votes", headers=voter)
    again = await consultation.post(f"/topics/{topic['id']}/votes", headers=voter)

    assert voted.status_code == 201 and voted.json()["votes_count"] == 1
    assert again.status_code == 409 and again.json()["error"]["code"] == "vote_already_cast"
    assert await _counts(consultation.app, topic["id"]) == (1, 1)
