"""The demo loader puts sample topics with votes in the open MX-5PA consultation, once."""

from consultation.config import ConsultationSettings
from consultation.demo import load_demo
from consultation.main import create_app
from consultation.topics.demo import SAMPLES
from tests.conftest import Databases, migrate, running, service_settings


async def test_demo_topics_load_once_and_can_be_voted(databases: Databases, jwks_file, citizen):
    url = await databases.new("consultation")
    await migrate("consultation", url)
    settings = service_settings(ConsultationSettings, url, jwks_file)

    first, _ = await load_demo(settings)
    second, _ = await load_demo(settings)

    async with running(create_app(settings)) as client:
        processes = (await client.get("/processes")).json()["items"]
        current = next(p for p in processes if p["plan_code"] == "MX-5PA")
        page = await client.get("/topics", params={"process_id": current["id"], "limit": 200})
        topics = page.json()["items"]
        vote = await client.post(f"/topics/{topics[-1]['id']}/votes", headers=citizen())
    assert f"{len(SAMPLES)} temas de ejemplo" in first and "0 temas de ejemplo" in second
    assert len(topics) == len(SAMPLES) >= 24
    assert len({t["area"] for t in topics}) == 10
    assert topics[0]["votes_count"] > 0 and {t["channel"] for t in topics} == {
        "online",
        "territorial",
    }
    assert vote.status_code == 201
