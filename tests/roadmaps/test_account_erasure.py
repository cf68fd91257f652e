"""A person who authored roadmap versions deletes their account: the history keeps every
version with its content, and their name becomes «Cuenta eliminada» in it. The versions
stay append-only for everything else: no UPDATE of their content, no DELETE."""

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kit.erasure import LABEL
from kit.event_signing import producer_of
from tests.conftest import signed_event
from tests.roadmaps.workspace import CSO, GOV, MEMBERS, open_group, roadmap_body

TOPIC = "auth.account.deleted.v1"


async def account_deleted(client, account_id: str, event_id: str) -> dict[str, Any]:
    """The gateway's signed deletion event, delivered to the inbox as its relay does."""
    source = producer_of(TOPIC)
    body = json.dumps(
        {"id": event_id, "topic": TOPIC, "source": source, "payload": {"account_id": account_id}}
    ).encode()
    response = await client.post(
        "/internal/events", content=body, headers=signed_event(body, source)
    )
    assert response.status_code == 200, response.text
    return response.json()


def without_names(content: dict[str, Any]) -> dict[str, Any]:
    """The content with the responsible persons' names left out: what must not change."""
    content = json.loads(json.dumps(content))
    for role in ("responsible_public_servant", "responsible_cso_person"):
        if content.get(role):
            content[role].pop("name")
    return content


async def two_versions(roadmaps, token_for):
    """A roadmap Ana created (version 1, naming her responsible) and Luis edited (version 2)."""
    group = await open_group(roadmaps, token_for)
    created = await group.create_roadmap()
    body = roadmap_body(final_result="Resultado ajustado por la sociedad civil.", message="Ajuste")
    edited = await group.put(body, created.headers["etag"], as_=CSO)
    assert edited.status_code == 200, edited.text
    return group


async def versions(roadmaps, group) -> list[dict[str, Any]]:
    listed = await roadmaps.get(f"{group.roadmap_url}/versions", headers=group.as_(CSO))
    numbers = sorted(v["version"] for v in listed.json()["items"])
    return [
        (await roadmaps.get(f"{group.roadmap_url}/versions/{n}", headers=group.as_(CSO))).json()
        for n in numbers
    ]


async def test_the_author_of_a_version_is_erased_and_the_history_stays(roadmaps, token_for):
    group = await two_versions(roadmaps, token_for)
    before = await versions(roadmaps, group)
    event_id = uuid.uuid4().hex

    first = await account_deleted(roadmaps, GOV, event_id)
    again = await account_deleted(roadmaps, GOV, event_id)
    after = await versions(roadmaps, group)

    assert (first, again) == ({"status": "processed"}, {"status": "duplicate"})
    ana = MEMBERS[GOV][0]
    assert ana in json.dumps(before, ensure_ascii=False)
    assert ana not in json.dumps(after, ensure_ascii=False)
    assert [v["version"] for v in after] == [1, 2]
    assert [v["author_name"] for v in after] == [LABEL, MEMBERS[CSO][0]]
    for old, new in zip(before, after, strict=True):
        assert new["content"]["responsible_public_servant"]["name"] == LABEL
        assert new["content"]["responsible_public_servant"]["account_id"] == GOV
        assert without_names(new["content"]) == without_names(old["content"])
        assert (new["message"], new["created_at"]) == (old["message"], old["created_at"])
    assert after[1]["content"]["final_result"] == "Resultado ajustado por la sociedad civil."


async def test_the_erasure_is_processed_once_the_audit_says_so(roadmaps, token_for):
    await two_versions(roadmaps, token_for)

    await account_deleted(roadmaps, CSO, uuid.uuid4().hex)

    async with roadmaps.app.state.db.transaction(read_only=True) as session:
        rows = await session.execute(
            text("SELECT entity_id FROM audit_entry WHERE action = 'account.anonymised'")
        )
        assert rows.scalars().all() == [CSO]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE roadmap_version SET content = '{}'",
        "UPDATE roadmap_version SET message = 'Otra historia'",
        "UPDATE roadmap_version SET author_name = 'Cuenta eliminada'",
        "UPDATE roadmap_version SET author_sub = 'otra-cuenta'",
        "UPDATE roadmap_version SET kind = 'amendment'",
        "DELETE FROM roadmap_version",
    ],
)
async def test_versions_still_refuse_updates_and_deletes(roadmaps, token_for, statement):
    await two_versions(roadmaps, token_for)

    with pytest.raises(DBAPIError, match="roadmap_version is append-only"):
        async with roadmaps.app.state.db.transaction() as session:
            await session.execute(text(statement))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE roadmap_version SET message = 'Otra historia'",
        "UPDATE roadmap_version SET content = '{}'",
        "UPDATE roadmap_version SET author_sub = 'otra-cuenta', author_name = 'Cuenta eliminada'",
        "UPDATE roadmap_version SET author_role = 'cso', author_name = 'Cuenta eliminada'",
        "UPDATE roadmap_version SET version = version + 10, author_name = 'Cuenta eliminada'",
        "DELETE FROM roadmap_version",
    ],
)
async def test_even_an_erasure_changes_nothing_but_names(roadmaps, token_for, statement):
    """Inside an erasure transaction (its permit held), a change that is not a name becoming
    the label is refused all the same."""
    await two_versions(roadmaps, token_for)

    with pytest.raises(DBAPIError, match="roadmap_version is append-only"):
        async with roadmaps.app.state.db.transaction() as session:
            await session.execute(text("INSERT INTO audit_erasure_permit (token) VALUES ('t')"))
            await session.execute(text(statement))
