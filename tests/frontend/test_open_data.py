"""/datos-abiertos lists every resource of the national package (consultation, roadmaps,
tracking) with its CSV and JSON links on the gateway and its last-modified date."""

import re

import httpx

from tests.frontend.conftest import GATEWAY, FakeGateway

PUBLIC = "https://api.cocrea.example.mx"


def national_package() -> dict:
    def resource(service: str, name: str, title: str, modified: str | None) -> dict:
        base = f"{PUBLIC}/api/v1/{service}/open-data/{name}"
        found = {"name": name, "title": title, "service": service, "path": f"{base}.csv"}
        found |= {"json_path": f"{base}.json", "description": f"Descripción de {title}"}
        return found | ({"last_modified": modified} if modified else {})

    return {
        "name": "cocrea-datos-abiertos",
        "resources": [
            resource("consultation", "topics", "Temas propuestos", "2026-11-30T18:00:00+00:00"),
            resource("roadmaps", "meetings", "Reuniones", "2026-10-02T09:30:00+00:00"),
            resource("tracking", "commitments", "Compromisos", None),
        ],
    }


async def test_every_resource_is_listed_with_its_links_and_date(start_frontend):
    fake = FakeGateway()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/open-data/datapackage.json":
            fake.requests.append(request)
            return httpx.Response(200, json=national_package())
        return fake(request)

    async with start_frontend(handler) as client:
        spanish = await client.get("/datos-abiertos")
        english = await client.get("/datos-abiertos?lang=en")

    assert spanish.status_code == 200
    page = spanish.text
    for service, name in [("consultation", "topics"), ("roadmaps", "meetings")]:
        assert f'href="{GATEWAY}/api/v1/{service}/open-data/{name}.csv"' in page
        assert f'href="{GATEWAY}/api/v1/{service}/open-data/{name}.json"' in page
    assert f'href="{GATEWAY}/api/v1/tracking/open-data/commitments.csv"' in page
    assert '<time datetime="2026-11-30">30 de noviembre de 2026</time>' in page
    assert "Sin datos aún" in page  # tracking's resource has no date in the package
    assert f'href="{GATEWAY}/api/v1/open-data/catalog.jsonld"' in page
    assert f'href="{GATEWAY}/api/v1/open-data/datapackage.json"' in page
    assert len(re.findall(r'<th scope="row">', page)) == 3
    assert "Consulta pública" in page and "Grupos de trabajo y reuniones" in page
    assert "Last modified" in english.text and "Working groups and meetings" in english.text
    assert "November 30, 2026" in english.text


async def test_the_page_says_so_when_the_package_is_unavailable(start_frontend, fake_gateway):
    fake_gateway.failing.add("/api/v1/open-data/")
    async with start_frontend(fake_gateway) as client:
        response = await client.get("/datos-abiertos")

    assert response.status_code == 200
    assert "La lista de tablas no está disponible en este momento." in response.text
