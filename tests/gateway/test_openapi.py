"""The merged OpenAPI document is precise enough for generated clients (issue 16)."""

import json
import os
import re
from typing import Any

import pytest

from gateway.openapi import merge_schemas, readable_name
from tests.gateway.openapi_stack import services_transport

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


@pytest.fixture
async def merged(start_gateway, jwks_file) -> dict:
    """The merged document of the real gateway and the three real services."""
    async with start_gateway(service_transport=services_transport(jwks_file)) as client:
        response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert "x-unavailable-services" not in document
    if os.environ.get("DUMP_OPENAPI"):
        with open(os.environ["DUMP_OPENAPI"], "w") as f:
            json.dump(document, f, indent=1)
    return document


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


async def test_schema_names_are_unique_readable_and_every_reference_resolves(merged):
    schemas = merged["components"]["schemas"]
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", name) for name in schemas), [
        n for n in schemas if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", n)
    ]
    # Both services' commitments, each under its own name; neither keeps the bare one.
    assert {"RoadmapsCommitmentRead", "TrackingCommitmentRead"} <= set(schemas)
    assert "CommitmentRead" not in schemas
    assert schemas["RoadmapsCommitmentRead"] != schemas["TrackingCommitmentRead"]
    titled = {n: s["title"] for n, s in schemas.items() if "title" in s}
    assert all(title == name for name, title in titled.items()), titled
    # Pages are named after what they hold, and hold the right service's commitments.
    page = schemas["RoadmapsCommitmentReadPage"]["properties"]["items"]["items"]["$ref"]
    assert page == "#/components/schemas/RoadmapsCommitmentRead"
    listing = merged["paths"]["/api/v1/roadmaps/commitments"]["get"]["responses"]["200"]
    assert listing["content"]["application/json"]["schema"]["$ref"].endswith(
        "/RoadmapsCommitmentReadPage"
    )
    tracked = merged["paths"]["/api/v1/tracking/commitments/{commitment_id}"]["get"]
    body = tracked["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert body.rsplit("/", 1)[-1].startswith("Tracking") or "Tracking" not in body
    prefix = "#/components/schemas/"
    dangling = {r for r in _refs(merged) if r.removeprefix(prefix) not in schemas}
    assert not dangling


def test_readable_names_of_generics_and_form_bodies():
    assert readable_name("Page_CommitmentRead_") == "CommitmentReadPage"
    assert readable_name("Body_uploadEvidence") == "UploadEvidenceBody"
    assert readable_name("TopicRead") == "TopicRead"


def test_a_page_of_a_clashing_schema_is_renamed_with_it():
    """Pages whose own text is identical in two services but whose item is not."""
    page = {"properties": {"items": {"items": {"$ref": "#/components/schemas/Item"}}}}
    schemas, renames = merge_schemas(
        {
            "": {"ErrorResponse": {"type": "object"}},
            "roadmaps": {
                "Item": {"title": "a"},
                "Page_Item_": page,
                "ErrorResponse": {"type": "object"},
            },
            "tracking": {"Item": {"title": "b"}, "Page_Item_": page},
        }
    )
    assert renames["roadmaps"] == {
        "Item": "RoadmapsItem",
        "Page_Item_": "RoadmapsItemPage",
        "ErrorResponse": "ErrorResponse",
    }
    assert renames["tracking"]["Page_Item_"] == "TrackingItemPage"
    ref = schemas["TrackingItemPage"]["properties"]["items"]["items"]["$ref"]
    assert ref == "#/components/schemas/TrackingItem"
    assert set(schemas) == {
        "ErrorResponse",
        "RoadmapsItem",
        "TrackingItem",
        "RoadmapsItemPage",
        "TrackingItemPage",
    }


async def test_operation_ids_are_unique_camel_case_and_free_of_internal_paths(merged):
    ids = [operation["operationId"] for _, _, operation in _operations(merged)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    bad = [i for i in ids if not re.fullmatch(r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)*", i)]
    assert not bad
    # No trace of the path or method FastAPI used to append.
    assert not [i for i in ids if re.search(r"(Get|Post|Put|Patch|Delete|Api|V1)$", i)]
    by_route = {(p, m): o["operationId"] for p, m, o in _operations(merged)}
    assert by_route["/api/v1/roadmaps/commitments", "get"] == "listCommitments"
    assert by_route["/api/v1/consultation/topics/{topic_id}/votes", "post"] == "castVote"
    assert by_route["/api/v1/tracking/plans/{plan_code}/dashboard", "get"] == "getDashboard"
    assert by_route["/api/v1/auth/login", "post"] == "login"
    # Form bodies are named after their operation, not the internal path.
    assert "UploadEvidenceBody" in merged["components"]["schemas"]


def test_a_service_route_names_its_operation_after_its_function():
    from kit.app import operation_id

    class Route:
        name = "list_plan_commitments"

    assert operation_id(Route()) == "listPlanCommitments"  # type: ignore[arg-type]


async def test_security_is_declared_as_the_route_table_has_it(merged):
    from gateway.routing import PUBLIC, load_route_table

    table = load_route_table()
    checked = 0
    for path, method, operation in _operations(merged):
        service, _, rest = path.removeprefix("/api/v1/").partition("/")
        if service not in table.services:
            continue
        rule, _ = table.match(service, method.upper(), "/" + rest.replace("{", "x"))
        assert rule is not None, path
        security = operation.get("security")
        if PUBLIC in rule.allow:
            assert security in (None, [{}, {"HTTPBearer": []}]), (method, path, security)
        else:
            assert security == [{"HTTPBearer": []}], (method, path, security)
        checked += 1
    assert checked > 80
    by_route = {(p, m): o.get("security") for p, m, o in _operations(merged)}
    # The public reads schemathesis flagged: no token needed (themes, commitments, stats).
    assert by_route["/api/v1/roadmaps/commitments", "get"] in (None, [{}, {"HTTPBearer": []}])
    assert by_route["/api/v1/roadmaps/plans/{plan_code}/meeting-stats", "get"] != [
        {"HTTPBearer": []}
    ]
    assert by_route["/api/v1/tracking/plans/{plan_code}/dashboard", "get"] is None
    assert by_route["/api/v1/consultation/topics", "post"] == [{"HTTPBearer": []}]
    assert by_route["/api/v1/auth/login", "post"] is None
    # HTTP Basic or the form's credentials (schemathesis ST203: not a required header).
    assert by_route["/api/v1/auth/token", "post"] == [{}, {"HTTPBasic": []}]


async def test_rate_limit_headers_are_documented_on_limited_routes(merged):
    vote = merged["paths"]["/api/v1/consultation/topics/{topic_id}/votes"]["post"]["responses"]
    ok = next(r for s, r in vote.items() if s.startswith("2"))
    assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(ok["headers"])
    assert "Retry-After" in vote["429"]["headers"]
    assert "Retry-After" in vote["503"]["headers"]
    listing = merged["paths"]["/api/v1/roadmaps/commitments"]["get"]["responses"]
    assert "RateLimit-Limit" not in listing["200"].get("headers", {})
    assert "Retry-After" in listing["503"]["headers"]


# Media types the generator has no built-in mapping for: the evidence files (PDF, images)
# and the territorial CSV import are plain bytes to a client. This is the generator's own
# documented option, which an agency would set the same way.
CLIENT_CONFIG = """\
post_hooks: []
content_type_overrides:
  application/pdf: application/octet-stream
  image/png: application/octet-stream
  image/jpeg: application/octet-stream
  text/csv: application/octet-stream
"""


async def test_openapi_python_client_generates_a_client_without_warnings(merged, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(merged))
    config = tmp_path / "client.yaml"
    config.write_text(CLIENT_CONFIG)
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(document),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / "cocrea_client"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    api = tmp_path / "cocrea_client" / "api"
    modules = {p.stem for p in api.rglob("*.py")}
    # The operations the issue found missing or unusable, under their readable names.
    assert {"list_commitments", "list_plan_commitments", "get_dashboard", "cast_vote"} <= modules
    assert {"download_evidence", "import_questionnaires"} <= modules
    models = {p.stem for p in (tmp_path / "cocrea_client" / "models").glob("*.py")}
    assert {"roadmaps_commitment_read", "tracking_commitment_read_page"} <= models
