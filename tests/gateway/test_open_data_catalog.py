"""The national open data at the gateway: one Frictionless package merging the three
services' packages (stable download URLs, last-modified dates), which validates with
the resources downloaded through the gateway, and its DCAT catalogue (JSON-LD) with the
terms ckanext-dcat harvests."""

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import frictionless
import httpx
import pytest
import uvicorn

from consultation.config import ConsultationSettings
from consultation.demo import load_demo as load_consultation
from consultation.main import create_app as create_consultation
from kit.demo import ACCOUNTS_ENV
from roadmaps.config import RoadmapsSettings
from roadmaps.demo import load_demo as load_roadmaps
from roadmaps.main import create_app as create_roadmaps
from tests.conftest import Databases, migrate, running, service_settings
from tests.consultation.test_open_data import demo_accounts_file
from tests.events.test_demo_cycle import accounts  # noqa: F401  (the cycle's fixtures)
from tests.events.test_demo_cycle import stack as demo_cycle  # noqa: F401
from tests.gateway.openapi_stack import PORTS
from tracking.config import TrackingSettings
from tracking.demo import load_demo as load_tracking
from tracking.main import create_app as create_tracking

SERVICES = {
    "consultation": (ConsultationSettings, create_consultation, load_consultation),
    "roadmaps": (RoadmapsSettings, create_roadmaps, load_roadmaps),
    "tracking": (TrackingSettings, create_tracking, load_tracking),
}
PUBLIC = "https://cocrea.example.mx"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture
async def services(databases: Databases, jwks_file, monkeypatch, tmp_path) -> AsyncIterator:
    """The three services on migrated databases with their demos, behind one transport."""
    monkeypatch.setenv(ACCOUNTS_ENV, demo_accounts_file(tmp_path / "demo-accounts.json"))
    apps = {}
    async with AsyncExitStack() as stack:
        for name, (settings_cls, create, load) in SERVICES.items():
            url = await databases.new(name)
            await migrate(name, url)
            settings = service_settings(settings_cls, url, jwks_file)
            await load(settings)
            app = create(settings)
            await stack.enter_async_context(running(app))
            apps[name] = httpx.ASGITransport(app=app)

        class ByPort(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                return await apps[PORTS[request.url.port]].handle_async_request(request)

        yield ByPort()


async def test_the_national_package_validates_with_its_resources_downloaded(
    start_gateway, services, tmp_path
):
    folder = tmp_path / "nacional"
    folder.mkdir()
    counts = {}
    async with start_gateway(service_transport=services, public_url=PUBLIC) as client:
        answer = await client.get("/api/v1/open-data/datapackage.json")
        package = answer.json()
        again = await client.get(
            "/api/v1/open-data/datapackage.json", headers={"If-None-Match": answer.headers["etag"]}
        )
        for res in package["resources"]:
            assert res["path"].startswith(f"{PUBLIC}/api/v1/{res['service']}/open-data/")
            csv = await client.get(res["path"].removeprefix(PUBLIC))
            rows = await client.get(res["json_path"].removeprefix(PUBLIC))
            assert csv.status_code == rows.status_code == 200, (res["path"], csv.text)
            assert csv.headers["content-type"].startswith("text/csv")
            assert len(csv.text.splitlines()) - 1 == len(rows.json()), res["name"]
            (folder / f"{res['name']}.csv").write_bytes(csv.content)
            counts[res["name"]] = len(rows.json())
            res["path"] = f"{res['name']}.csv"  # the local copy of what the URL serves

    assert answer.status_code == 200 and answer.headers["last-modified"]
    assert "public" in answer.headers["cache-control"]
    assert again.status_code == 304
    assert "x-unavailable-services" not in package
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    by_service = {}
    for res in package["resources"]:
        by_service.setdefault(res["service"], []).append(res["name"])
        if counts[res["name"]]:  # a resource with rows says when they last changed
            assert res["last_modified"], res["name"]
    assert {"topics", "themes", "participation_statistics"} <= set(by_service["consultation"])
    assert {"working_groups", "working_group_members", "meetings"} <= set(by_service["roadmaps"])
    assert {"commitments", "updates", "indicators"} <= set(by_service["tracking"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_frictionless_validates_the_package_served_over_http(start_gateway, services):
    """``frictionless validate <url>`` as anyone would run it: the descriptor and every
    resource fetched from the gateway over a real socket, by their published URLs."""
    port = _free_port()
    public = f"http://127.0.0.1:{port}"
    async with start_gateway(service_transport=services, public_url=public) as client:
        config = uvicorn.Config(
            client.app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
        )
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        try:
            url = f"{public}/api/v1/open-data/datapackage.json"
            report = await asyncio.to_thread(frictionless.validate, url)
        finally:
            server.should_exit = True
            await task

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(client.app.state.open_data_package[1]["resources"]) > 10


def _structural_checks(document: dict, package: dict) -> None:
    assert document["@type"] == "dcat:Catalog"
    assert document["@context"]["dcat"] == DCAT and document["@context"]["dct"] == DCT
    datasets = document["dcat:dataset"]
    assert [d["dct:identifier"] for d in datasets] == [r["name"] for r in package["resources"]]
    for dataset, res in zip(datasets, package["resources"], strict=True):
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:title"] == {"@value": res["title"], "@language": "es"}
        assert dataset["dct:spatial"]["@id"].endswith("/country/MEX")
        assert dataset["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
        assert dataset["dct:publisher"]["foaf:name"] and dataset["dcat:keyword"]
        urls = {d["dcat:mediaType"]["@id"]: d["dcat:downloadURL"]["@id"] for d in dataset[
            "dcat:distribution"
        ]}  # fmt: skip
        assert urls == {
            "https://www.iana.org/assignments/media-types/text/csv": res["path"],
            "https://www.iana.org/assignments/media-types/application/json": res["json_path"],
        }


async def test_the_dcat_catalogue_is_json_ld_ckan_can_harvest(start_gateway, services):
    async with start_gateway(service_transport=services, public_url=PUBLIC) as client:
        package = (await client.get("/api/v1/open-data/datapackage.json")).json()
        answer = await client.get("/api/v1/open-data/catalog.jsonld")
        again = await client.get(
            "/api/v1/open-data/catalog.jsonld",
            headers={"If-Modified-Since": answer.headers["last-modified"]},
        )

    assert answer.status_code == 200 and again.status_code == 304
    # ckanext-dcat's RDF harvester picks the parser from the Content-Type
    assert answer.headers["content-type"].startswith("application/ld+json")
    document = answer.json()
    _structural_checks(document, package)
    import rdflib  # a test dependency (pyproject.toml): a harvester reads the catalogue so

    graph = rdflib.Graph().parse(data=answer.text, format="json-ld")
    dcat, dct = rdflib.Namespace(DCAT), rdflib.Namespace(DCT)
    catalogs = list(graph.subjects(rdflib.RDF.type, dcat.Catalog))
    datasets = set(graph.subjects(rdflib.RDF.type, dcat.Dataset))
    assert len(catalogs) == 1 and len(datasets) == len(package["resources"])
    assert set(graph.objects(catalogs[0], dcat.dataset)) == datasets
    for dataset in datasets:
        titles = list(graph.objects(dataset, dct.title))
        assert titles and all(t.language == "es" for t in titles)
        assert graph.value(dataset, dct.issued) is not None
        distributions = list(graph.objects(dataset, dcat.distribution))
        assert len(distributions) == 2
        for distribution in distributions:
            assert str(graph.value(distribution, dcat.downloadURL)).startswith(PUBLIC)
            assert graph.value(distribution, dcat.mediaType) is not None
        assert str(graph.value(dataset, dct.spatial)).endswith("/country/MEX")


async def test_the_whole_demonstration_cycle_fills_every_resource(demo_cycle):  # noqa: F811
    """With the demo cycle loaded through the real relays (tests/events), no resource of any
    service's package is empty."""
    await demo_cycle.load_until_complete()
    empty = []
    for service, client in demo_cycle.clients.items():
        client.app.state.open_data_cache = None  # built before the last relay round
        package = (await client.get("/open-data/datapackage.json")).json()
        for res in package["resources"]:
            rows = (await client.get(f"/open-data/{res['name']}.json")).json()
            if not rows:
                empty.append(f"{service}:{res['name']}")
    assert empty == []
