"""The demo's MX-5PA has the Committee's texts (version 1, written by the demo Committee
member), so its documents say something where the demo should; a second load changes
nothing."""

from kit.demo import ACCOUNTS_ENV, DemoPerson, write_people
from tests.conftest import migrate, running, service_settings
from tracking.config import TrackingSettings
from tracking.demo import load_demo
from tracking.main import create_app as create_tracking

PEOPLE = [
    DemoPerson(f"{role}-demo", f"{role}@demo.example", role, f"Demo {role}", "Demo", sector)
    for role, sector in (
        ("committee", "committee"),
        ("government", "government"),
        ("cso", "cso"),
        ("citizen", "citizen"),
    )
]


async def test_the_demo_plan_has_the_committees_texts(databases, jwks_file, tmp_path, monkeypatch):
    accounts = tmp_path / "accounts.json"
    write_people(accounts, PEOPLE)
    monkeypatch.setenv(ACCOUNTS_ENV, str(accounts))
    url = await databases.new("tracking")
    await migrate("tracking", url)
    settings = service_settings(TrackingSettings, url, jwks_file)
    await load_demo(settings)
    await load_demo(settings)  # a second load leaves the texts as they are
    async with running(create_tracking(settings)) as tracking:
        story = (await tracking.get("/plans/MX-5PA/narrative")).json()
        document = (await tracking.get("/plans/MX-5PA/documents/action-plan")).json()
    assert story["version"] == 1 and story["updated_by"] == "committee-demo"
    content = story["content"]
    for part in ("introduction", "context", "forum", "methodology"):
        assert content[part].startswith("Texto de demostración."), part
    assert document["built_from"]["narrative_version"] == 1
    assert document["narrative"]["forum"] == content["forum"]
