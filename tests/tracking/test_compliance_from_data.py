"""The compliance view is computed from data: forum and Committee sessions recorded as such
(with their minutes), the answered share as the consultation counts it, and repository
freshness from the days the public data changed; each check shows its evidence and when
it was computed."""

import asyncio
from datetime import UTC, date, datetime, timedelta

from alembic import command
from sqlalchemy import delete, select

from kit.migrations import alembic_config
from tests.conftest import ROOT
from tests.tracking.conftest import deliver, event, tracked_commitment
from tracking.commitments.models import PublicDataChange

PERIOD = {"period_starts_on": "2020-01-01", "period_ends_on": "2021-12-31"}


def meeting(n: int, held_on: str, kind: str, **extra) -> dict:
    body = {"meeting_id": f"m{n}", "plan_code": "MX-4PA", "held_on": held_on, "kind": kind}
    body |= {"commitment_id": None, "commitment_number": None, "minutes_url": None}
    body |= {"attendees_by_sector": {}, "attendees_total": 0, "with_civil_society": False}
    return event("roadmaps.meeting.recorded.v1", body | extra)


def tally(computed_at: str, contributions: int, answered: int) -> dict:
    body = {"process_id": "p4", "plan_code": "MX-4PA", "computed_at": computed_at}
    body |= {"contributions": contributions, "answered": answered}
    body |= {"topics": {"total": contributions, "answered": answered}}
    body |= {"comments": {"total": 0, "answered": 0}}
    event_ = event("consultation.responses.tallied.v1", body)
    return event_ | {"source": "consultation"}


async def _checks(tracking) -> dict:
    result = (await tracking.get("/plans/MX-4PA/compliance")).json()
    return {c["key"]: c for c in result["checks"]}


async def test_forum_and_committee_sessions_are_counted_with_their_minutes(tracking, token_for):
    await tracked_commitment(tracking)
    await tracking.put(
        "/plans/MX-4PA/compliance-inputs", json=PERIOD, headers=token_for("committee")
    )
    held = ["2020-03-01", "2020-08-01", "2021-01-15", "2021-06-30", "2021-12-01"]
    for n, day in enumerate(held):
        kind = "committee" if n % 2 else "forum"
        minutes = f"https://example.org/minutas/{n}.pdf"
        assert (await deliver(tracking, meeting(n, day, kind, minutes_url=minutes))).is_success
    # A working-group meeting is not a session of the forum.
    await deliver(tracking, meeting(9, "2020-05-01", "working_group", with_civil_society=True))

    forum = (await _checks(tracking))["forum_every_six_months"]

    assert forum["status"] == "met"
    assert forum["evidence"]["meetings"] == 5
    sessions = forum["evidence"]["sessions"]
    assert [s["kind"] for s in sessions] == ["forum", "committee"] * 2 + ["forum"]
    assert sessions[0]["minutes_url"] == "https://example.org/minutas/0.pdf"
    assert datetime.fromisoformat(forum["computed_at"]) <= datetime.now(UTC)


async def test_the_answered_share_comes_from_the_consultation(tracking, token_for):
    await tracked_commitment(tracking)
    typed = await tracking.put(
        "/plans/MX-4PA/compliance-inputs",
        json=PERIOD | {"contributions_total": 10, "contributions_answered": 10},
        headers=token_for("committee"),
    )
    before = (await _checks(tracking))["reasoned_response"]
    await deliver(tracking, tally("2021-03-01T10:00:00+00:00", 200, 200))
    late = await deliver(tracking, tally("2021-02-01T10:00:00+00:00", 150, 90))  # older
    after = (await _checks(tracking))["reasoned_response"]

    assert typed.status_code == 422 and "error" in typed.json()
    assert before["status"] == "no_data"
    assert late.is_success
    assert after["status"] == "met"
    assert after["evidence"]["contributions"] == 200 and after["evidence"]["answered"] == 200
    assert after["evidence"]["tallied_at"].startswith("2021-03-01T10:00:00")
    assert "consultation.responses.tallied.v1" in after["computed_from"]


async def test_repository_freshness_is_the_days_the_public_data_changed(tracking, token_for):
    await tracked_commitment(tracking)
    today = date.today()
    inputs = {"period_starts_on": (today - timedelta(days=40)).isoformat()}
    inputs["period_ends_on"] = (today + timedelta(days=400)).isoformat()
    await tracking.put(
        "/plans/MX-4PA/compliance-inputs", json=inputs, headers=token_for("committee")
    )
    async with tracking.app.state.db.transaction() as session:
        await session.execute(delete(PublicDataChange))
        for days_ago in (30, 10):
            day = {"plan_code": "MX-4PA", "changed_on": today - timedelta(days=days_ago)}
            session.add(PublicDataChange(**day))
    await deliver(tracking, meeting(1, today.isoformat(), "working_group"))  # changes today
    await deliver(tracking, meeting(2, today.isoformat(), "working_group"))  # the same day

    repository = (await _checks(tracking))["repository_updated"]

    changed = [(today - timedelta(days=d)).isoformat() for d in (30, 10, 0)]
    assert repository["evidence"]["changed_on"] == changed
    assert repository["evidence"]["total"] == 3
    assert "public_data_change" in repository["computed_from"]


async def test_the_migration_backfills_the_days_already_known(tracking):
    await tracked_commitment(tracking)
    await deliver(tracking, meeting(1, "2020-03-01", "forum", minutes_url="https://x.org/1"))
    config = alembic_config(
        ROOT / "services" / "tracking", tracking.app.state.settings.database_url
    )
    await asyncio.to_thread(command.downgrade, config, "integrity_stats_02-1")
    await asyncio.to_thread(command.upgrade, config, "head")
    async with tracking.app.state.db.transaction(read_only=True) as session:
        days = set((await session.execute(select(PublicDataChange.changed_on))).scalars())
    assert date.today() in days or datetime.now(UTC).date() in days
