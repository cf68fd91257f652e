"""The website's only source of data: the public API, through the gateway."""

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import httpx

log = logging.getLogger(__name__)
PAGE_SIZE = 100
MAX_PAGES = 20
MAX_PROCESSES = 10


class GatewayUnavailable(Exception):
    """The gateway could not be reached, failed, or answered something unexpected."""


class UpstreamNotFound(GatewayUnavailable):
    """A public document that does not exist (404): a page of its own is a 404 too. A page
    that only shows it in a corner catches ``GatewayUnavailable`` and degrades as before."""


@dataclass
class ApiError(Exception):
    """An answer in the one error shape ``{"error": {"code", "message", "details"}}``."""

    status: int
    code: str
    message: str = ""
    details: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_response(cls, response: httpx.Response) -> "ApiError":
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        return cls(
            status=response.status_code,
            code=str(error.get("code") or f"http_{response.status_code}"),
            message=str(error.get("message") or ""),
            details=error.get("details"),
            headers=dict(response.headers),
        )


@dataclass
class CachedAnswer:
    etag: str
    body: Any
    checked_at: float


class RevalidatingCache:
    """Public GET answers kept by URL: fresh for a moment, then revalidated with their ETag."""

    def __init__(self, fresh_seconds: float, max_entries: int) -> None:
        self.fresh_seconds = fresh_seconds
        self.max_entries = max_entries
        self.entries: OrderedDict[str, CachedAnswer] = OrderedDict()

    def get(self, key: str) -> CachedAnswer | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def is_fresh(self, entry: CachedAnswer) -> bool:
        return time.monotonic() - entry.checked_at < self.fresh_seconds

    def put(self, key: str, etag: str, body: Any) -> None:
        self.entries[key] = CachedAnswer(etag, body, time.monotonic())
        self.entries.move_to_end(key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)


def _bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


class GatewayClient:
    """Reads and writes through one pooled ``httpx.AsyncClient`` per process."""

    def __init__(self, http: httpx.AsyncClient, cache: RevalidatingCache | None = None) -> None:
        self.http = http
        self.cache = cache or RevalidatingCache(0.0, 256)

    async def send(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        files: Any = None,
    ) -> httpx.Response:
        """One call; raises ``ApiError`` for an answer in the error shape (4xx)."""
        try:
            response = await self.http.request(
                method,
                path,
                params=params,
                json=json,
                files=files,
                headers={**_bearer(token), **(headers or {})},
            )
        except httpx.HTTPError as exc:
            raise GatewayUnavailable(f"{method} {path}: {exc.__class__.__name__}: {exc}") from exc
        if response.status_code >= 500:
            raise GatewayUnavailable(f"{method} {path}: HTTP {response.status_code}")
        if response.status_code >= 400:
            raise ApiError.from_response(response)
        return response

    async def open_stream(self, path: str, *, token: str | None = None) -> httpx.Response:
        """A GET whose body is not read yet: iterate ``aiter_bytes()``, then ``aclose()``.
        Error answers are read (they are small) and raised as in ``send``."""
        request = self.http.build_request("GET", path, headers=_bearer(token))
        try:
            response = await self.http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise GatewayUnavailable(f"GET {path}: {exc.__class__.__name__}: {exc}") from exc
        if response.status_code < 400:
            return response
        try:
            await response.aread()
        except httpx.HTTPError as exc:
            raise GatewayUnavailable(f"GET {path}: {exc.__class__.__name__}: {exc}") from exc
        finally:
            await response.aclose()
        if response.status_code >= 500:
            raise GatewayUnavailable(f"GET {path}: HTTP {response.status_code}")
        raise ApiError.from_response(response)

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self.send(method, path, **kwargs)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise GatewayUnavailable(f"{method} {path}: the answer is not JSON") from exc

    async def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """A public document, served from the cache while fresh, then revalidated (304)."""
        try:
            return await self.read_public(path, params)
        except ApiError as exc:
            if exc.status == 404:
                raise UpstreamNotFound(f"GET {path}: HTTP 404") from exc
            raise GatewayUnavailable(f"GET {path}: HTTP {exc.status}") from exc

    async def read_public(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """``get_json`` whose refusals stay ``ApiError`` (as ``call``'s): for pages that show
        the API's own message (a stale cursor, an unknown filter)."""
        key = str(self.http.build_request("GET", path, params=params).url)
        entry = self.cache.get(key)
        if entry is not None and self.cache.is_fresh(entry):
            return entry.body
        headers = {"If-None-Match": entry.etag} if entry else {}
        response = await self.send("GET", path, params=params, headers=headers)
        if response.status_code == 304 and entry is not None:
            self.cache.put(key, entry.etag, entry.body)
            return entry.body
        try:
            body = response.json()
        except ValueError as exc:
            raise GatewayUnavailable(f"GET {path}: the answer is not JSON") from exc
        if response.headers.get("etag"):
            self.cache.put(key, response.headers["etag"], body)
        return body

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
