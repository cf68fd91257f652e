"""Webhook targets must be public addresses (no SSRF through the relay).

A webhook makes the platform send HTTP requests to a URL an outside party chose. Pointing
it at ``127.0.0.1``, a private network, the cloud metadata address (``169.254.169.254``)
or the cluster's internal names would turn the relay into a way into the platform's own
network. So a URL's host must resolve only to global addresses: when the webhook is
registered (a clear 422), and again before every delivery (a name can be re-pointed after
registration; the delivery is then refused and retried later, like an unreachable one).

Outside production the check is off by default (``TRACKING_WEBHOOK_ALLOW_PRIVATE_TARGETS``):
local development and the tests deliver to receivers on loopback.
"""

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

Resolver = Callable[[str, int], Awaitable[list[str]]]


async def resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


async def problem(url: str, resolver: Resolver | None = None) -> str | None:
    """Why ``url`` may not be a webhook target, or None when every address is public."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return "la URL no tiene host"
    if host == "localhost" or host.endswith(".localhost"):
        return f"{host} es una dirección local"
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            addresses = await (resolver or resolve)(host, port)
        except (OSError, UnicodeError):
            return f"no se pudo resolver {host}"
    if not addresses:
        return f"no se pudo resolver {host}"
    for text in addresses:
        address: Any = ipaddress.ip_address(text.split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            return f"{host} apunta a una dirección no pública ({address})"
    return None
