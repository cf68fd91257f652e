"""What the merged document says the same way on every operation: the keyset cursor and
its page size (``kit.pagination``), each page's ``next_cursor``, and the OpenAPI links from
a create to its read (:data:`LINKS`)."""

from typing import Any

CURSOR_PATTERN = r"^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$"
CURSOR = (
    "Cursor opaco de la página siguiente: copia el `next_cursor` de la página anterior "
    "sin cambiarlo (base64 URL-safe sin relleno `=`). Omítelo para la primera página. "
    "Uno alterado o de otra lista se rechaza con 422 `invalid_cursor`."
)
NEXT_CURSOR = (
    "Cursor de la página siguiente, para `?cursor=`; `null` en la última página. Es "
    "opaco: no lo construyas ni lo interpretes."
)
LIMIT = "Cuántos elementos por página (entre {minimum} y {maximum}; por omisión {default})."

# create operation -> [(link name, target operation, {target parameter: runtime expression})],
# on its 201 answer; each target is a read (or the delete) of what was just created. A link
# whose operations are missing (a service down) is left out of that document.
_ID = "$response.body#/id"
LINKS: dict[str, list[tuple[str, str, dict[str, str]]]] = {
    "createProcess": [
        ("GetProcess", "getProcess", {"process_id": _ID}),
        ("ListTopics", "listTopics", {"process_id": _ID}),
        ("ListThemes", "listThemes", {"process_id": _ID}),
    ],
    "createTopic": [
        ("GetTopic", "getTopic", {"topic_id": _ID}),
        ("GetTopicHistory", "topicHistory", {"topic_id": _ID}),
    ],
    "createTheme": [("GetTheme", "getTheme", {"theme_id": _ID})],
    "createCommitment": [
        ("GetCommitment", "getCommitment", {"commitment_id": _ID}),
        ("GetWorkingGroup", "getWorkingGroup", {"commitment_id": _ID}),
        ("GetRoadmap", "getRoadmap", {"commitment_id": _ID}),
    ],
    "createRoadmap": [
        ("GetRoadmap", "getRoadmap", {"commitment_id": "$response.body#/commitment_id"}),
        ("ListVersions", "listVersions", {"commitment_id": "$response.body#/commitment_id"}),
    ],
    "submitUpdate": [
        ("GetUpdate", "getUpdate", {"update_id": _ID}),
        ("ListUpdates", "listUpdates", {"commitment_id": "$response.body#/commitment_id"}),
    ],
    "createWebhook": [
        ("ListWebhooks", "listWebhooks", {}),
        ("DeleteWebhook", "deleteWebhook", {"webhook_id": _ID}),
    ],
    "createClient": [("RevokeClient", "revokeClient", {"client_id": "$response.body#/client_id"})],
    "createStaff": [("UpdateStaff", "updateStaff", {"user_id": "$response.body#/user/id"})],
}


def _page_size(parameter: dict[str, Any]) -> None:
    schema = parameter.get("schema", {})
    if "minimum" in schema and "maximum" in schema and "description" not in parameter:
        parameter["description"] = LIMIT.format(
            minimum=schema["minimum"], maximum=schema["maximum"], default=schema.get("default")
        )


def _cursor(parameter: dict[str, Any]) -> None:
    parameter["description"] = CURSOR
    schema = parameter.setdefault("schema", {})
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string":
            branch["pattern"] = CURSOR_PATTERN


def document_parameters(document: dict[str, Any]) -> None:
    """Describe every ``cursor``/``limit`` query parameter and every ``next_cursor``, and
    declare the links of :data:`LINKS` whose operations exist."""
    operations = {}
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            operations[operation.get("operationId")] = operation
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                if parameter.get("name") == "cursor":
                    _cursor(parameter)
                elif parameter.get("name") == "limit":
                    _page_size(parameter)
    for schema in document.get("components", {}).get("schemas", {}).values():
        nxt = schema.get("properties", {}).get("next_cursor") if isinstance(schema, dict) else None
        if isinstance(nxt, dict):
            nxt["description"] = NEXT_CURSOR
    for source, links in LINKS.items():
        if source not in operations:
            continue
        for name, target, parameters in links:
            if target not in operations:
                continue
            response = operations[source]["responses"].get("201")
            if response is None:
                continue
            response.setdefault("links", {})[name] = {
                "operationId": target,
                "parameters": parameters,
                "description": f"Lee lo recién creado con `{target}`.",
            }
