"""The published progress formula on the 4th plan, with exact numbers and "sin datos"."""

import json

from tests.conftest import ROOT
from tests.tracking.conftest import (
    CSO,
    GOV,
    deliver,
    key_action,
    published_event,
    roadmap_event,
)

PLAN = json.loads((ROOT / "data" / "pa4-mexico-2019-2022.json").read_text())


async def set_status(client, token_for, commitment_id, activity_id, status) -> None:
    """The only way a status changes: an update validated by both sides. "verificado" is
    reached by a "completo" report backed by a link; "completo" alone has none."""
    body = {"activity_id": activity_id, "new_status": status, "narrative": "Avance."}
    if status == "verificado":
        body |= {"new_status": "completo", "links": ["https://example.org/acta"]}
    created = await client.post(
        f"/commitments/{commitment_id}/updates", json=body, headers=token_for("government", sub=GOV)
    )
    update_id = created.json()["id"]
    body = {"decision": "approve"}
    await client.post(
        f"/updates/{update_id}/validation", json=body, headers=token_for("cso", sub=CSO)
    )
    done = await client.post(
        f"/updates/{update_id}/validation", json=body, headers=token_for("committee", sub="sfp")
    )
    assert done.json()["state"] == "published", done.text


async def load_fourth_plan(client, token_for) -> None:
    for c in PLAN["commitments"]:
        await deliver(
            client,
            published_event(f"c{c['number']}", c["number"], slug=c["slug"], title=c["title"]),
        )
    # 10 (ITRN): 60 % over 2 activities, 40 % over 1. 2: 50/50 over 4 and 2 activities.
    # 3: a roadmap whose only key action has no activities yet -> "sin datos".
    await deliver(
        client, roadmap_event("c10", 10, [key_action("c10-k1", 60, 2), key_action("c10-k2", 40, 1)])
    )
    await deliver(
        client, roadmap_event("c2", 2, [key_action("c2-k1", 50, 4), key_action("c2-k2", 50, 2)])
    )
    await deliver(client, roadmap_event("c3", 3, [key_action("c3-k1", 100, 0)]))
    await set_status(client, token_for, "c10", "c10-k1-a1", "completo")
    await set_status(client, token_for, "c10", "c10-k2-a1", "verificado")
    await set_status(client, token_for, "c2", "c2-k1-a1", "verificado")
    await set_status(client, token_for, "c2", "c2-k1-a2", "completo")
    await set_status(client, token_for, "c2", "c2-k1-a3", "en_proceso")


async def test_progress_per_commitment_and_plan_follows_the_formula(tracking, token_for):
    await load_fourth_plan(tracking, token_for)

    board = (await tracking.get("/plans/MX-4PA/dashboard")).json()
    by_number = {c["number"]: c for c in board["commitments"]}

    # 60·½ + 40·1 = 70 completed; 40·1 = 40 verified
    assert by_number[10]["progress"] == {"completed": 70.0, "verified": 40.0, "sin_datos": False}
    # 50·2/4 + 50·0 = 25 completed; 50·1/4 = 12.5 verified
    assert by_number[2]["progress"] == {"completed": 25.0, "verified": 12.5, "sin_datos": False}
    for number in (1, 3, 13):  # no roadmap, or no activities: never 0 %
        assert by_number[number]["progress"] == {
            "completed": None,
            "verified": None,
            "sin_datos": True,
        }
    assert board["progress"] == {
        "completed": 47.5,
        "verified": 26.25,
        "sin_datos": False,
        "commitments_with_data": 2,
        "commitments": 13,
    }
    assert board["activity_status_counts"] == {
        "por_iniciar": 4,
        "en_proceso": 1,
        "completo": 2,
        "verificado": 2,
    }
    detail = (await tracking.get("/commitments/c10")).json()
    assert detail["progress"] == by_number[10]["progress"]
    assert [ka["weight"] for ka in detail["key_actions"]] == [60.0, 40.0]


async def test_a_plan_with_no_activities_at_all_has_no_data(tracking):
    await deliver(tracking, published_event("c1", 1))
    board = (await tracking.get("/plans/MX-4PA/dashboard")).json()
    assert board["progress"]["completed"] is None
    assert board["progress"]["sin_datos"] is True


async def test_the_formula_is_published(tracking):
    formula = (await tracking.get("/progress/formula")).json()
    openapi = (await tracking.get("/openapi.json")).json()

    assert "Σ" in formula["formula"]
    assert "sin datos" in formula["text_es"]
    assert formula["completed_statuses"] == ["completo", "verificado"]
    assert "Σ peso" in openapi["info"]["description"]
