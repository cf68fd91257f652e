"""In production the JWKS (the keys every token is checked with) is fetched over https:
plain http only to loopback or to the in-cluster host named in ``<PREFIX>_JWKS_HTTP_HOST``."""

import pytest

from consultation.config import ConsultationSettings
from tests.conftest import event_keys

STRONG = "a-real-secret-of-more-than-16-chars"


def production(**values) -> ConsultationSettings:
    return ConsultationSettings(
        environment="production",
        curp_hash_secret=STRONG,
        gateway_secret=STRONG,
        **event_keys("consultation"),
        **values,
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://gateway:8000/.well-known/jwks.json",
        "http://api.cocrea.example.org/.well-known/jwks.json",
        "ftp://api.cocrea.example.org/jwks.json",
    ],
)
def test_plain_http_to_another_host_is_refused_in_production(url):
    with pytest.raises(ValueError, match="CONSULTATION_JWKS_URL must use https"):
        production(jwks_url=url)


@pytest.mark.parametrize(
    ("url", "http_host"),
    [
        ("https://api.cocrea.example.org/.well-known/jwks.json", None),
        ("http://127.0.0.1:8000/.well-known/jwks.json", None),
        ("http://[::1]:8000/.well-known/jwks.json", None),
        ("http://localhost:8000/.well-known/jwks.json", None),
        ("http://gateway:8000/.well-known/jwks.json", "gateway"),
    ],
)
def test_https_loopback_or_the_named_in_cluster_host_are_accepted(url, http_host):
    assert production(jwks_url=url, jwks_http_host=http_host).jwks_url == url


def test_the_named_host_does_not_open_other_hosts():
    with pytest.raises(ValueError, match="JWKS_HTTP_HOST"):
        production(jwks_url="http://evil.example/jwks.json", jwks_http_host="gateway")


def test_dev_and_test_fetch_from_anywhere():
    url = "http://gateway:8000/.well-known/jwks.json"
    assert ConsultationSettings(environment="dev", jwks_url=url).jwks_url == url
