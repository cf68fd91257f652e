"""The roadmaps' open data: working groups with their public members and meetings with
their attendance counts, as a Frictionless package; no account, e-mail or attendee."""

import frictionless
import pytest

from kit.demo import ACCOUNTS_ENV
from roadmaps.config import RoadmapsSettings
from roadmaps.demo import load_demo
from roadmaps.main import create_app
from tests.conftest import Databases, migrate, running, service_settings
from tests.consultation.test_open_data import demo_accounts_file

PERSONAL = {"account_id", "added_by", "recorded_by", "email", "drafted_by"}


@pytest.fixture(autouse=True)
def _demo_accounts(monkeypatch, tmp_path):
    monkeypatch.setenv(ACCOUNTS_ENV, demo_accounts_file(tmp_path / "demo-accounts.json"))


MEMBER = {
    "account_id": "acct-ana",
    "name": "Ana López",
    "organization": "Secretaría de Bienestar",
    "sector": "government",
    "group_role": "responsible_public_servant",
}
MEETING = {
    "kind": "forum",
    "held_on": "2020-02-11",
    "attendance": [
        {"sector": "government", "women": 3, "men": 2, "other": 0},
        {"sector": "cso", "women": 2, "men": 1, "other": 1},
    ],
    "minutes": "Se presentó el avance del plan y se acordó el calendario.",
    "agreements": ["Publicar la minuta"],
}


async def _demo_client(databases: Databases, jwks_file: str, token_for):
    """The 4th plan's demo, with a member and a forum session (the rest of the demo
    cycle waits for consultation's events)."""
    url = await databases.new("roadmaps")
    await migrate("roadmaps", url)
    settings = service_settings(RoadmapsSettings, url, jwks_file)
    await load_demo(settings)
    async with running(create_app(settings)) as client:
        first = (await client.get("/commitments", params={"plan_code": "MX-4PA"})).json()
        committee = token_for("committee")
        path = f"/commitments/{first['items'][0]['id']}/working-group/members"
        added = await client.post(path, json=MEMBER, headers=committee)
        held = await client.post("/plans/MX-4PA/meetings", json=MEETING, headers=committee)
        assert (added.status_code, held.status_code) == (201, 201), (added.text, held.text)
    return running(create_app(settings))


async def test_the_package_validates_and_every_resource_has_rows(
    databases: Databases, jwks_file, tmp_path, token_for
):
    async with await _demo_client(databases, jwks_file, token_for) as client:
        package = await client.get("/open-data/datapackage.json")
        (tmp_path / "datapackage.json").write_text(package.text)
        for res in package.json()["resources"]:
            answer = await client.get(f"/open-data/{res['path']}")
            assert answer.status_code == 200, answer.text
            assert answer.headers["etag"] and answer.headers["last-modified"]
            assert len(answer.text.splitlines()) > 1, res["name"]
            (tmp_path / res["path"]).write_bytes(answer.content)
        not_modified = await client.get(
            "/open-data/meetings.json",
            headers={"If-Modified-Since": answer.headers["last-modified"]},
        )

    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [r["name"] for r in package.json()["resources"]] == [
        "working_groups",
        "working_group_members",
        "meetings",
        "meeting_attendance",
    ]
    assert not_modified.status_code == 304


async def test_groups_members_and_meetings_match_the_public_reads(
    databases: Databases, jwks_file, token_for
):
    async with await _demo_client(databases, jwks_file, token_for) as client:
        groups = (await client.get("/open-data/working_groups.json")).json()
        members = (await client.get("/open-data/working_group_members.json")).json()
        meetings = (await client.get("/open-data/meetings.json")).json()
        attendance = (await client.get("/open-data/meeting_attendance.json")).json()
        with_members = next(g for g in groups if g["members"])
        group = await client.get(f"/commitments/{with_members['commitment_id']}/working-group")
        meeting = meetings[0]
        listed = await client.get(f"/plans/{meeting['plan_code']}/meetings")
        if meeting["commitment_id"]:
            listed = await client.get(f"/commitments/{meeting['commitment_id']}/meetings")

    assert all(PERSONAL.isdisjoint(row) for row in (groups[0], members[0], meetings[0]))
    public = group.json()["members"]
    mine = [m for m in members if m["commitment_id"] == with_members["commitment_id"]]
    assert sorted((m["name"], m["sector"], m["group_role"]) for m in mine) == sorted(
        (m["name"], m["sector"], m["group_role"]) for m in public
    )
    assert with_members["members"] == len(public)
    read = next(m for m in listed.json()["items"] if m["id"] == meeting["id"])
    assert meeting["attendees_total"] == read["total_attendees"]
    counted = [a for a in attendance if a["meeting_id"] == meeting["id"]]
    assert sum(a["total"] for a in counted) == read["total_attendees"]
