"""The website's only source of data: the public API, through the gateway."""

import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)
PAGE_SIZE = 100
MAX_PAGES = 20
MAX_PROCESSES = 10


class GatewayUnavailable(Exception):
    """The gateway could not be reached, failed, or answered something unexpected."""


class GatewayClient:
    """Reads public lists and documents; one pooled ``httpx.AsyncClient`` per process."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        try:
            response = await self.http.get(path, params=params)
        except httpx.HTTPError as exc:
            raise GatewayUnavailable(f"GET {path}: {exc.__class__.__name__}: {exc}") from exc
        if response.status_code >= 400:
            raise GatewayUnavailable(f"GET {path}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise GatewayUnavailable(f"GET {path}: the answer is not JSON") from exc

    async def list_all(self, path: str, params: dict[str, Any] | None = None) -> list[dict]:
        """Every item of a paginated list (``{"items": [...], "next_cursor": ...}``)."""
        items: list[dict] = []
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            query = {**(params or {}), "limit": PAGE_SIZE}
            if cursor:
                query["cursor"] = cursor
            page = await self.get_json(path, query)
            if not isinstance(page, dict) or not isinstance(page.get("items"), list):
                raise GatewayUnavailable(f"GET {path}: not a paginated list")
            items.extend(item for item in page["items"] if isinstance(item, dict))
            cursor = page.get("next_cursor")
            if not cursor:
                break
        return items

    async def processes(self) -> list[dict]:
        """Consultation processes with their phases (a list without phases is completed)."""
        processes = await self.list_all("/api/v1/consultation/processes")
        complete = []
        for process in processes[:MAX_PROCESSES]:
            if "phases" not in process and process.get("id"):
                detail = await self.get_json(f"/api/v1/consultation/processes/{process['id']}")
                process = detail if isinstance(detail, dict) else process
            complete.append(process)
        return complete

    async def commitments(self, plan_code: str) -> list[dict]:
        return await self.list_all("/api/v1/roadmaps/commitments", {"plan_code": plan_code})
