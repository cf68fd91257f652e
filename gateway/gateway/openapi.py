"""The merged OpenAPI document of the whole public API, and the docs page.

Each service's own document is fetched, its paths are prefixed with ``/api/v1/<service>``
and kept only where the route table routes them (so internal endpoints never appear), and
each operation says which roles may call it. Schema names are made unique and readable
(:func:`merge_schemas`). The webhooks tracking delivers are in the OpenAPI 3.1 ``webhooks``
section (:mod:`gateway.openapi_webhooks`); the cursor, page sizes and create -> read links
are declared once for every service (:mod:`gateway.openapi_docs`). The result is cached
briefly.
"""

import copy
import json
import re
import time
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from gateway import openapi_webhooks
from gateway.openapi_docs import document_parameters
from gateway.routing import PUBLIC, RouteTable
from kit.errors import ErrorResponse

router = APIRouter(include_in_schema=False)
CACHE_SECONDS = 30.0
_ASSETS = Path(fastapi_offline.__file__).parent / "static"
_ASSET_FILES = {"swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"}
_HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                name = value.rsplit("/", 1)[-1]
                out[key] = f"#/components/schemas/{renames.get(name, name)}"
            else:
                out[key] = _rename_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rename_refs(v, renames) for v in node]
    return node


def _pascal(name: str) -> str:
    parts = re.split(r"[^A-Za-z0-9]+", name)
    return "".join(part[:1].upper() + part[1:] for part in parts if part)


def readable_name(name: str) -> str:
    """A schema name generators can use: pydantic's ``Page_CommitmentRead_`` becomes
    ``CommitmentReadPage``, FastAPI's ``Body_uploadEvidence`` becomes
    ``UploadEvidenceBody``; anything else keeps its name, without punctuation."""
    generic = re.fullmatch(r"([A-Za-z0-9]+)_(.+)_", name)
    if generic:
        return readable_name(generic[2]) + generic[1]
    if name.startswith("Body_"):
        return _pascal(name[len("Body_") :]) + "Body"
    return _pascal(name)


def merge_schemas(sources: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, dict]]:
    """One ``components.schemas`` from each source's own (``""`` is the gateway's):
    (the merged schemas, per source the old name -> new name).

    Names are made readable; a name two services use for different content is prefixed
    with the service's name in every service using it (``RoadmapsCommitmentRead`` and
    ``TrackingCommitmentRead``), never first come first served. A schema is compared
    after its references are rewritten, so a page of a renamed schema is renamed too.
    A schema's ``title`` becomes its name (pydantic's ``Page[CommitmentRead]`` would
    name two different models alike in a generated client)."""
    prefixed: set[tuple[str, str]] = set()
    for _ in range(len(sources) * 4 + 1):
        renames = {
            source: {
                name: (_pascal(source) if (source, readable_name(name)) in prefixed else "")
                + readable_name(name)
                for name in schemas
            }
            for source, schemas in sources.items()
        }
        merged: dict[str, Any] = {}
        owners: dict[str, list[tuple[str, str]]] = {}
        clashes: set[tuple[str, str]] = set()
        for source, schemas in sources.items():
            for name, schema in schemas.items():
                final = renames[source][name]
                rewritten = _rename_refs(schema, renames[source])
                owners.setdefault(final, []).append((source, readable_name(name)))
                if final in merged and merged[final] != rewritten:
                    clashes.update(owner for owner in owners[final] if owner[0])
                merged.setdefault(final, rewritten)
        if clashes <= prefixed:
            if clashes:
                raise ValueError(f"schema names still clash after prefixing: {sorted(clashes)}")
            for final, schema in merged.items():
                if isinstance(schema, dict) and "title" in schema:
                    schema["title"] = final  # generators name their models by title
            return merged, renames
        prefixed |= clashes
    raise ValueError("schema names did not settle")


_ERROR = {
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
}
_GATEWAY_ANSWERS = {
    "400": "Cuerpo de la solicitud ilegible.",
    "401": "Token ausente, vencido o inválido.",
    "403": "Tu rol o alcance no permite esta operación.",
    "413": "El cuerpo supera el tamaño máximo de la ruta.",
    "502": "El servicio respondió de forma inesperada.",
    "503": "El servicio no está disponible.",
    "504": "El servicio tardó demasiado en responder.",
}


def _add_gateway_responses(operation: dict[str, Any], rule: Any) -> None:
    """The answers the gateway itself can give on any routed operation, in the error shape."""
    responses = operation.setdefault("responses", {})
    answers = dict(_GATEWAY_ANSWERS)
    if rule.rate_limit:
        answers["429"] = "Demasiadas solicitudes; respeta Retry-After."
    for status, description in answers.items():
        responses.setdefault(status, {"description": description, **copy.deepcopy(_ERROR)})
    for status in ("429", "503"):
        if status in responses:
            responses[status].setdefault("headers", {})["Retry-After"] = _RETRY_AFTER
    if rule.rate_limit:
        for status, response in responses.items():
            if status not in ("503", "504", "502"):
                response.setdefault("headers", {}).update(copy.deepcopy(_QUOTA_HEADERS))


def _integer_header(description: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "integer", "minimum": 0}}


_RETRY_AFTER = _integer_header("Segundos que conviene esperar antes de reintentar.")
_QUOTA_HEADERS = {
    "RateLimit-Limit": _integer_header("Solicitudes permitidas en la ventana del límite."),
    "RateLimit-Remaining": _integer_header("Solicitudes que quedan en la ventana."),
    "RateLimit-Reset": _integer_header("Segundos hasta que se libere un lugar."),
}


_ACCOUNT_GONE = "La cuenta del token ya no existe."
_PERSONAL = ("/me", "/mfa/")


def _document_own_answers(document: dict[str, Any]) -> None:
    """The gateway's own operations: a body that is not JSON (400) or over the cap (413);
    on a person's own routes, a token whose account was deleted meanwhile (404)."""
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method not in _HTTP_METHODS:
                continue
            answers: dict[str, str] = {}
            if "requestBody" in operation:
                answers |= {s: _GATEWAY_ANSWERS[s] for s in ("400", "413")}
            if any(part in path for part in _PERSONAL):
                answers["404"] = _ACCOUNT_GONE
            if operation.get("security") == [{"HTTPBasic": []}]:
                # HTTP Basic or the form's client_id and client_secret: optional header.
                operation["security"] = [{}, {"HTTPBasic": []}]
            responses = operation.setdefault("responses", {})
            for status, description in answers.items():
                responses.setdefault(status, {"description": description, **copy.deepcopy(_ERROR)})


_BEARER = "HTTPBearer"


def _declare_security(operation: dict[str, Any], rule: Any) -> None:
    """Security as the route table has it: a public route needs no token; where the
    service also reads an optional token (it declares one), a token may change the
    answer, so it is optional (``[{}, bearer]``); any other route requires one."""
    if PUBLIC in rule.allow:
        if operation.get("security"):
            operation["security"] = [{}, {_BEARER: []}]
        else:
            operation.pop("security", None)
    else:
        operation["security"] = [{_BEARER: []}]


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document.get("paths", {}).items()
        for method, operation in item.items()
        if method in _HTTP_METHODS
    ]


def _routed_operations(
    doc: dict[str, Any], service: str, table: RouteTable
) -> dict[str, dict[str, Any]]:
    paths: dict[str, dict[str, Any]] = {}
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if method not in _HTTP_METHODS:
                continue
            concrete = path.replace("{", "x").replace("}", "")
            rule, _ = table.match(service, method.upper(), concrete)
            if rule is None:
                continue
            op = copy.deepcopy(operation)
            _add_gateway_responses(op, rule)
            _declare_security(op, rule)
            op["x-roles"] = sorted(rule.allow)
            if rule.scopes:
                op["x-scopes"] = sorted(rule.scopes)
            op.setdefault("tags", [service])
            paths.setdefault(f"/api/v1/{service}{path}", {})[method] = op
    return paths


async def _service_document(request: Request, service: str, base_url: str) -> dict | None:
    try:
        return await request.app.state.proxy.get_json(
            f"{base_url.rstrip('/')}/openapi.json", seconds=5.0
        )
    except Exception:
        return None


async def build_merged(request: Request) -> dict[str, Any]:
    app = request.app
    merged = copy.deepcopy(app.openapi())
    merged["info"] = {
        "title": "Cocrea API",
        "version": app.version,
        "description": "API pública de Cocrea: consulta, hojas de ruta y seguimiento del plan "
        'de acción de gobierno abierto. Errores: `{"error": {"code", "message", '
        '"details"}}`. Listas paginadas con `?limit=&cursor=`.' + openapi_webhooks.DESCRIPTION,
    }
    components = merged.setdefault("components", {})
    own = components.setdefault("schemas", {})
    _document_own_answers(merged)
    error_schema = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, schema in error_schema.pop("$defs", {}).items():
        own.setdefault(name, schema)
    own.setdefault("ErrorResponse", error_schema)
    for name, schema in openapi_webhooks.webhook_schemas().items():
        own.setdefault(name, schema)
    unavailable = []
    table: RouteTable = app.state.route_table
    sources: dict[str, dict[str, Any]] = {"": own}
    service_paths: dict[str, dict[str, Any]] = {}
    for service, base_url in app.state.settings.service_urls.items():
        if service not in table.services:
            continue
        doc = await _service_document(request, service, base_url)
        if doc is None:
            unavailable.append(service)
            continue
        sources[service] = doc.get("components", {}).get("schemas", {})
        service_paths[service] = _routed_operations(doc, service, table)
        for name, scheme in doc.get("components", {}).get("securitySchemes", {}).items():
            components.setdefault("securitySchemes", {})[name] = scheme
    components["schemas"], renames = merge_schemas(sources)
    merged["paths"] = _rename_refs(merged["paths"], renames[""])
    taken = {op.get("operationId") for _, _, op in _operations(merged)}
    for service, paths in service_paths.items():
        for _, _, op in _operations({"paths": paths}):
            if op.get("operationId") in taken:  # a service forgot its own operation_id=
                op["operationId"] = service + _pascal(op["operationId"])
            taken.add(op.get("operationId"))
        merged["paths"].update(_rename_refs(paths, renames[service]))
    merged["webhooks"] = _rename_refs(openapi_webhooks.webhooks(), renames[""])
    merged.setdefault("tags", []).append(openapi_webhooks.WEBHOOKS_TAG)
    document_parameters(merged)
    if unavailable:
        merged["x-unavailable-services"] = unavailable
    return merged


@router.get("/api/v1/openapi.json")
async def merged_openapi(request: Request) -> JSONResponse:
    """The OpenAPI document of every public route (gateway and services)."""
    cache = getattr(request.app.state, "openapi_cache", None)
    if cache and time.monotonic() - cache[0] < CACHE_SECONDS:
        return JSONResponse(cache[1])
    document = await build_merged(request)
    if "x-unavailable-services" not in document:
        request.app.state.openapi_cache = (time.monotonic(), document)
    return JSONResponse(json.loads(json.dumps(document)))


@router.get("/api/docs")
async def api_docs() -> HTMLResponse:
    """Interactive API documentation, served without any CDN."""
    return get_swagger_ui_html(
        openapi_url="/api/v1/openapi.json",
        title="Cocrea API",
        swagger_js_url="/api/docs/assets/swagger-ui-bundle.js",
        swagger_css_url="/api/docs/assets/swagger-ui.css",
        swagger_favicon_url="/api/docs/assets/favicon.png",
    )


@router.get("/api/docs/assets/{name}")
async def api_docs_asset(name: str) -> FileResponse:
    if name not in _ASSET_FILES:
        return JSONResponse(
            {"error": {"code": "not_found", "message": "No encontrado.", "details": None}},
            status_code=404,
        )
    return FileResponse(_ASSETS / name, headers={"Cache-Control": "public, max-age=86400"})
