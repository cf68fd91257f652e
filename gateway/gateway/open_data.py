"""The national open-data package and its DCAT catalogue, merged from the services'.

Each service publishes its own Frictionless package (``/open-data/datapackage.json``, its
resources beside it). The gateway asks each one, with its credential, and serves:

- ``/api/v1/open-data/datapackage.json``: one package with every resource, its path the
  absolute, stable download URL ``<public_url>/api/v1/<service>/open-data/<name>.csv``;
- ``/api/v1/open-data/catalog.jsonld``: a DCAT catalogue (JSON-LD) with a ``dcat:Dataset``
  per resource and a ``dcat:Distribution`` per format, as CKAN's ckanext-dcat harvests it
  (DCAT-AP terms, Spanish titles, license, publisher, issued/modified, spatial MX).

Both are kept for :data:`CACHE_SECONDS` (never while a service is missing from them) and
carry ``ETag`` / ``Last-Modified`` with 304 on revalidation.
"""

import json
import time
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response

from gateway.routing import RouteTable
from kit.datapackage import JSON_MEDIA_TYPE, LICENSE, NOT_MODIFIED, json_body, newest, respond
from kit.gateway_credential import CREDENTIAL_HEADER, credential

router = APIRouter(tags=["open data"])
CACHE_SECONDS = 60.0
MAX_AGE = 300
PACKAGE_PATH = "/open-data/datapackage.json"
JSONLD_MEDIA_TYPE = "application/ld+json"
PUBLISHER = "Secretariado Técnico Tripartita de la Alianza para el Gobierno Abierto en México"
MEXICO = "http://publications.europa.eu/resource/authority/country/MEX"
SPANISH = "http://publications.europa.eu/resource/authority/language/SPA"
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
IANA = "https://www.iana.org/assignments/media-types/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# The first publication of the platform's open data; each dataset's ``issued`` is this or
# its first row, whichever the service says.
ISSUED = "2019-08-30T00:00:00+00:00"


async def _service_package(request: Request, service: str, base_url: str) -> dict | None:
    settings = request.app.state.settings
    proof = credential(settings.service_secret(service), "GET", PACKAGE_PATH)
    headers = [(CREDENTIAL_HEADER.lower().encode(), proof.encode())]
    try:
        answer = await request.app.state.proxy.send(
            "GET", f"{base_url.rstrip('/')}{PACKAGE_PATH}", headers, None
        )
        try:
            body = await answer.read()
        finally:
            await answer.close()
        return json.loads(body) if answer.status == 200 else None
    except Exception:
        return None


def _published(table: RouteTable, service: str) -> bool:
    rule, _ = table.match(service, "GET", PACKAGE_PATH)
    return rule is not None


async def merged_package(request: Request) -> tuple[dict[str, Any], list[str]]:
    """The national package and the services that could not be asked."""
    settings = request.app.state.settings
    public = settings.public_url.rstrip("/")
    resources, missing, names = [], [], set()
    for service, base_url in settings.service_urls.items():
        if not _published(request.app.state.route_table, service):
            continue
        package = await _service_package(request, service, base_url)
        if package is None:
            missing.append(service)
            continue
        for res in package.get("resources", []):
            name = res["name"] if res["name"] not in names else f"{service}_{res['name']}"
            names.add(name)
            base = f"{public}/api/v1/{service}/open-data/{res['name']}"
            resources.append(
                res
                | {
                    "name": name,
                    "path": f"{base}.csv",
                    "json_path": f"{base}.json",
                    "service": service,
                    "package": package.get("name"),
                }
            )
    return {
        "profile": "tabular-data-package",
        "name": "cocrea-datos-abiertos",
        "title": "Datos abiertos de los planes de acción de gobierno abierto de México",
        "description": "Consulta pública, sistematización, grupos de trabajo, reuniones y "
        "seguimiento de los compromisos: cada recurso en CSV y JSON.",
        "homepage": f"{settings.website_base_url().rstrip('/')}/datos-abiertos",
        "licenses": [LICENSE],
        "keywords": ["gobierno abierto", "México", "plan de acción", "participación ciudadana"],
        "resources": resources,
    }, missing


def _modified(resources: list[dict[str, Any]]) -> datetime | None:
    return newest(
        *(datetime.fromisoformat(r["last_modified"]) for r in resources if r.get("last_modified"))
    )


def _literal(value: str, language: str = "es") -> dict[str, str]:
    return {"@value": value, "@language": language}


def _moment(value: str) -> dict[str, str]:
    return {"@value": value, "@type": "xsd:dateTime"}


def _distribution(res: dict[str, Any], kind: str, url: str) -> dict[str, Any]:
    distribution: dict[str, Any] = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _literal(f"{res['title']} ({kind.upper()})"),
        "dct:format": kind.upper(),
        "dcat:mediaType": {"@id": IANA + MEDIA_TYPES[kind]},
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dct:license": {"@id": LICENSE["path"]},
    }
    if res.get("last_modified"):
        distribution["dct:modified"] = _moment(res["last_modified"])
    return distribution


def catalog(package: dict[str, Any], catalog_url: str) -> dict[str, Any]:
    """The DCAT catalogue (JSON-LD) of the national package."""
    publisher = {"@id": f"{package['homepage']}#publicador", "@type": "foaf:Organization"}
    publisher["foaf:name"] = PUBLISHER
    datasets = []
    for res in package["resources"]:
        dataset: dict[str, Any] = {
            "@id": f"{catalog_url}#{res['name']}",
            "@type": "dcat:Dataset",
            "dct:identifier": res["name"],
            "dct:title": _literal(res["title"]),
            "dct:description": _literal(res.get("description") or res["title"]),
            "dcat:keyword": [_literal(k) for k in [*res.get("keywords", []), "gobierno abierto"]],
            "dct:publisher": publisher,
            "dct:license": {"@id": LICENSE["path"]},
            "dct:language": {"@id": SPANISH},
            "dct:spatial": {"@id": MEXICO},
            "dct:issued": _moment(ISSUED),
            "dcat:landingPage": {"@id": package["homepage"]},
            "dct:conformsTo": {"@id": "https://specs.frictionlessdata.io/table-schema/"},
            "dcat:distribution": [
                _distribution(res, "csv", res["path"]),
                _distribution(res, "json", res["json_path"]),
            ],
        }
        if res.get("last_modified"):
            dataset["dct:modified"] = _moment(res["last_modified"])
        datasets.append(dataset)
    modified = _modified(package["resources"])
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": _literal(package["title"]),
        "dct:description": _literal(package["description"]),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENSE["path"]},
        "dct:language": {"@id": SPANISH},
        "dct:spatial": {"@id": MEXICO},
        "dct:issued": _moment(ISSUED),
        "foaf:homepage": {"@id": package["homepage"]},
        "dcat:dataset": datasets,
    }
    if modified is not None:
        document["dct:modified"] = _moment(modified.isoformat())
    return document


async def _cached_package(request: Request) -> dict[str, Any]:
    kept = getattr(request.app.state, "open_data_package", None)
    if kept and time.monotonic() - kept[0] < CACHE_SECONDS:
        return kept[1]
    package, missing = await merged_package(request)
    if missing:
        package["x-unavailable-services"] = missing
    else:
        request.app.state.open_data_package = (time.monotonic(), package)
    return package


def _max_age(package: dict[str, Any]) -> int:
    return 0 if "x-unavailable-services" in package else MAX_AGE


@router.get("/api/v1/open-data/datapackage.json", responses=NOT_MODIFIED)
async def get_open_data_package(request: Request) -> Response:
    """El Data Package (Frictionless) nacional: todos los recursos de datos abiertos de
    consulta, hojas de ruta y seguimiento, cada uno con su URL de descarga estable (CSV;
    `json_path` para JSON), su esquema de tabla y su última modificación."""
    package = await _cached_package(request)
    return respond(
        request,
        body=json_body(package),
        media_type=JSON_MEDIA_TYPE,
        max_age=_max_age(package),
        last_modified=_modified(package["resources"]),
    )


@router.get(
    "/api/v1/open-data/catalog.jsonld",
    responses={200: {"content": {JSONLD_MEDIA_TYPE: {}}}} | NOT_MODIFIED,
)
async def get_open_data_catalog(request: Request) -> Response:
    """El catálogo DCAT (JSON-LD) de los datos abiertos, cosechable por CKAN (ckanext-dcat):
    un `dcat:Dataset` por recurso con sus distribuciones CSV y JSON."""
    package = await _cached_package(request)
    public = request.app.state.settings.public_url.rstrip("/")
    document = catalog(package, f"{public}/api/v1/open-data/catalog.jsonld")
    return respond(
        request,
        body=json_body(document),
        media_type=JSONLD_MEDIA_TYPE,
        max_age=_max_age(package),
        last_modified=_modified(package["resources"]),
    )
