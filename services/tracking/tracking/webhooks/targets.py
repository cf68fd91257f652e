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


def refusal(text: str) -> str | None:
    """Why one resolved address is not public, or None (IPv4-mapped IPv6 is read as IPv4)."""
    address: Any = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    inside = (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )
    return str(address) if inside else None


async def pin(
    url: str, resolver: Resolver | None = None, *, allow_private: bool = False
) -> tuple[str | None, str | None]:
    """Resolve ``url``'s host once: ``(address, None)`` with the address to connect to (the
    first answer; every answer must be public unless ``allow_private``), or
    ``(None, reason)``. The caller connects to that address, never resolving again, so a
    name that answers differently on a second lookup (DNS rebinding) cannot move it."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return None, "la URL no tiene host"
    if not allow_private and (host == "localhost" or host.endswith(".localhost")):
        return None, f"{host} es una dirección local"
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            addresses = await (resolver or resolve)(host, port)
        except (OSError, UnicodeError, ValueError):
            return None, f"no se pudo resolver {host}"
    if not addresses:
        return None, f"no se pudo resolver {host}"
    if not allow_private:
        for text in addresses:
            if inside := refusal(text):
                return None, f"{host} apunta a una dirección no pública ({inside})"
    return addresses[0].split("%", 1)[0], None


async def problem(url: str, resolver: Resolver | None = None) -> str | None:
    """Why ``url`` may not be a webhook target, or None when every address is public."""
    return (await pin(url, resolver))[1]
