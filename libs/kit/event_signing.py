"""Event deliveries signed per producer (Ed25519), and who may produce which topic.

Each producing process (gateway, consultation, roadmaps, tracking) holds its own private
key (``<SERVICE>_EVENT_SIGNING_KEY``) and signs every delivery it sends to another
process's ``/internal/events``. Consumers hold only public keys: a map producer -> list of
public keys (``<SERVICE>_EVENT_PUBLIC_KEYS``; a list, so a key can be rotated without a
gap). A pod that is broken into can sign only as itself, and only its own topics pass.

Header: ``X-Cocrea-Event-Signature: t=<unix seconds>,ed25519=<base64 signature of
"t." + body>``. The body names the claimed ``source``; the inbox checks the signature with
that source's keys, the timestamp against :data:`TOLERANCE_SECONDS` (replays of an old
delivery are refused; a replay within the window finds its event id in the inbox), and
that the source owns the topic (:func:`producer_of`).

Keys: private as PEM (PKCS#8) or base64 of the raw 32 bytes; public as PEM
(SubjectPublicKeyInfo) or base64 of the raw 32 bytes. ``python -m kit.event_signing new``
prints a new pair, ``… public < key`` the public half of a private key (docs/RUNBOOK.md,
"Event signing keys").
"""

import base64
import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kit import signing

EVENT_SIGNATURE_HEADER = "X-Cocrea-Event-Signature"
TOLERANCE_SECONDS = 300

# The one producer of each topic, by the topic's first segment (``roadmaps.meeting.…``):
# a topic is defined in its producer's events.py under its own name; the gateway's are
# ``auth.…``. ``mail.…`` rows never leave the gateway (its local ``mail:`` channel), so
# no process may deliver them to anyone, and neither may anything else unlisted.
TOPIC_PRODUCERS: Mapping[str, str] = {
    "auth": "gateway",
    "consultation": "consultation",
    "roadmaps": "roadmaps",
    "tracking": "tracking",
}
PRODUCERS: tuple[str, ...] = tuple(sorted(set(TOPIC_PRODUCERS.values())))


class InvalidEventKey(ValueError):
    """A key that is not an Ed25519 key in one of the accepted forms."""


def producer_of(topic: str) -> str | None:
    return TOPIC_PRODUCERS.get(topic.split(".", 1)[0])


def _b64decode(text: str) -> bytes:
    return base64.b64decode("".join(text.split()), validate=True)


def _load(text: str, kind: str, from_pem: Callable[[bytes], Any], from_raw: Callable[[bytes], Any]):
    text = text.strip()
    expected = Ed25519PrivateKey if kind == "private" else Ed25519PublicKey
    try:
        key = (
            from_pem(text.encode()) if text.startswith("-----BEGIN") else from_raw(_b64decode(text))
        )
    except (ValueError, TypeError) as exc:
        raise InvalidEventKey(f"not an Ed25519 {kind} key: {exc}") from None
    if not isinstance(key, expected):
        raise InvalidEventKey(f"not an Ed25519 {kind} key")
    return key


def load_private_key(text: str) -> Ed25519PrivateKey:
    return _load(
        text,
        "private",
        lambda pem: serialization.load_pem_private_key(pem, password=None),
        Ed25519PrivateKey.from_private_bytes,
    )


def load_public_key(text: str) -> Ed25519PublicKey:
    return _load(
        text, "public", serialization.load_pem_public_key, Ed25519PublicKey.from_public_bytes
    )


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def new_private_key() -> str:
    """A new private key, base64 of its raw 32 bytes."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.b64encode(raw).decode()


def public_key_of(private_key: str) -> str:
    """The public key (base64 of its raw 32 bytes) that goes with ``private_key``."""
    return base64.b64encode(_raw_public(load_private_key(private_key))).decode()


class EventSigner:
    """Signs this process's deliveries with its private key."""

    def __init__(self, private_key: str) -> None:
        self._key = load_private_key(private_key)

    @classmethod
    def ephemeral(cls) -> "EventSigner":
        """dev/test without a configured key: signs, but no consumer knows the key."""
        return cls(new_private_key())

    def header(self, body: bytes, timestamp: int | None = None) -> str:
        ts = int(time.time()) if timestamp is None else timestamp
        signature = self._key.sign(f"{ts}.".encode() + body)
        return f"t={ts},ed25519={base64.b64encode(signature).decode()}"


def parse_header(header: str | None) -> tuple[int, bytes] | None:
    """``t=<unix>,ed25519=<base64>`` -> ``(t, signature)``, or None."""
    parsed = signing.parse_header(header, "ed25519")
    if parsed is None:
        return None
    try:
        return parsed[0], base64.b64decode(parsed[1], validate=True)
    except ValueError:
        return None


class EventVerifier:
    """The public keys this process trusts, per producer (several during a rotation)."""

    def __init__(self, public_keys: Mapping[str, Iterable[str]]) -> None:
        self._keys = {
            source: [load_public_key(k) for k in keys] for source, keys in public_keys.items()
        }

    def knows(self, source: str) -> bool:
        return bool(self._keys.get(source))

    def verify(
        self, source: str, body: bytes, header: str | None, now: float | None = None
    ) -> bool:
        """True when one of ``source``'s keys signed ``body`` within the tolerance."""
        parsed = parse_header(header)
        if parsed is None:
            return False
        ts, signature = parsed
        if abs((time.time() if now is None else now) - ts) > TOLERANCE_SECONDS:
            return False
        message = f"{ts}.".encode() + body
        for key in self._keys.get(source, ()):
            try:
                key.verify(signature, message)
            except InvalidSignature:
                continue
            return True
        return False


def _main(argv: list[str]) -> int:
    """``new``: print a new key pair; ``new NAME…``: one pair per name, as JSON
    (infra/dev_stack.py); ``public``: the public key of the private key on standard input
    (never on the command line, where ``ps`` would show it)."""
    if argv == ["new"]:
        private = new_private_key()
        print(f"private: {private}")
        print(f"public:  {public_key_of(private)}")
        return 0
    if argv[:1] == ["new"]:
        pairs = {name: new_private_key() for name in argv[1:]}
        print(json.dumps({n: {"private": k, "public": public_key_of(k)} for n, k in pairs.items()}))
        return 0
    if argv == ["public"]:
        print(public_key_of(sys.stdin.read()))
        return 0
    print("usage: python -m kit.event_signing new [NAME…] | public < key", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
