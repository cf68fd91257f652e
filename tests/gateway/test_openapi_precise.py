"""The merged OpenAPI says what the server accepts: closed vocabularies, the cursor, an
example for every body, the webhooks and the links from a create to its read (issue 16)."""

import re
from typing import Any

import jsonschema_rs
import pytest

from gateway.openapi_docs import LINKS
from kit import signing
from kit.pagination import encode_cursor
from tests.gateway.openapi_stack import services_transport

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}
REF = "#/components/schemas/"


@pytest.fixture
async def served(start_gateway, jwks_file) -> dict[str, Any]:
    """The merged document and the docs page of the real gateway and services."""
    async with start_gateway(service_transport=services_transport(jwks_file)) as client:
        document = (await client.get("/api/v1/openapi.json")).json()
        page = await client.get("/api/docs")
        bundle = await client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert "x-unavailable-services" not in document
    return {"document": document, "page": page, "bundle": bundle}


@pytest.fixture
def merged(served) -> dict[str, Any]:
    return served["document"]


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def _schema(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].removeprefix(REF)]
    return schema


def _string(schema: dict) -> dict:
    """The string branch of ``string | null``."""
    return next(b for b in schema.get("anyOf", [schema]) if b.get("type") == "string")


def _parameter(document: dict, path: str, method: str, name: str) -> dict:
    parameters = document["paths"][path][method]["parameters"]
    return next(p for p in parameters if p["name"] == name)


AREAS = {
    "environment_climate",
    "digital_governance",
    "fiscal_openness",
    "gender_inclusion",
    "justice",
    "media_freedom",
    "civic_participation",
    "access_to_information",
    "anti_corruption",
    "civic_space",
}


async def test_closed_vocabularies_are_declared(merged):
    topics, dashboard = (
        "/api/v1/consultation/topics",
        "/api/v1/tracking/plans/{plan_code}/dashboard",
    )
    for path, name in ((topics, "area"), (dashboard, "area")):
        assert set(_string(_parameter(merged, path, "get", name)["schema"])["enum"]) == AREAS
    state = _string(_parameter(merged, topics, "get", "state")["schema"])
    assert re.fullmatch(state["pattern"], "09") and not re.search(state["pattern"], "33")
    assert set(_string(_parameter(merged, topics, "get", "sort")["schema"])["enum"]) == {
        "votes",
        "recent",
    }
    status = _string(_parameter(merged, dashboard, "get", "status")["schema"])
    assert "sin_evaluar" in status["enum"] and "completed" in status["enum"]
    schemas = merged["components"]["schemas"]
    for name in ("TopicFields", "TopicCreate"):
        assert set(schemas[name]["properties"]["area"]["enum"]) == AREAS
        assert "pattern" in schemas[name]["properties"]["state_code"]
        assert "pattern" in schemas[name]["properties"]["sdg_tags"]["items"]
    assert set(_string(schemas["TopicUpdate"]["properties"]["area"])["enum"]) == AREAS
    assert set(schemas["ThemeCreate"]["properties"]["areas"]["items"]["enum"]) == AREAS
    assert "consultation" in schemas["PhaseCreate"]["properties"]["key"]["enum"]
    phase = _parameter(
        merged, "/api/v1/consultation/processes/{process_id}/phases/{phase_key}", "put", "phase_key"
    )
    assert "roadmaps" in phase["schema"]["enum"]
    # Vocabularies typed with reference's Literals already (roles, statuses, OGP scales).
    staff_role = _parameter(merged, "/api/v1/auth/staff", "get", "role")["schema"]
    assert set(_string(staff_role)["enum"]) == {"government", "cso", "inai", "committee", "admin"}
    irm = schemas["IrmAssessmentWrite"]["properties"]
    assert set(irm["report_type"]["enum"]) == {"design", "results"}


async def test_the_cursor_and_the_page_size_are_documented(merged):
    cursors = limits = 0
    for path, method, operation in _operations(merged):
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            if parameter["name"] == "cursor":
                cursors += 1
                assert "next_cursor" in parameter["description"], path
                pattern = _string(parameter["schema"])["pattern"]
                assert re.fullmatch(pattern, encode_cursor(["2026-01-01T00:00:00", "a1"]))
                assert not re.fullmatch(pattern, "abc=")  # padded: never one of ours
            if parameter["name"] == "limit":
                limits += 1
                schema = parameter["schema"]
                assert schema["minimum"] >= 1 and schema["maximum"] <= 200, (method, path)
                assert parameter["description"], (method, path)
    assert cursors >= 10 and limits >= cursors
    pages = [
        (name, schema)
        for name, schema in merged["components"]["schemas"].items()
        if "next_cursor" in schema.get("properties", {})
    ]
    assert len(pages) >= 8
    assert all(s["properties"]["next_cursor"].get("description") for _, s in pages)


def _validator(document: dict, schema: dict) -> Any:
    return jsonschema_rs.Draft202012Validator(
        {**schema, "components": document["components"]}, validate_formats=True
    )


def _body_examples(content: dict, schema: dict) -> list[Any]:
    if "example" in content:
        return [content["example"]]
    if "examples" in content:
        return [e["value"] for e in content["examples"].values()]
    return list(schema.get("examples", [])) + ([schema["example"]] if "example" in schema else [])


async def test_every_json_body_has_an_example_valid_for_its_schema(merged):
    missing, invalid, checked = [], [], 0
    for path, method, operation in _operations(merged):
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None:
            continue
        examples = _body_examples(content, _schema(merged, content["schema"]))
        if not examples:
            missing.append(f"{method} {path}")
        validator = _validator(merged, content["schema"])
        for example in examples:
            checked += 1
            errors = [e.message for e in validator.iter_errors(example)]
            if errors:
                invalid.append((f"{method} {path}", errors))
    assert not missing and not invalid, "\n".join(map(str, missing + invalid))
    assert checked > 40


TOPICS = (
    "tracking.update.published.v1",
    "tracking.commitment.status_changed.v1",
    "tracking.irm_assessment.recorded.v1",
)


async def test_the_webhooks_are_in_the_document_with_payloads_and_signature(merged):
    assert merged["openapi"].startswith("3.1.")
    assert set(merged["webhooks"]) == set(TOPICS)
    assert "Webhooks" in merged["info"]["description"]
    assert any(tag["name"] == "webhooks" for tag in merged.get("tags", []))
    schemas = merged["components"]["schemas"]
    for topic, payload in zip(
        TOPICS, ("UpdatePublished", "StatusChanged", "IrmAssessmentRecorded"), strict=True
    ):
        post = merged["webhooks"][topic]["post"]
        header = next(p for p in post["parameters"] if p["name"] == signing.SIGNATURE_HEADER)
        assert header["in"] == "header" and header["required"]
        assert "HMAC-SHA256" in header["description"]
        assert str(signing.TOLERANCE_SECONDS) in header["description"]
        # What kit.signing really sends matches the documented header.
        assert re.fullmatch(header["schema"]["pattern"], signing.sign("s", b"{}"))
        envelope = _schema(merged, post["requestBody"]["content"]["application/json"]["schema"])
        assert envelope["properties"]["topic"]["enum"] == [topic]
        assert envelope["properties"]["payload"]["$ref"] == REF + payload
        assert set(envelope["required"]) == {"id", "topic", "source", "occurred_at", "payload"}
        assert "properties" in schemas[payload]
        assert "2XX" in post["responses"] and "300" in post["responses"]["default"]["description"]
    # The payload schema is the contract's: the fields tracking's producer sends.
    from contracts.tracking import UpdatePublished

    assert set(schemas["UpdatePublished"]["properties"]) == set(UpdatePublished.model_fields)
    irm = schemas["IrmAssessmentRecorded"]["properties"]
    assert set(irm["report_type"]["enum"]) == {"design", "results"}


def test_a_delivery_verifies_with_the_documented_scheme():
    """The scheme as documented, written out by hand, agrees with kit.signing."""
    import hashlib
    import hmac

    body = b'{"id":"e1","topic":"tracking.update.published.v1"}'
    header = signing.sign("secreto", body, timestamp=1767225600)
    t, v1 = dict(part.split("=", 1) for part in header.split(",")).values()
    expected = hmac.new(b"secreto", f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(v1, expected)
    assert signing.verify("secreto", body, header, now=1767225600 + signing.TOLERANCE_SECONDS)
    assert not signing.verify("secreto", body, header, now=1767225601 + signing.TOLERANCE_SECONDS)


async def test_the_docs_page_loads_the_document_with_a_swagger_ui_that_renders_webhooks(served):
    page, bundle = served["page"], served["bundle"]
    assert page.status_code == 200
    assert "/api/v1/openapi.json" in page.text
    assert "/api/docs/assets/swagger-ui-bundle.js" in page.text
    assert bundle.status_code == 200
    # Swagger UI renders OpenAPI 3.1's webhooks from 5.0: the bundle is a 5.x one and has
    # the webhooks view.
    assert re.search(r'"5\.\d+\.\d+"', bundle.text)
    assert "webhooks" in bundle.text and "OAS31" in bundle.text


async def test_create_operations_link_to_reads_that_exist(merged):
    by_id = {op["operationId"]: op for _, _, op in _operations(merged)}
    linked, count = set(), 0
    for path, _, operation in _operations(merged):
        for status, response in operation["responses"].items():
            for name, link in response.get("links", {}).items():
                assert status == "201", (path, name)
                target = by_id[link["operationId"]]
                names = {p["name"] for p in target.get("parameters", []) if p["in"] == "path"}
                assert names <= set(link["parameters"]), (name, names)
                known = {p["name"] for p in target.get("parameters", [])}
                assert set(link["parameters"]) <= known, (name, link["parameters"])
                body = _schema(merged, response["content"]["application/json"]["schema"])
                for expression in link["parameters"].values():
                    pointer = expression.removeprefix("$response.body#/").split("/")
                    node = body
                    for part in pointer:
                        node = _schema(merged, node)["properties"][part]
                linked.add(operation["operationId"])
                count += 1
    # Every declared link made it (none dropped for a renamed operation).
    assert count == sum(len(links) for links in LINKS.values())
    assert {
        "createTopic",
        "createProcess",
        "createCommitment",
        "createWebhook",
        "submitUpdate",
        "createTheme",
        "createRoadmap",
    } <= linked
