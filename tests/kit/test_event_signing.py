"""Event keys (kit.event_signing): the forms accepted, the CLI that makes a pair, and the
settings that refuse to start without them in production."""

import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import serialization

from kit.event_signing import (
    EventSigner,
    EventVerifier,
    InvalidEventKey,
    load_private_key,
    new_private_key,
    public_key_of,
)
from kit.tokens import generate_private_key_pem
from roadmaps.config import RoadmapsSettings
from tests.conftest import EVENT_KEYS, EVENT_PUBLIC_KEYS, ROOT, event_keys


def test_the_cli_prints_a_pair_that_signs_and_verifies():
    done = subprocess.run(
        [sys.executable, "-m", "kit.event_signing", "new"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    pair = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    public = subprocess.run(
        [sys.executable, "-m", "kit.event_signing", "public"],
        input=pair["private"], cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    body = b'{"source": "roadmaps"}'

    header = EventSigner(pair["private"].strip()).header(body)

    assert public == pair["public"].strip()
    assert EventVerifier({"roadmaps": [public]}).verify("roadmaps", body, header)
    assert not EventVerifier({"roadmaps": [public]}).verify("roadmaps", body + b" ", header)


def test_a_pem_private_key_is_the_same_key_as_its_base64_form():
    raw = new_private_key()
    pem = (
        load_private_key(raw)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    assert public_key_of(pem) == public_key_of(raw)


@pytest.mark.parametrize("key", ["", "not base64!", "c2hvcnQ=", generate_private_key_pem()])
def test_anything_but_an_ed25519_key_is_refused_naming_the_variable(key):
    with pytest.raises(InvalidEventKey):
        load_private_key(key)
    with pytest.raises(ValueError, match="ROADMAPS_EVENT_SIGNING_KEY"):
        RoadmapsSettings(environment="dev", event_signing_key=key)


def test_production_needs_the_own_key_and_every_producers_public_key():
    strong = {"gateway_secret": "a-real-secret-of-more-than-16-chars"}
    keys = event_keys("roadmaps")
    without_tracking = {k: v for k, v in EVENT_PUBLIC_KEYS.items() if k != "tracking"}

    with pytest.raises(ValueError, match="ROADMAPS_EVENT_SIGNING_KEY is required"):
        RoadmapsSettings(environment="production", **strong, event_public_keys=EVENT_PUBLIC_KEYS)
    with pytest.raises(ValueError, match=r"EVENT_PUBLIC_KEYS .* missing: tracking"):
        RoadmapsSettings(
            environment="production", **strong, **(keys | {"event_public_keys": without_tracking})
        )
    settings = RoadmapsSettings(environment="production", **strong, **keys)
    assert settings.environment == "production"
    assert EVENT_KEYS["roadmaps"] not in repr(settings)  # a secret, never logged
