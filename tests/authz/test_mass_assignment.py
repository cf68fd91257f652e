"""Field-level authorization (mass assignment) through the live gateway: fields only the
server sets, sent in a body, are refused (422) or ignored (the stored object shows the
server's values), never honoured."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.authz.live import citizen, new_topic, open_process_id, topic_body
from tests.roadmaps.workspace import editable, open_group

FOREIGN_ID = "f" * 32
SERVER_FIELDS = {
    "status": "merged",
    "votes_count": 999,
    "author_id": "cit-otra-persona",
    "account_id": "cit-otra-persona",
    "id": FOREIGN_ID,
}


def _refused(answer: httpx.Response) -> bool:
    if answer.status_code == 422:
        assert answer.json()["error"]["code"], answer.text
        return True
    assert answer.status_code in (200, 201), answer.text
    return False


@pytest.mark.parametrize("field", sorted(SERVER_FIELDS))
async def test_topic_create_refuses_or_ignores_server_fields(
    gateway: httpx.AsyncClient, token_for: Callable, field: str
):
    author = citizen(token_for, f"cit-masa-{field}")
    body = topic_body(await open_process_id(gateway), f"Tema con {field} ajeno")
    answer = await gateway.post(
        "/api/v1/consultation/topics", json=body | {field: SERVER_FIELDS[field]}, headers=author
    )
    if _refused(answer):
        return
    stored = (await gateway.get(f"/api/v1/consultation/topics/{answer.json()['id']}")).json()
    assert stored["id"] != FOREIGN_ID
    assert (stored["status"], stored["votes_count"]) == ("published", 0)
    # Still the caller's own topic: the author (and only they) may edit it.
    edit = {"title": "Título corregido por su autora"}
    url = f"/api/v1/consultation/topics/{stored['id']}"
    assert (await gateway.patch(url, json=edit, headers=author)).status_code == 200


@pytest.mark.parametrize("field", sorted(SERVER_FIELDS))
async def test_topic_update_refuses_or_ignores_server_fields(
    gateway: httpx.AsyncClient, token_for: Callable, field: str
):
    author = citizen(token_for, f"cit-masa-edita-{field}")
    topic = await new_topic(gateway, author, await open_process_id(gateway), f"Tema {field}")
    url = f"/api/v1/consultation/topics/{topic['id']}"
    answer = await gateway.patch(
        url, json={"title": "Título nuevo del tema", field: SERVER_FIELDS[field]}, headers=author
    )
    stored = (await gateway.get(url)).json()
    assert stored["id"] == topic["id"]
    assert (stored["status"], stored["votes_count"]) == ("published", 0)
    if not _refused(answer):
        assert stored["title"] == "Título nuevo del tema"


async def test_commitment_create_does_not_take_a_status(
    gateway: httpx.AsyncClient, token_for: Callable
):
    committee = token_for("committee", sub="sfp-comite")
    body = {"plan_code": "MX-4PA", "number": 95, "slug": "c-95", "title": "Compromiso 95"}
    answer = await gateway.post(
        "/api/v1/roadmaps/commitments", json=body | {"status": "published"}, headers=committee
    )
    if _refused(answer):
        listed = await gateway.get("/api/v1/roadmaps/commitments", params={"plan_code": "MX-4PA"})
        assert "c-95" not in listed.text
        return
    url = f"/api/v1/roadmaps/commitments/{answer.json()['id']}"
    assert (await gateway.get(url, headers=committee)).json()["status"] != "published"
    assert (await gateway.get(url)).status_code == 404  # the public sees no draft


@pytest.mark.parametrize(
    ("field", "value"), [("status", "published"), ("version", 99), ("published_at", "2020-01-01")]
)
async def test_roadmap_save_does_not_take_status_or_version(
    stack, token_for: Callable, field: str, value: Any
):
    number = {"status": 96, "version": 97, "published_at": 98}[field]
    async with httpx.AsyncClient(base_url=f"{stack.url}/api/v1/roadmaps", timeout=30) as client:
        group = await open_group(client, token_for, number)
        await group.create_roadmap()
        read = await group.get()
        answer = await group.put(editable(read.json()) | {field: value}, read.headers["etag"])
        stored = await group.get()
        public = await group.get(as_=None)
    assert public.status_code == 404, "nothing may be published by a member's save"
    assert stored.json()["status"] == read.json()["status"]
    if _refused(answer):
        assert stored.headers["etag"] == read.headers["etag"]
    else:
        assert stored.headers["etag"] == '"2"'


async def test_registration_cannot_choose_a_role(gateway: httpx.AsyncClient):
    body = {
        "email": "quiere.ser.admin@example.com",
        "password": "Maíz-Azul-Rayo-42",
        "display_name": "Quiere Ser Admin",
        "privacy_notice_version": "2026-01",
        "role": "admin",
    }
    answer = await gateway.post("/api/v1/auth/register", json=body)
    if not _refused(answer):
        assert answer.json()["role"] == "citizen"
    plain = await gateway.post(
        "/api/v1/auth/register", json={k: v for k, v in body.items() if k != "role"}
    )
    assert plain.status_code == 201, plain.text
    assert plain.json()["role"] == "citizen"
