"""The 4th plan's demo commitments carry the template fields the data has."""

from roadmaps.config import RoadmapsSettings
from roadmaps.demo import load_demo
from roadmaps.main import create_app
from tests.conftest import migrate, running, service_settings


async def test_the_demo_fills_the_template_fields_the_data_has(databases, jwks_file):
    url = await databases.new("roadmaps")
    await migrate("roadmaps", url)
    settings = service_settings(RoadmapsSettings, url, jwks_file)
    await load_demo(settings)
    second, _ = await load_demo(settings)

    async with running(create_app(settings)) as client:
        items = (await client.get("/commitments", params={"plan_code": "MX-4PA"})).json()["items"]
        group = await client.get(f"/commitments/{items[0]['id']}/working-group")
    by_number = {c["number"]: c for c in items}

    assert "0 creados y 0 publicados" in second
    assert by_number[13]["sdg_targets"][:3] == ["11.a", "11.b", "16.5"]
    assert sorted(by_number[13]["ogp_values"]) == ["access_to_information", "civic_participation"]
    assert by_number[5]["supporting_institutions"] == [
        "Instituto Nacional de las Mujeres (Inmujeres)"
    ]
    assert "Alianza Jóvenes con Trabajo Digno" in by_number[5]["cso_accompanying"]
    assert by_number[1]["supporting_institutions"] == []  # roles not explicit in the data
    assert group.status_code == 200  # every demo commitment has its working group
