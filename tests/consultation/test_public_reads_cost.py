"""Public reads that cost the database a lot are computed once for many readers, and
search words are bounded."""

import asyncio

from consultation.statistics import service as statistics
from consultation.topics.search import search_terms
from gateway.routing import load_route_table
from tests.consultation.conftest import propose


async def test_a_burst_of_statistics_readers_costs_one_computation(
    consultation, process_id, citizen, monkeypatch
):
    await propose(consultation, citizen("autora"), process_id)
    real, runs = statistics.compute, []

    async def counted(*args, **kwargs):
        runs.append(1)
        return await real(*args, **kwargs)

    monkeypatch.setattr(statistics, "compute", counted)
    url = f"/processes/{process_id}/statistics"

    answers = await asyncio.gather(*(consultation.get(url) for _ in range(20)))
    csv = await consultation.get(url, params={"format": "csv"})

    assert {a.status_code for a in answers} == {200} and csv.status_code == 200
    assert len(runs) == 1
    assert "max-age=" in answers[0].headers["cache-control"]


def test_the_gateway_rate_limits_the_statistics():
    rule, _ = load_route_table().match("consultation", "GET", "/processes/p1/statistics")
    assert rule is not None and rule.rate_limit


def test_search_words_are_bounded_in_number_and_length():
    many = " ".join(f"palabra{n}" for n in range(40)) + " " + "x" * 150
    terms = search_terms(many)
    assert len(terms) == 4 and all(len(t) <= 30 for t in terms)
    assert search_terms("de la AGUA agua Ágüa") == ["agua"]
    assert search_terms("la") == ["la"]


async def test_short_words_do_not_hide_what_the_longer_ones_find(consultation, process_id, citizen):
    topic = await propose(consultation, citizen("autora"), process_id)
    found = await consultation.get(
        "/topics", params={"process_id": process_id, "q": "a b c d e f g h agua potable"}
    )
    assert found.status_code == 200
    assert [t["id"] for t in found.json()["items"]] == [topic["id"]]
