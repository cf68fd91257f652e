"""No published statistic lets a count under 5 people be derived: a generic attacker reads
the JSON and the CSV of an awkward process (one small state, one small gender, one paper
questionnaire, totals published) and tries subtraction and the differencing of tables."""

import csv
import io

import pytest
from pydantic import ValidationError

from consultation.config import ConsultationSettings
from consultation.demo import load_demo
from consultation.main import create_app
from tests.conftest import Databases, migrate, running, service_settings
from tests.consultation.conftest import propose

MIN = 5
PEOPLE = ("participants", "votes")  # topics are public documents, not people


def _tables_of(stats: dict) -> tuple[dict, dict]:
    totals = {key: cell["count"] for key, cell in stats["totals"].items()}
    tables = {name: [c["count"] for c in cells] for name, cells in stats["tables"].items()}
    return totals, tables


def _tables_of_csv(text: str) -> tuple[dict, dict]:
    totals, tables = {}, {}
    for row in csv.DictReader(io.StringIO(text)):
        count = int(row["count"]) if row["count"] else None
        if row["table"] == "totals":
            totals[row["key"]] = count
        else:
            tables.setdefault(row["table"], []).append(count)
    return totals, tables


def leaks(totals: dict, tables: dict) -> list[str]:
    """Every figure of 1 to ``MIN - 1`` people a reader can derive, exactly or as a bound
    (nobody at all is no one's figure).

    Tables named ``<population>_by_<dimension>`` partition their population, whose total
    is ``totals[<population>]``; a listed cell holds at least one person."""
    found = []
    for population in PEOPLE:
        mine = {n: cells for n, cells in tables.items() if n.startswith(f"{population}_by_")}
        assert mine, population
        total = totals[population]
        # Differencing: the total follows from any table with nothing hidden.
        derived = {sum(cells) for cells in mine.values() if None not in cells}
        if total is None and derived:
            total = derived.pop()
            found += [f"{population}: total {total} derived from a whole table"] * (0 < total < MIN)
        elif total is not None and 0 < total < MIN:
            found.append(f"{population}: total {total} published")
        assert not derived or derived == {total}, f"{population}: tables disagree"
        for name, cells in mine.items():
            visible = [c for c in cells if c is not None]
            hidden = len(cells) - len(visible)
            found += [f"{name}: cell {c} published" for c in visible if 0 < c < MIN]
            if total is None or not hidden:
                continue  # an unknown total bounds no hidden cell from above
            rest = total - sum(visible)  # subtraction: total − sum of visible
            largest = rest - (hidden - 1)
            if largest < MIN:
                what = "exactly" if hidden == 1 else "at most"
                found.append(f"{name}: a suppressed cell is {what} {largest}")
    return found


def test_the_checker_finds_the_reported_leak():
    """MX-5PA as reported: 17 states shown, one suppressed, the total 438."""
    states = [25] * 16 + [37, None]
    totals = {"participants": 20, "votes": 438}
    tables = {"votes_by_state": states, "participants_by_gender": [20]}
    assert leaks(totals, tables) == ["votes_by_state: a suppressed cell is exactly 1"]
    # With the total withheld and no whole table to derive it from, nothing follows.
    assert leaks({"participants": None, "votes": None}, tables) == []
    tables["votes_by_area"] = [400, 38]  # ... unless another table gives the total away
    assert leaks({"participants": 20, "votes": None}, tables) == [
        "votes_by_state: a suppressed cell is exactly 1"
    ]


async def _awkward(consultation, process_id, citizen, token_for) -> None:
    """16 online people in 4 states (one with 1 person), 1 non-binary person, one paper
    questionnaire; votes: 16, 6 and 5 on three topics, 1 on the paper topic in Zacatecas."""
    states = ["01"] * 5 + ["09"] * 5 + ["20"] * 5 + ["32"]
    voters = []
    for n, state in enumerate(states):
        voter = citizen(f"p{n}")
        gender = "no_binario" if n == 15 else ("mujer" if n % 2 else "hombre")
        body = {"gender": gender, "age_band": "30-44" if n < 8 else "45-59", "sector": "ciudadania"}
        body |= {"state_code": state, "consent": True, "privacy_notice_version": "v1"}
        assert (await consultation.put("/me/demographics", json=body, headers=voter)).is_success
        voters.append(voter)
    big = await propose(consultation, voters[0], process_id, state_code="20")
    middle = await propose(consultation, voters[1], process_id, area="justice", state_code="09")
    small = await propose(consultation, voters[2], process_id, area="justice", state_code="01")
    paper = await consultation.post(
        f"/processes/{process_id}/territorial/topics",
        json={
            "title": "Reforestación de la sierra",
            "problem": "No se publica cuánto se reforesta en la sierra de Zacatecas.",
            "affected": "Comunidades de la sierra",
            "solution": "Publicar los predios reforestados y su supervivencia.",
            "area": "environment_climate",
            "state_code": "32",
        },
        headers=token_for("cso", sub="osc-7"),
    )
    assert paper.status_code == 201, paper.text
    plan = [(big["id"], voters), (middle["id"], voters[:6]), (small["id"], voters[6:11])]
    plan.append((paper.json()["id"], voters[11:12]))
    for topic_id, who in plan:
        for voter in who:
            response = await consultation.post(f"/topics/{topic_id}/votes", headers=voter)
            assert response.status_code == 201, response.text


async def test_no_table_of_an_awkward_process_lets_a_small_count_be_derived(
    consultation, process_id, citizen, token_for
):
    await _awkward(consultation, process_id, citizen, token_for)
    url = f"/processes/{process_id}/statistics"
    stats = (await consultation.get(url)).json()
    text = (await consultation.get(url, params={"format": "csv"})).text

    assert leaks(*_tables_of(stats)) == []
    assert _tables_of_csv(text) == _tables_of(stats)
    assert leaks(*_tables_of_csv(text)) == []
    totals, tables = _tables_of(stats)
    assert totals == {"participants": 17, "votes": 28, "topics": 4}
    # The most useful figures stay visible; topics are never suppressed.
    by_state = {c["key"]: c["count"] for c in stats["tables"]["votes_by_state"]}
    assert by_state == {"01": None, "09": 6, "20": 16, "32": None}
    gender = {c["key"]: c["count"] for c in stats["tables"]["participants_by_gender"]}
    assert gender["hombre"] == 8 and gender["no_binario"] is None
    assert None not in tables["topics_by_state"] and None not in tables["topics_by_channel"]
    assert stats["populations"]["votes"]["counts_people"] is True
    assert stats["populations"]["topics"]["counts_people"] is False


async def test_a_population_under_five_is_withheld_whole(consultation, process_id, citizen):
    voters = [citizen(f"s{n}") for n in range(3)]
    topic = await propose(consultation, voters[0], process_id)
    for voter in voters:
        await consultation.post(f"/topics/{topic['id']}/votes", headers=voter)
    stats = (await consultation.get(f"/processes/{process_id}/statistics")).json()
    totals, tables = _tables_of(stats)
    assert leaks(totals, tables) == []
    assert totals["participants"] is None and totals["votes"] is None and totals["topics"] == 1
    assert all(c is None for n, cells in tables.items() if "topics" not in n for c in cells)


async def test_the_demo_processes_leak_nothing(databases: Databases, jwks_file):
    url = await databases.new("consultation")
    await migrate("consultation", url)
    settings = service_settings(ConsultationSettings, url, jwks_file)
    await load_demo(settings)
    async with running(create_app(settings)) as client:
        processes = (await client.get("/processes")).json()["items"]
        for process in processes:
            stats = await client.get(f"/processes/{process['id']}/statistics")
            assert leaks(*_tables_of(stats.json())) == [], process["plan_code"]


def test_the_floor_cannot_be_set_below_five():
    with pytest.raises(ValidationError, match="min_published_cell"):
        ConsultationSettings(min_published_cell=4)
    assert ConsultationSettings(min_published_cell=10).min_published_cell == 10
