"""Public reads rendered once per data version (kit.freshness, kit.conditional): every write
the API offers shows at once in the next read, a revalidation gets a 304, and every table a
cached read queries is watched by the scope its cache uses."""

import re
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import delete, event, insert, update

from kit.conditional import JsonCache
from roadmaps.commitments.models import Commitment
from roadmaps.db import COMMITMENTS, ROADMAPS
from roadmaps.groups.models import WorkingGroupMember
from roadmaps.main import SCOPES
from tests.roadmaps.workspace import CSO, GOV, PLAN, editable, open_group

LIST = {"plan_code": PLAN}


async def _create(client, committee, number: int) -> dict:
    body = {"plan_code": PLAN, "number": number, "slug": f"c-{number}", "title": f"C {number}"}
    created = await client.post("/commitments", json=body, headers=committee)
    assert created.status_code == 201, created.text
    return created.json()


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [c["title"] for c in response.json()["items"]]


async def test_commitment_writes_show_at_once_in_the_list_and_the_commitment(roadmaps, token_for):
    committee = token_for("committee", sub="sfp-comite")
    assert _titles(await roadmaps.get("/commitments", params=LIST)) == []
    draft = await _create(roadmaps, committee, 1)
    url = f"/commitments/{draft['id']}"
    assert (await roadmaps.get(url)).status_code == 404  # a draft, for the public
    first = await roadmaps.get(url, headers=committee)
    assert (first.headers["etag"], first.json()["title"]) == ('"1"', "C 1")

    patched = await roadmaps.patch(
        url, json={"title": "Gasto abierto"}, headers=committee | {"If-Match": '"1"'}
    )
    assert patched.status_code == 200, patched.text
    second = await roadmaps.get(url, headers=committee)
    assert (second.headers["etag"], second.json()["title"]) == ('"2"', "Gasto abierto")
    # The ETag a PATCH needs is still the commitment's version: a stale one is a 412.
    stale = await roadmaps.patch(
        url, json={"title": "Otro título"}, headers=committee | {"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert _titles(await roadmaps.get("/commitments", params=LIST)) == []

    assert (await roadmaps.post(f"{url}/publish", headers=committee)).status_code == 200
    assert _titles(await roadmaps.get("/commitments", params=LIST)) == ["Gasto abierto"]
    public = await roadmaps.get(url)
    assert public.status_code == 200
    assert (public.headers["etag"], public.json()["status"]) == ('"3"', "published")


async def test_the_public_list_answers_304_until_a_commitment_changes(roadmaps, token_for):
    committee = token_for("committee", sub="sfp-comite")
    first = await _create(roadmaps, committee, 1)
    await roadmaps.post(f"/commitments/{first['id']}/publish", headers=committee)
    listed = await roadmaps.get("/commitments", params=LIST)
    tag = listed.headers["etag"]
    assert listed.headers["cache-control"].startswith("public")

    again = await roadmaps.get("/commitments", params=LIST, headers={"If-None-Match": tag})
    assert (again.status_code, again.content) == (304, b"")

    second = await _create(roadmaps, committee, 2)
    await roadmaps.post(f"/commitments/{second['id']}/publish", headers=committee)
    changed = await roadmaps.get("/commitments", params=LIST, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != tag
    assert _titles(changed) == ["C 1", "C 2"]


async def test_an_answer_to_a_signed_in_reader_is_private(roadmaps, token_for):
    citizen = token_for("citizen", sub="ciudadana")
    listed = await roadmaps.get("/commitments", params=LIST, headers=citizen)
    assert listed.status_code == 200
    assert listed.headers["cache-control"].startswith("private")
    assert "public" not in listed.headers["cache-control"]


async def test_a_draft_seer_never_gets_the_public_list_nor_the_public_its(roadmaps, token_for):
    committee = token_for("committee", sub="sfp-comite")
    published = await _create(roadmaps, committee, 1)
    await roadmaps.post(f"/commitments/{published['id']}/publish", headers=committee)
    await _create(roadmaps, committee, 2)  # a draft

    public = await roadmaps.get("/commitments", params=LIST)
    staff = await roadmaps.get("/commitments", params=LIST, headers=committee)
    public_again = await roadmaps.get("/commitments", params=LIST)
    revalidated = await roadmaps.get(
        "/commitments", params=LIST, headers=committee | {"If-None-Match": public.headers["etag"]}
    )

    assert _titles(public) == _titles(public_again) == ["C 1"]
    assert _titles(staff) == ["C 1", "C 2"]
    assert _titles(revalidated) == ["C 1", "C 2"]  # never a 304 on the public's ETag


async def test_every_roadmap_write_shows_at_once_to_the_group_and_the_public(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    assert (await group.get(as_=None)).status_code == 404  # nothing published yet
    created = await group.create_roadmap()
    member_read = await group.get("osc-eva")
    assert member_read.headers["etag"] == created.headers["etag"] == '"1"'
    assert (await group.get(as_=None)).status_code == 404

    saved = await group.put(editable(member_read.json(), final_result="Otro resultado"), '"1"')
    assert saved.status_code == 200, saved.text
    shown = await group.get("osc-eva")
    assert (shown.headers["etag"], shown.json()["content"]["final_result"]) == (
        '"2"',
        "Otro resultado",
    )

    assert (await group.post("submit")).status_code == 200
    assert (await group.get("osc-eva")).json()["status"] == "in_review"
    await group.review_session([GOV, CSO])
    assert (await group.get("osc-eva")).json()["review_sessions_held"] == 1
    await group.review_session([GOV, CSO], held_on="2019-08-19")
    assert (await group.get("osc-eva")).json()["review_sessions_held"] == 2
    for signer, count in ((GOV, 1), (CSO, 2)):
        assert (await group.sign(signer)).status_code == 201
        assert len((await group.get("osc-eva")).json()["sign_offs"]) == count
    assert (await group.post("agree")).status_code == 200
    assert (await group.get("osc-eva")).json()["status"] == "agreed"
    assert (await group.get(as_=None)).status_code == 404
    assert (await group.post("publish", as_="committee")).status_code == 200

    public = await group.get(as_=None)
    assert public.status_code == 200
    assert (public.headers["etag"], public.json()["status"]) == ('"2"', "published")
    assert (await group.get("osc-eva")).json()["status"] == "published"

    amended = editable(public.json(), final_result="Enmendado", justification="Cambio de sede.")
    assert (await group.put(amended, '"2"')).status_code == 200
    public = await group.get(as_=None)
    assert (public.headers["etag"], public.json()["content"]["final_result"]) == (
        '"3"',
        "Enmendado",
    )
    # The ETag a PUT needs is still the version: a stale one is a 412, none a 428.
    assert (await group.put(amended, '"2"')).status_code == 412
    assert (await group.put(amended, None)).status_code == 428


async def test_membership_changes_show_at_once(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    assert (await group.get("osc-eva")).json()["status"] == "draft"  # she sees the draft
    assert (await group.get(GOV)).json()["missing_elements"] == []

    members = f"/commitments/{group.commitment_id}/working-group/members"
    removed = await roadmaps.delete(f"{members}/osc-eva", headers=group.committee)
    assert removed.status_code == 204
    assert (await group.get("osc-eva")).status_code == 404  # no longer the working version
    await group.add("osc-eva", "Eva Ruiz", "cso")
    assert (await group.get("osc-eva")).json()["status"] == "draft"

    removed = await roadmaps.delete(f"{members}/{GOV}", headers=group.committee)
    assert removed.status_code == 204
    assert (await group.get(CSO)).json()["missing_elements"] != []


async def _versions(app) -> dict[str, int]:
    versions = app.state.data_versions
    async with app.state.db.transaction(read_only=True) as session:
        return {scope: await versions.current(session, scope) for scope in SCOPES}


async def test_every_kind_of_write_bumps_its_scopes_and_a_no_op_does_not(roadmaps, token_for):
    app = roadmaps.app
    committee = token_for("committee", sub="sfp-comite")
    commitment = await _create(roadmaps, committee, 1)
    before = await _versions(app)

    async def bumped(write) -> set[str]:
        nonlocal before
        async with app.state.db.transaction() as session:
            await write(session)
        after = await _versions(app)
        changed = {scope for scope in after if after[scope] != before[scope]}
        before = after
        return changed

    table = Commitment.__table__

    async def orm_flush(session):
        row = await session.get(Commitment, commitment["id"])
        row.title = "Cambiado por el ORM"

    async def no_op(session):
        row = await session.get(Commitment, commitment["id"])
        row.title = row.title  # no change: no new version

    async def core_update(session):
        await session.execute(update(table).values(summary="Core"))

    async def orm_update(session):
        await session.execute(update(Commitment).values(summary="ORM"))

    async def member_insert(session):
        row = {"commitment_id": commitment["id"], "account_id": "x", "name": "X", "sector": "cso"}
        row |= {"group_role": "member", "added_at": datetime.now(UTC)}
        await session.execute(insert(WorkingGroupMember).values(**row))

    async def member_delete(session):
        await session.execute(
            delete(WorkingGroupMember).where(WorkingGroupMember.account_id == "x")
        )

    assert await bumped(orm_flush) == {COMMITMENTS, ROADMAPS}
    assert await bumped(no_op) == set()
    assert await bumped(core_update) == {COMMITMENTS, ROADMAPS}
    assert await bumped(orm_update) == {COMMITMENTS, ROADMAPS}
    assert await bumped(member_insert) == {ROADMAPS}
    assert await bumped(member_delete) == {ROADMAPS}


_TABLES = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


@contextmanager
def _tables_queried(app):
    seen: set[str] = set()
    engine = app.state.db.engine.sync_engine

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.update(_TABLES.findall(statement))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_every_table_a_cached_read_queries_is_watched_by_its_scope(roadmaps, token_for):
    """A later change to a read that queries one more table fails here, not in production
    as a stale answer."""
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    await group.publish()
    app = roadmaps.app
    watched = {scope: set(app.state.data_versions.scopes[scope]) for scope in SCOPES}
    reads = {
        COMMITMENTS: [
            ("/commitments", LIST, {}),
            (f"/commitments/{group.commitment_id}", {}, {}),
            (f"/commitments/{group.commitment_id}", {}, group.committee),
        ],
        ROADMAPS: [
            (group.roadmap_url, {}, {}),
            (group.roadmap_url, {}, group.as_("osc-eva")),
            (group.roadmap_url, {}, group.committee),
        ],
    }
    for scope, calls in reads.items():
        for url, params, headers in calls:
            app.state.public_cache = JsonCache(8)  # built, not served from the cache
            with _tables_queried(app) as tables:
                assert (await roadmaps.get(url, params=params, headers=headers)).status_code == 200
            assert tables, url
            assert tables - {"data_version"} <= watched[scope], (url, tables - watched[scope])
