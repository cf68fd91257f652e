"""Working-group meetings: attendance counted by sector and gender, and the yearly counts
per commitment that the compliance view reads."""

from typing import Any

import pytest
from sqlalchemy import select

from tests.roadmaps.workspace import GOV, PLAN, open_group


def meeting(held_on: str, cso: int = 2, **changes: Any) -> dict[str, Any]:
    body = {
        "held_on": held_on,
        "attendance": [
            {"sector": "government", "women": 3, "men": 2},
            {"sector": "cso", "women": cso, "men": 0, "other": 1 if cso else 0},
        ],
        "minutes": "Avance de la acción clave 1.",
        "agreements": ["Publicar la minuta"],
    }
    return body | changes


async def record(client, group, body: dict[str, Any], headers=None):
    response = await client.post(
        f"/commitments/{group.commitment_id}/meetings", json=body, headers=headers or group.as_(GOV)
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_meetings_are_counted_per_commitment_and_year(start_roadmaps, token_for):
    async with start_roadmaps(event_destinations={"tracking": "http://tracking"}) as roadmaps:
        first = await open_group(roadmaps, token_for, 1)
        second = await open_group(roadmaps, token_for, 2)
        await record(roadmaps, first, meeting("2020-02-11"))
        await record(roadmaps, first, meeting("2020-09-01", cso=0))
        await record(roadmaps, first, meeting("2021-03-15"))
        await record(roadmaps, second, meeting("2020-05-20"), headers=first.committee)

        stats = (await roadmaps.get(f"/plans/{PLAN}/meeting-stats")).json()
        only_2021 = await roadmaps.get(f"/plans/{PLAN}/meeting-stats", params={"year": 2021})
        async with roadmaps.app.state.db.transaction(read_only=True) as session:
            table = session.info["kit"].outbox
            rows = list(await session.exec(select(table).where(table.c.topic.like("%meeting%"))))

    rows_by_key = {(r["commitment_number"], r["year"]): r for r in stats["by_commitment"]}
    assert sorted(rows_by_key) == [(1, 2020), (1, 2021), (2, 2020)]
    first_2020 = rows_by_key[(1, 2020)]
    assert (first_2020["meetings"], first_2020["meetings_with_cso"]) == (2, 1)
    assert first_2020["attendees"] == {
        "total": 13,
        "women": 8,
        "men": 4,
        "other": 1,
        "by_sector": {"cso": 3, "government": 10},
    }
    assert [(y["year"], y["meetings"]) for y in stats["by_year"]] == [(2020, 3), (2021, 1)]
    assert [r["year"] for r in only_2021.json()["by_commitment"]] == [2021]
    assert len(rows) == 4
    payload = rows[0].payload
    assert payload["plan_code"] == PLAN
    assert payload["kind"] == "working_group"
    assert payload["with_civil_society"] is True
    assert payload["attendees_by_sector"]["government"] == {
        "women": 3,
        "men": 2,
        "other": 0,
        "total": 5,
    }


async def test_anyone_lists_the_meetings_of_a_published_commitment(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await record(roadmaps, group, meeting("2020-02-11"))
    await record(roadmaps, group, meeting("2020-03-10"))

    listed = await roadmaps.get(f"/commitments/{group.commitment_id}/meetings", params={"limit": 1})
    rest = await roadmaps.get(
        f"/commitments/{group.commitment_id}/meetings",
        params={"limit": 1, "cursor": listed.json()["next_cursor"]},
    )

    assert [m["held_on"] for m in listed.json()["items"]] == ["2020-03-10"]
    assert listed.json()["items"][0]["total_attendees"] == 8
    assert [m["held_on"] for m in rest.json()["items"]] == ["2020-02-11"]


async def test_draft_commitments_stay_out_of_the_public_counts(roadmaps, token_for):
    group = await open_group(roadmaps, token_for, publish=False)
    await record(roadmaps, group, meeting("2020-02-11"))

    public = (await roadmaps.get(f"/plans/{PLAN}/meeting-stats")).json()
    staff = (await roadmaps.get(f"/plans/{PLAN}/meeting-stats", headers=group.committee)).json()

    assert public["by_commitment"] == []
    assert len(staff["by_commitment"]) == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"held_on": "2999-01-01"}, "date_in_future"),
        (
            {"attendance": [{"sector": "cso", "women": 1}, {"sector": "cso", "men": 1}]},
            "duplicate_sector",
        ),
        ({"attendance": [{"sector": "government"}]}, "no_attendees"),
        ({"attendance": [{"sector": "gobierno", "women": 1}]}, "validation_error"),
    ],
)
async def test_bad_meetings_are_refused(roadmaps, token_for, changes, code):
    group = await open_group(roadmaps, token_for)

    response = await roadmaps.post(
        f"/commitments/{group.commitment_id}/meetings",
        json=meeting("2020-02-11") | changes,
        headers=group.as_(GOV),
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == code
    listed = await roadmaps.get(f"/commitments/{group.commitment_id}/meetings")
    assert listed.json()["items"] == []


async def test_only_members_or_the_committee_record_meetings(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    url = f"/commitments/{group.commitment_id}/meetings"

    outsider = await roadmaps.post(url, json=meeting("2020-02-11"), headers=token_for("cso"))
    citizen = await roadmaps.post(url, json=meeting("2020-02-11"), headers=token_for("citizen"))
    anonymous = await roadmaps.post(url, json=meeting("2020-02-11"))

    assert outsider.status_code == 403
    assert outsider.json()["error"]["code"] == "not_a_group_member"
    assert citizen.status_code == 403
    assert anonymous.status_code == 401


async def test_forum_and_committee_sessions_are_recorded_as_such(start_roadmaps, token_for):
    """A session of the forum or the Committee is the plan's, with its minutes, and its
    event says which kind it was (the compliance view counts them)."""
    async with start_roadmaps(event_destinations={"tracking": "http://tracking"}) as roadmaps:
        group = await open_group(roadmaps, token_for, 1)
        url = f"/plans/{PLAN}/meetings"
        minutes = "https://gobiernoabierto.mx/minutas/2020-02.pdf"
        forum = await roadmaps.post(
            url,
            json=meeting("2020-02-20", kind="forum", minutes_url=minutes),
            headers=group.committee,
        )
        committee = await roadmaps.post(
            url, json=meeting("2020-07-01", kind="committee"), headers=group.committee
        )
        by_member = await roadmaps.post(
            url, json=meeting("2020-07-02", kind="forum"), headers=group.as_(GOV)
        )
        no_kind = await roadmaps.post(url, json=meeting("2020-07-03"), headers=group.committee)
        unknown_plan = await roadmaps.post(
            "/plans/MX-0/meetings",
            json=meeting("2020-07-03", kind="forum"),
            headers=group.committee,
        )
        listed = (await roadmaps.get(url)).json()["items"]
        group_meetings = (await roadmaps.get(f"/commitments/{group.commitment_id}/meetings")).json()
        async with roadmaps.app.state.db.transaction(read_only=True) as session:
            table = session.info["kit"].outbox
            rows = list(await session.exec(select(table).where(table.c.topic.like("%meeting%"))))

    assert forum.status_code == 201 and committee.status_code == 201
    assert forum.json()["kind"] == "forum" and forum.json()["commitment_id"] is None
    assert forum.json()["minutes"] == "Avance de la acción clave 1."
    assert by_member.status_code == 403
    assert no_kind.status_code == 422 and unknown_plan.status_code == 404
    assert [(m["kind"], m["held_on"]) for m in listed] == [
        ("committee", "2020-07-01"),
        ("forum", "2020-02-20"),
    ]
    assert group_meetings["items"] == []
    payloads = sorted((r.payload for r in rows), key=lambda p: p["held_on"])
    assert [(p["kind"], p["commitment_id"], p["minutes_url"]) for p in payloads] == [
        ("forum", None, minutes),
        ("committee", None, None),
    ]
