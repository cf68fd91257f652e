"""A citizen with data in every service deletes the account: before, each service's export
holds their data; after the deletion event reaches every service, no table of any database
holds their e-mail or their name in any text or JSON column."""

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import Text, cast, or_, select

from consultation.config import ConsultationSettings
from consultation.db import ConsultationModel
from consultation.main import create_app as create_consultation
from gateway.models import GatewayModel
from kit.erasure import text_columns
from roadmaps.config import RoadmapsSettings
from roadmaps.db import RoadmapsModel
from roadmaps.main import create_app as create_roadmaps
from tests.conftest import running, service_settings
from tests.consultation.conftest import mx_today, topic_body
from tests.events.conftest import new_database
from tests.gateway.conftest import PASSWORD, AuthFlows, bearer
from tests.roadmaps.workspace import open_group
from tracking.config import TrackingSettings
from tracking.db import TrackingModel
from tracking.main import create_app as create_tracking
from tracking.notifications.models import Notification

EMAIL, NAME = "zacarias.borrable@example.com", "Zacarías Borrable Quintanilla"
SERVICES = ("consultation", "roadmaps", "tracking")


class Hosts(httpx.AsyncBaseTransport):
    """The network between the processes: by host name, to each app in-process."""

    def __init__(self) -> None:
        self.apps: dict[str, httpx.ASGITransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.apps[request.url.host].handle_async_request(request)


async def leftovers(app: Any, metadata: Any) -> list[str]:
    """Every table.column of the app's database whose text mentions the e-mail or name."""
    needles = {EMAIL, NAME, json.dumps(NAME)[1:-1], "Zacarías", "Zacar\\u00edas", "Borrable"}
    found = []
    async with app.state.db.transaction(read_only=True) as session:
        for table in metadata.sorted_tables:
            for column in text_columns(table):  # SQLModel's AutoString columns included
                hit = or_(*(cast(column, Text).contains(n, autoescape=True) for n in needles))
                rows = (await session.execute(select(column).where(hit))).all()
                found += [f"{table.name}.{column.name}: {r[0]!r}"[:200] for r in rows]
    return found


async def test_deleting_an_account_erases_the_person_from_every_service(
    databases, jwks_file, signing_key, tmp_path, token_for
):
    from tests.gateway.conftest import gateway_settings

    hosts = Hosts()
    urls = {name: f"http://{name}" for name in SERVICES}
    apps = {
        "consultation": create_consultation(
            service_settings(
                ConsultationSettings, await new_database(databases, "consultation"), jwks_file
            ),
            http_transport=hosts,
        ),
        "roadmaps": create_roadmaps(
            service_settings(
                RoadmapsSettings,
                await new_database(databases, "roadmaps"),
                jwks_file,
                event_destinations={"tracking": urls["tracking"]},
            ),
            http_transport=hosts,
        ),
        "tracking": create_tracking(
            service_settings(TrackingSettings, await new_database(databases, "tracking"), jwks_file)
        ),
    }
    for name, app in apps.items():
        hosts.apps[name] = httpx.ASGITransport(app=app)
    from gateway.main import create_app as create_gateway

    gateway_app = create_gateway(
        gateway_settings(
            await new_database(databases, "gateway"),
            signing_key,
            tmp_path,
            service_urls=urls,
            event_destinations=urls,
        ),
        service_transport=hosts,
        events_transport=hosts,
    )
    async with (
        running(gateway_app) as gateway,
        running(apps["consultation"]) as consultation,
        running(apps["roadmaps"]) as roadmaps,
        running(apps["tracking"]) as tracking,
    ):
        gateway.app = gateway_app  # type: ignore[attr-defined]
        flows = AuthFlows(gateway)
        account = await flows.register(EMAIL, name=NAME)
        me = bearer(await flows.tokens(EMAIL))
        person = (
            account.get("id") or (await gateway.get("/api/v1/auth/me", headers=me)).json()["id"]
        )

        # consultation: a topic, a vote and a follow, through the gateway
        process = await consultation.post(
            "/processes",
            json={
                "plan_code": "MX-9PA",
                "title": "Plan de prueba",
                "phases": [
                    {
                        "key": "consultation",
                        "starts_on": mx_today().replace(day=1).isoformat(),
                        "ends_on": mx_today().replace(month=12, day=31).isoformat(),
                    }
                ],
            },
            headers=token_for("committee"),
        )
        assert process.status_code == 201, process.text
        api = "/api/v1/consultation"
        topic = await gateway.post(
            f"{api}/topics", json=topic_body(process.json()["id"]), headers=me
        )
        assert topic.status_code == 201, topic.text
        voted = await gateway.post(f"{api}/topics/{topic.json()['id']}/votes", headers=me)
        assert voted.status_code == 201, voted.text

        # roadmaps: a member of a working group (the Committee adds them by account id)
        group = await open_group(roadmaps, token_for)
        await group.add(person, NAME, "cso")
        await apps["roadmaps"].state.relay.drain()  # member_added reaches tracking

        # tracking: follows a commitment and has a notification
        followed = await gateway.post(
            f"/api/v1/tracking/commitments/{group.commitment_id}/follow", headers=me
        )
        async with apps["tracking"].state.db.transaction() as session:
            session.add(
                Notification(
                    id=uuid.uuid4().hex,
                    account_id=person,
                    kind="commitment_update_published",
                    subject=f"Hola {NAME}",
                    body="Hay un avance nuevo.",
                    link="/tablero",
                    created_at=datetime.now(UTC),
                )
            )

        exports = {
            name: (await gateway.get(f"/api/v1/{name}/me/export", headers=me)).json()
            for name in ("auth", *SERVICES)
        }
        deleted = await gateway.request(
            "DELETE", "/api/v1/auth/me", json={"password": PASSWORD}, headers=me
        )
        await gateway_app.state.relay.drain()
        await apps["roadmaps"].state.relay.drain()

        remaining = {
            "gateway": await leftovers(gateway_app, GatewayModel.metadata),
            "consultation": await leftovers(apps["consultation"], ConsultationModel.metadata),
            "roadmaps": await leftovers(apps["roadmaps"], RoadmapsModel.metadata),
            "tracking": await leftovers(apps["tracking"], TrackingModel.metadata),
        }
        after = await tracking.get(f"/commitments/{group.commitment_id}")

    assert followed.status_code in (200, 201), followed.text
    assert exports["auth"]["account"]["email"] == EMAIL
    assert set(exports["auth"]["elsewhere"]) == set(SERVICES)
    assert [t["id"] for t in exports["consultation"]["topics"]] == [topic.json()["id"]]
    assert len(exports["consultation"]["votes"]) == 1
    assert [g["name"] for g in exports["roadmaps"]["working_groups"]] == [NAME]
    assert [f["commitment_id"] for f in exports["tracking"]["following"]] == [group.commitment_id]
    assert len(exports["tracking"]["notifications"]) == 1
    assert [g["name"] for g in exports["tracking"]["working_groups"]] == [NAME]
    assert deleted.status_code == 204, deleted.text
    assert remaining == {"gateway": [], "consultation": [], "roadmaps": [], "tracking": []}
    assert after.status_code == 200
