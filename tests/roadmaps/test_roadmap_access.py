"""Who may read and edit a roadmap: the group edits, the public reads what is published,
and everybody else is refused with the right status."""

import pytest

from tests.roadmaps.workspace import CSO, GOV, open_group, roadmap_body


async def test_a_member_creates_the_roadmap_as_version_1_with_an_etag(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)

    created = await group.create_roadmap()
    shown = await group.get(as_="osc-eva")

    assert created.headers["etag"] == '"1"'
    body = shown.json()
    assert shown.headers["etag"] == '"1"'
    assert (body["status"], body["version"], body["published_version"]) == ("draft", 1, None)
    assert body["content"]["responsible_public_servant"] == {
        "account_id": GOV,
        "name": "Ana López",
        "organization": "Secretaría de Bienestar",
    }
    assert [ka["weight"] for ka in body["content"]["key_actions"]] == [40, 60]
    assert all(len(ka["key_action_id"]) == 32 for ka in body["content"]["key_actions"])
    assert body["missing_elements"] == []
    assert body["version_author"] == "Ana López"


async def test_a_second_roadmap_for_the_same_commitment_is_refused(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()

    again = await roadmaps.post(group.roadmap_url, json=roadmap_body(), headers=group.as_(CSO))

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "roadmap_already_exists"


async def test_anonymous_editing_is_a_401(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()

    created = await roadmaps.post(group.roadmap_url, json=roadmap_body())
    replaced = await roadmaps.put(
        group.roadmap_url, json=roadmap_body(), headers={"If-Match": '"1"'}
    )
    submitted = await roadmaps.post(f"{group.roadmap_url}/submit")

    for response in (created, replaced, submitted):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"


async def test_a_citizen_is_refused_by_role(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()

    response = await roadmaps.put(
        group.roadmap_url,
        json=roadmap_body(),
        headers=token_for("citizen", sub="ciudadana-1") | {"If-Match": '"1"'},
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("outsider", ["committee", "government"])
async def test_staff_outside_the_group_cannot_edit(roadmaps, token_for, outsider):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    headers = token_for(outsider, sub=f"{outsider}-ajeno") | {"If-Match": '"1"'}

    response = await roadmaps.put(group.roadmap_url, json=roadmap_body(), headers=headers)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_a_group_member"
    assert (await group.get()).json()["version"] == 1


async def test_a_cso_member_of_another_group_gets_403_here(roadmaps, token_for):
    ours = await open_group(roadmaps, token_for, 1)
    theirs = await open_group(roadmaps, token_for, 2, members={})
    await theirs.add("osc-otra", "Otra OSC", "cso", "responsible_cso_person")
    await ours.create_roadmap()
    other_cso = token_for("cso", sub="osc-otra")

    edit = await roadmaps.put(
        ours.roadmap_url, json=roadmap_body(), headers=other_cso | {"If-Match": '"1"'}
    )
    create_there = await roadmaps.post(theirs.roadmap_url, json={}, headers=other_cso)
    sign = await roadmaps.post(
        f"{ours.roadmap_url}/sign-offs", headers=other_cso | {"If-Match": '"1"'}
    )

    assert edit.status_code == 403
    assert edit.json()["error"]["code"] == "not_a_group_member"
    assert sign.status_code == 403
    assert create_there.status_code == 201  # in its own group it may


@pytest.mark.parametrize("viewer", [None, "citizen", "cso"])
async def test_the_public_reads_only_what_is_published(roadmaps, token_for, viewer):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    headers = token_for(viewer, sub=f"{viewer}-x") if viewer else {}

    hidden = await roadmaps.get(group.roadmap_url, headers=headers)
    versions = await roadmaps.get(f"{group.roadmap_url}/versions", headers=headers)
    committee_sees = await roadmaps.get(group.roadmap_url, headers=group.committee)

    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "roadmap_not_published"
    assert versions.status_code == 404
    assert committee_sees.status_code == 200

    await group.publish()
    shown = await roadmaps.get(group.roadmap_url, headers=headers)
    assert shown.status_code == 200
    assert shown.json()["status"] == "published"
    assert shown.headers["etag"] == f'"{shown.json()["version"]}"'


async def test_a_draft_commitment_hides_its_roadmap_from_the_public(roadmaps, token_for):
    group = await open_group(roadmaps, token_for, publish=False)
    await group.create_roadmap()

    response = await roadmaps.get(group.roadmap_url)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "commitment_not_found"


async def test_a_missing_roadmap_is_named_to_the_group(roadmaps, token_for):
    group = await open_group(roadmaps, token_for)

    response = await group.get()

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "roadmap_not_found"
