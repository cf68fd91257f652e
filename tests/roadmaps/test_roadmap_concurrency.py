"""No lost updates: every edit names the version it started from, and only one of many
concurrent editors of the same version wins; the others get 412 with the current one."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn

from kit import audit
from tests.conftest import as_the_gateway
from tests.roadmaps.workspace import GOV, MEMBERS, open_group, roadmap_body

EDITORS = 20


@asynccontextmanager
async def over_tcp(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The app behind a real uvicorn socket (its lifespan already runs in the fixture)."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_level="warning")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    limits = httpx.Limits(max_connections=EDITORS)
    try:
        hooks = {"request": [as_the_gateway(app.state.settings.gateway_secret)]}
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", limits=limits, event_hooks=hooks
        ) as client:
            yield client
    finally:
        server.should_exit = True
        await task


async def test_twenty_members_save_the_same_version_and_exactly_one_wins(roadmaps, token_for):
    editors = {f"editor-{n:02d}": ("government" if n % 2 else "cso") for n in range(EDITORS)}
    members = {a: (f"Persona {a}", sector, "member") for a, sector in editors.items()}
    group = await open_group(roadmaps, token_for, members=MEMBERS | members)
    await group.create_roadmap()
    etag = (await group.get()).headers["etag"]

    async with over_tcp(roadmaps.app) as http:

        async def save(account_id: str) -> httpx.Response:
            body = roadmap_body(final_result=f"Versión de {account_id}", message=account_id)
            headers = token_for(editors[account_id], sub=account_id) | {"If-Match": etag}
            return await http.put(group.roadmap_url, json=body, headers=headers)

        responses = dict(zip(editors, await asyncio.gather(*map(save, editors)), strict=True))

    winners = [a for a, r in responses.items() if r.status_code == 200]
    assert len(winners) == 1, {a: r.status_code for a, r in responses.items()}
    [winner] = winners
    losers = [r for a, r in responses.items() if a != winner]
    assert {r.status_code for r in losers} == {412}
    for response in losers:
        error = response.json()["error"]
        assert error["code"] == "precondition_failed"
        assert error["details"]["current_version"] == 2
        assert error["details"]["current"]["content"]["final_result"] == f"Versión de {winner}"
        assert response.headers["etag"] == '"2"'

    current = (await group.get()).json()
    assert (current["version"], current["content"]["final_result"]) == (2, f"Versión de {winner}")
    history = (await roadmaps.get(f"{group.roadmap_url}/versions", headers=group.as_(GOV))).json()
    assert [(v["version"], v["message"]) for v in history["items"]] == [
        (2, winner),
        (1, "Propuesta inicial"),
    ]
    async with roadmaps.app.state.db.transaction(read_only=True) as session:
        entries = await audit.history(session, "roadmap", current["id"])
    assert [e["action"] for e in entries] == ["roadmap.created", "roadmap.saved"]


async def test_an_edit_without_if_match_is_a_428_and_changes_nothing(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()

    missing = await group.put(roadmap_body(final_result="Otro"), etag=None)
    star = await group.put(roadmap_body(final_result="Otro"), etag="*")
    patched = await roadmaps.patch(
        group.roadmap_url, json={"final_result": "Otro"}, headers=group.as_(GOV)
    )

    for response in (missing, star, patched):
        assert response.status_code == 428
        assert response.json()["error"]["code"] == "precondition_required"
    assert (await group.get()).json()["version"] == 1


async def test_a_stale_edit_is_a_412_with_the_current_version_to_merge(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    first = await group.put(roadmap_body(final_result="Primera edición"), etag='"1"')

    stale = await group.put(roadmap_body(final_result="Edición tardía"), etag='"1"', as_="osc-luis")
    weak = await group.put(roadmap_body(final_result="Edición tardía"), etag='W/"2"')

    assert first.status_code == 200
    assert first.headers["etag"] == '"2"'
    assert stale.status_code == 412
    details = stale.json()["error"]["details"]
    assert (details["current_version"], details["etag"]) == (2, '"2"')
    assert details["current"]["content"]["final_result"] == "Primera edición"
    assert weak.status_code == 412  # a weak tag never matches a strong one
    assert (await group.get()).json()["content"]["final_result"] == "Primera edición"


async def test_patch_changes_only_the_fields_sent(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    created = (await group.create_roadmap()).json()

    response = await roadmaps.patch(
        group.roadmap_url,
        json={"indicators": ["Reportes publicados", "Denuncias canalizadas"], "message": "Indic."},
        headers=group.as_(GOV) | {"If-Match": '"1"'},
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == 2
    assert body["content"]["indicators"] == ["Reportes publicados", "Denuncias canalizadas"]
    assert body["content"]["final_result"] == created["content"]["final_result"]
    assert body["content"]["key_actions"] == created["content"]["key_actions"]  # ids kept


async def test_the_working_group_rules_need_if_match_too(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    url = f"/commitments/{group.commitment_id}/working-group"
    etag = (await roadmaps.get(url)).headers["etag"]
    rules = {"rules_of_operation": "Sesiones mensuales; acuerdos por consenso."}

    missing = await roadmaps.put(url, json=rules, headers=group.committee)
    saved = await roadmaps.put(url, json=rules, headers=group.committee | {"If-Match": etag})
    stale = await roadmaps.put(url, json=rules, headers=group.committee | {"If-Match": etag})

    assert missing.status_code == 428
    assert saved.status_code == 200
    assert saved.json()["rules_of_operation"] == rules["rules_of_operation"]
    assert stale.status_code == 412
    assert stale.json()["error"]["details"]["current_version"] == saved.json()["version"]
    assert (await roadmaps.get(url)).json()["rules_of_operation"] == rules["rules_of_operation"]
