"""Every list of the service pages the same way: a cursor it did not hand out, or one
another list handed out, is refused with the one ``invalid_cursor`` error."""

import pytest

from kit.pagination import encode_cursor
from tests.roadmaps.workspace import GOV, open_group

NOT_A_CURSOR = "bm90LWEtY3Vyc29y"  # base64 of "not-a-cursor": no list of values


@pytest.mark.parametrize(
    "cursor",
    [
        NOT_A_CURSOR,
        encode_cursor(["MX-4PA"]),  # too few values for any of the lists
        encode_cursor(["MX-4PA", "uno"]),  # a commitment number that is no number
        encode_cursor(["ayer", "abc"]),  # a meeting date that is no date
    ],
)
async def test_a_bad_cursor_is_refused_alike_by_every_list(roadmaps, token_for, cursor):
    group = await open_group(roadmaps, token_for)
    await group.create_roadmap()
    lists = (
        "/commitments",
        f"/commitments/{group.commitment_id}/meetings",
        f"{group.roadmap_url}/versions",
    )

    for url in lists:
        response = await roadmaps.get(url, params={"cursor": cursor}, headers=group.as_(GOV))

        assert response.status_code == 422, (url, response.text)
        error = response.json()["error"]
        assert error["code"] == "invalid_cursor", url
        assert error["message"] == "El cursor de paginación no es válido.", url
