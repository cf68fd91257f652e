"""Co-creation processes: dated phases that open and close by the calendar of Mexico City,
the rules their dates follow, and who may create them."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from consultation.processes import errors
from consultation.processes.phases import mexico_city_today
from kit import audit
from kit.pagination import encode_cursor


def today() -> date:
    """Computed here, not with the code under test, so a wrong zone there shows."""
    return datetime.now(ZoneInfo("America/Mexico_City")).date()


def days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


def phase(key: str, starts: int, ends: int, **extra: Any) -> dict[str, Any]:
    return {"key": key, "starts_on": days(starts), "ends_on": days(ends), **extra}


def process(*phases: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {"plan_code": "MX-5PA", "title": "Quinto Plan de Acción de México", "level": "federal"}
    body["phases"] = list(phases) or [phase("consultation", -7, 13)]
    return body | changes


def statuses(body: dict[str, Any]) -> dict[str, str]:
    return {p["key"]: p["status"] for p in body["phases"]}


async def create(client, token_for, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/processes", json=body, headers=token_for("committee"))
    assert response.status_code == 201, response.text
    return response.json()


async def test_committee_creates_a_process_and_the_public_reads_its_current_phase(
    consultation, token_for
):
    body = process(
        phase("consultation", -7, 13, name_es="Consulta nacional de temas"),
        phase("systematization", 14, 20),
        phase("cocreation_tables", 21, 48),
    )
    response = await consultation.post(
        "/processes", json=body, headers=token_for("committee", sub="nosc-1")
    )
    assert response.status_code == 201
    created = response.json()

    read = await consultation.get(f"/processes/{created['id']}")
    listed = await consultation.get("/processes")

    assert read.status_code == 200
    shown = read.json()
    assert shown["current_phase"]["key"] == "consultation"
    assert shown["current_phase"]["name_es"] == "Consulta nacional de temas"
    assert shown["as_of"] == today().isoformat()
    assert [(p["key"], p["order"]) for p in shown["phases"]] == [
        ("consultation", 1),
        ("systematization", 2),
        ("cocreation_tables", 3),
    ]
    assert shown["phases"][1]["name_es"] == "Sistematización"  # the methodology's name
    assert statuses(shown) == {
        "consultation": "open",
        "systematization": "upcoming",
        "cocreation_tables": "upcoming",
    }
    assert (shown["starts_on"], shown["ends_on"]) == (days(-7), days(48))
    assert [p["id"] for p in listed.json()["items"]] == [created["id"]]
    assert listed.json()["items"][0]["current_phase"]["key"] == "consultation"
    async with consultation.app.state.db.transaction(read_only=True) as session:
        entries = await audit.history(session, "process", created["id"])
    assert [(e["action"], e["actor_sub"]) for e in entries] == [("process.created", "nosc-1")]
    assert len(entries[0]["after"]["phases"]) == 3


async def test_a_phase_is_open_on_its_first_and_last_day_and_closed_the_day_after(
    consultation, token_for
):
    starting = await create(
        consultation,
        token_for,
        process(phase("consultation", -10, -1), phase("systematization", 0, 5)),
    )
    ending = await create(
        consultation,
        token_for,
        process(
            phase("consultation", -20, 0), phase("systematization", 1, 7), plan_code="MX-OAX-1PA"
        ),
    )

    assert statuses(starting) == {"consultation": "closed", "systematization": "open"}
    assert starting["current_phase"]["key"] == "systematization"
    assert statuses(ending) == {"consultation": "open", "systematization": "upcoming"}
    assert ending["current_phase"]["key"] == "consultation"


async def test_between_two_phases_none_is_current(consultation, token_for):
    created = await create(
        consultation,
        token_for,
        process(phase("consultation", -5, -1), phase("cocreation_tables", 1, 5)),
    )
    read = (await consultation.get(f"/processes/{created['id']}")).json()

    assert read["current_phase"] is None
    assert statuses(read) == {"consultation": "closed", "cocreation_tables": "upcoming"}


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2025, 1, 1, 5, 59, tzinfo=UTC), date(2024, 12, 31)),
        (datetime(2025, 1, 1, 6, 0, tzinfo=UTC), date(2025, 1, 1)),
        # No daylight saving time in Mexico City since 2022: still UTC-6 in July.
        (datetime(2025, 7, 1, 5, 30, tzinfo=UTC), date(2025, 6, 30)),
    ],
)
def test_days_are_counted_in_mexico_city_time(instant, expected):
    assert mexico_city_today(instant) == expected


@pytest.mark.parametrize(
    ("body", "error", "field"),
    [
        (process(phase("votacion", 0, 5)), errors.UnknownPhase, "phases.0.key"),
        (process(phase("consultation", 5, 4)), errors.PhaseEndsBeforeStart, "phases.0.ends_on"),
        (
            process(phase("consultation", 0, 10), phase("systematization", 10, 15)),
            errors.PhasesOverlap,
            "phases.1.starts_on",
        ),
        (
            process(phase("systematization", 0, 5), phase("consultation", 6, 10)),
            errors.PhaseOutOfOrder,
            "phases.1.key",
        ),
        (
            process(phase("consultation", 0, 5), phase("consultation", 6, 10)),
            errors.PhaseOutOfOrder,
            "phases.1.key",
        ),
        (process(level="state"), errors.InvalidStateCode, "state_code"),
        (process(level="state", state_code="33"), errors.InvalidStateCode, "state_code"),
        (process(level="state", state_code="9"), errors.InvalidStateCode, "state_code"),
        (process(level="federal", state_code="09"), errors.InvalidStateCode, "state_code"),
    ],
)
async def test_invalid_phases_and_state_codes_are_422_with_a_spanish_message(
    consultation, token_for, body, error, field
):
    response = await consultation.post("/processes", json=body, headers=token_for("committee"))

    assert response.status_code == 422
    assert response.json()["error"]["code"] == error.code
    assert response.json()["error"]["message"] == error.message
    assert response.json()["error"]["details"]["field"] == field
    assert (await consultation.get("/processes")).json()["items"] == []


async def test_malformed_input_is_a_422_in_the_error_shape(consultation, token_for):
    body = process(phase("consultation", 0, 5) | {"starts_on": "24 de mayo"}, level="municipal")
    response = await consultation.post("/processes", json=body, headers=token_for("committee"))

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert {d["field"] for d in error["details"]} == {"level", "phases.0.starts_on"}


async def test_a_state_plan_carries_its_inegi_code(consultation, token_for):
    created = await create(
        consultation, token_for, process(level="state", state_code="09", plan_code="MX-CDMX-1PA")
    )

    assert (created["level"], created["state_code"]) == ("state", "09")


async def test_one_process_per_plan(consultation, token_for):
    await create(consultation, token_for, process())
    again = await consultation.post("/processes", json=process(), headers=token_for("committee"))

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "process_already_exists"


@pytest.mark.parametrize("role", ["citizen", "cso", "government", "inai"])
async def test_only_the_committee_creates_processes(consultation, token_for, role):
    refused = await consultation.post("/processes", json=process(), headers=token_for(role))
    anonymous = await consultation.post("/processes", json=process())
    admin = await consultation.post("/processes", json=process(), headers=token_for("admin"))

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"
    assert admin.status_code == 201


@pytest.mark.parametrize(("scope", "status"), [("consultation:write", 201), ("tracking:read", 403)])
async def test_an_agency_client_needs_the_write_scope(consultation, token_for, scope, status):
    response = await consultation.post(
        "/processes", json=process(), headers=token_for("client", scope=scope)
    )

    assert response.status_code == status
    if status == 403:
        assert response.json()["error"]["code"] == "insufficient_scope"


async def test_an_unknown_process_is_a_404(consultation):
    response = await consultation.get("/processes/no-existe")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "process_not_found"


async def test_processes_are_listed_most_recent_plan_first_in_pages(consultation, token_for):
    for code, start in [("MX-3PA", -900), ("MX-5PA", -7), ("MX-4PA", -400)]:
        await create(
            consultation,
            token_for,
            process(phase("consultation", start, start + 20), plan_code=code),
        )

    first = (await consultation.get("/processes", params={"limit": 2})).json()
    second = (
        await consultation.get("/processes", params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()
    broken = await consultation.get("/processes", params={"cursor": encode_cursor(["ayer"])})

    assert [p["plan_code"] for p in first["items"]] == ["MX-5PA", "MX-4PA"]
    assert [p["plan_code"] for p in second["items"]] == ["MX-3PA"]
    assert second["next_cursor"] is None
    assert broken.status_code == 422
    assert broken.json()["error"]["code"] == "invalid_cursor"


async def test_a_process_says_whether_voting_needs_a_curp(consultation, token_for):
    """The website tells a citizen before «Votar» that the process counts CURPs."""
    committee = token_for("committee")
    phases = [{"key": "consultation", "starts_on": "2026-11-14", "ends_on": "2026-12-04"}]
    body = {"plan_code": "CURP-01", "title": "Consulta con CURP", "phases": phases}
    asks = await consultation.post(
        "/processes", json=body | {"requires_curp": True, "votes_per_person": 3}, headers=committee
    )
    plain = await consultation.post(
        "/processes", json=body | {"plan_code": "SIN-01"}, headers=committee
    )
    read = await consultation.get(f"/processes/{asks.json()['id']}")
    assert asks.status_code == 201, asks.text
    assert read.json()["requires_curp"] is True and read.json()["votes_per_person"] == 3
    assert plain.json()["requires_curp"] is False and plain.json()["votes_per_person"] is None
