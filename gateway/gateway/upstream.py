"""The proxy's connection to the services: one pooled client, two implementations.

``AiohttpUpstream`` (the default) talks to aiohttp's client directly: every proxied call
pays for exactly one HTTP client. ``HttpxUpstream`` wraps an ``httpx.AsyncClient`` and
serves the tests that put an httpx transport (``MockTransport``, an ASGI app) in place of
the network, and ``GATEWAY_PROXY_TRANSPORT=httpx``. httpx on top of aiohttp was two
clients' work per call; dropping the outer one raised the vote throughput through the
gateway by about half (docs/PERFORMANCE.md).

Both answer the same small interface and raise the same three exceptions, so the proxy
maps upstream failures to 503/504/502 (and the body cap to 413) in one place.
"""

from collections.abc import AsyncIterator
from typing import Any, Protocol

import aiohttp
import httpx

Headers = list[tuple[bytes, bytes]]
Body = AsyncIterator[bytes] | None
MAX_CONNECTIONS = 512
# Below uvicorn's keep-alive (5 s), so the pool never reuses a connection the service is
# closing at that moment.
KEEPALIVE_SECONDS = 4.0


class Unreachable(Exception):
    """Nothing answers: refused, no route, connect timeout, no free connection in time."""


class TimedOut(Exception):
    """Connected, but the answer did not come within the timeout."""


class Failed(Exception):
    """Any other failure of the exchange (the service dropped the connection …)."""


class Response(Protocol):
    status: int
    headers: Headers

    def header(self, name: str) -> str | None: ...
    async def read(self) -> bytes: ...
    def chunks(self) -> AsyncIterator[bytes]: ...
    async def close(self) -> None: ...


class Upstream(Protocol):
    async def send(self, method: str, url: str, headers: Headers, body: Body) -> Response: ...

    async def get_json(self, url: str, seconds: float) -> Any: ...
    async def aclose(self) -> None: ...


# --- aiohttp ---------------------------------------------------------------------------


class _AiohttpResponse:
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self.status = response.status
        self.headers = list(response.raw_headers)

    def header(self, name: str) -> str | None:
        return self._response.headers.get(name)

    async def read(self) -> bytes:
        return await _mapped(self._response.read())

    async def chunks(self) -> AsyncIterator[bytes]:
        stream = self._response.content
        while True:
            chunk = await _mapped(stream.readany())
            if not chunk:
                return
            yield chunk

    async def close(self) -> None:
        self._response.release()


class AiohttpUpstream:
    """Bodies pass through as they are (no decompression); no cookie jar (a service's
    cookie must never be replayed on another caller's request); no redirects followed."""

    def __init__(self, timeout_seconds: float, connect_timeout_seconds: float) -> None:
        self._timeout = aiohttp.ClientTimeout(
            total=None,
            connect=timeout_seconds,  # waiting for a pooled connection, and connecting
            sock_connect=connect_timeout_seconds,
            sock_read=timeout_seconds,
        )
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        # Created inside the running loop (the gateway's lifespan), as aiohttp requires.
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=MAX_CONNECTIONS, keepalive_timeout=KEEPALIVE_SECONDS
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._timeout,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            )
        return self._session

    async def send(self, method: str, url: str, headers: Headers, body: Body) -> _AiohttpResponse:
        pairs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        response = await _mapped(
            self._open().request(method, url, headers=pairs, data=body, allow_redirects=False)
        )
        return _AiohttpResponse(response)

    async def get_json(self, url: str, seconds: float) -> Any:
        limit = aiohttp.ClientTimeout(total=seconds)
        async with self._open().get(url, timeout=limit) as response:
            response.raise_for_status()
            return await response.json()

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


async def _mapped(awaitable: Any) -> Any:
    try:
        return await awaitable
    except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
        raise Unreachable(str(exc)) from exc
    except TimeoutError as exc:  # aiohttp's SocketTimeoutError is one
        raise TimedOut(str(exc)) from exc
    except aiohttp.ClientError as exc:
        raise Failed(str(exc)) from exc


# --- httpx -----------------------------------------------------------------------------


class _HttpxResponse:
    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self.status = response.status_code
        self.headers = list(response.headers.raw)

    def header(self, name: str) -> str | None:
        return self._response.headers.get(name)

    async def read(self) -> bytes:
        chunks = [chunk async for chunk in self.chunks()]
        return b"".join(chunks)

    async def chunks(self) -> AsyncIterator[bytes]:
        if self._response.is_stream_consumed:  # an answer already in memory (MockTransport)
            yield self._response.content
            return
        try:
            async for chunk in self._response.aiter_raw():
                yield chunk
        except httpx.TimeoutException as exc:
            raise TimedOut(str(exc)) from exc
        except httpx.HTTPError as exc:
            raise Failed(str(exc)) from exc

    async def close(self) -> None:
        await self._response.aclose()


class HttpxUpstream:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def send(self, method: str, url: str, headers: Headers, body: Body) -> _HttpxResponse:
        # Built here, not by the client, so the client's cookie jar is never merged in.
        request = httpx.Request(
            method,
            url,
            headers=headers,
            content=body,
            extensions={"timeout": self.client.timeout.as_dict()},
        )
        try:
            response = await self.client.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise Unreachable(str(exc)) from exc
        except httpx.TimeoutException as exc:
            raise TimedOut(str(exc)) from exc
        except httpx.HTTPError as exc:
            raise Failed(str(exc)) from exc
        return _HttpxResponse(response)

    async def get_json(self, url: str, seconds: float) -> Any:
        response = await self.client.get(url, timeout=seconds)
        response.raise_for_status()
        return response.json()

    async def aclose(self) -> None:
        await self.client.aclose()


def build_upstream(
    transport: str,
    timeout_seconds: float,
    connect_timeout_seconds: float,
    httpx_transport: httpx.AsyncBaseTransport | None = None,
) -> Upstream:
    """aiohttp unless an httpx transport is given (tests) or ``transport`` is "httpx"."""
    if httpx_transport is None and transport == "aiohttp":
        return AiohttpUpstream(timeout_seconds, connect_timeout_seconds)
    limits = httpx.Limits(max_connections=MAX_CONNECTIONS, keepalive_expiry=KEEPALIVE_SECONDS)
    timeout = httpx.Timeout(timeout_seconds, connect=connect_timeout_seconds)
    client = httpx.AsyncClient(transport=httpx_transport, timeout=timeout, limits=limits)
    return HttpxUpstream(client)
