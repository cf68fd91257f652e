"""The address a request really comes from, past the proxies a deployment trusts, and the
signed header that carries a visitor's address from the website to the gateway.

``X-Forwarded-For`` is believed only hop by hop from the right, and only while the hop
that wrote it is a configured proxy: anything a caller writes there itself is to the left
of what the trusted proxy appended, so it is never reached. The website is not a proxy
(it makes its own calls), so it vouches for its visitor with an HMAC over the address and
a timestamp instead: the header is believed only with a valid, fresh signature.
"""

import hashlib
import hmac
import ipaddress
import time
from collections.abc import Iterable, Sequence

CLIENT_ADDRESS_HEADER = "X-Cocrea-Client-Address"
MAX_AGE_SECONDS = 60
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_PURPOSE = b"cocrea-client-address\x00"


def networks(cidrs: Iterable[str]) -> tuple[Network, ...]:
    """``["10.0.0.0/8", "127.0.0.1"]`` as networks (a bare address is a /32 or /128)."""
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs if cidr)


def is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(peer: str, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The first hop from the right of ``peer, X-Forwarded-For`` that is not a trusted
    proxy. A hop that is not an address stops the walk at the proxy that wrote it."""
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    address = peer
    while hops and is_trusted(address, trusted):
        hop = hops.pop()
        if not _valid(hop):
            break
        address = hop
    return address


def _mac(secret: str, address: str, timestamp: int) -> str:
    message = _PURPOSE + f"{address};{timestamp}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, address: str, timestamp: int | None = None) -> str:
    """The header value ``<address>;t=<unix seconds>;v1=<hex hmac-sha256>``."""
    ts = int(time.time()) if timestamp is None else timestamp
    return f"{address};t={ts};v1={_mac(secret, address, ts)}"


def verify(secret: str, value: str | None, now: float | None = None) -> str | None:
    """The address a valid and fresh header vouches for; ``None`` for anything else."""
    if not secret or not value:
        return None
    try:
        address, stamp, mac = value.rsplit(";", 2)
        timestamp = int(stamp.removeprefix("t="))
    except ValueError:
        return None
    if not mac.startswith("v1=") or not _valid(address):
        return None
    if abs((time.time() if now is None else now) - timestamp) > MAX_AGE_SECONDS:
        return None
    if not hmac.compare_digest(_mac(secret, address, timestamp), mac.removeprefix("v1=")):
        return None
    return address
