"""Whom to believe about a caller's address: trusted proxies hop by hop, and the
website's signed header."""

import time

from kit import forwarding as fw

TRUSTED = fw.networks(["10.0.0.0/8", "127.0.0.1"])
SECRET = "s3cret-of-the-website-0123456789"


def test_forwarded_for_is_believed_only_from_trusted_proxies():
    assert fw.client_address("10.1.2.3", "198.51.100.7", TRUSTED) == "198.51.100.7"
    assert fw.client_address("203.0.113.9", "198.51.100.7", TRUSTED) == "203.0.113.9"
    # What a caller wrote itself is left of what the proxy appended: never reached.
    spoofed = "1.2.3.4, 198.51.100.7"
    assert fw.client_address("10.1.2.3", spoofed, TRUSTED) == "198.51.100.7"
    # Two trusted hops (ingress behind a load balancer) are both walked past.
    assert fw.client_address("127.0.0.1", "198.51.100.7, 10.9.9.9", TRUSTED) == "198.51.100.7"
    assert fw.client_address("10.1.2.3", "not-an-address", TRUSTED) == "10.1.2.3"
    assert fw.client_address("10.1.2.3", None, TRUSTED) == "10.1.2.3"


def test_the_signed_address_is_believed_only_when_valid_and_fresh():
    value = fw.sign(SECRET, "198.51.100.7")
    assert fw.verify(SECRET, value) == "198.51.100.7"
    assert fw.verify("another-secret-0123456789", value) is None
    assert fw.verify("", value) is None  # no secret configured: nothing is believed
    tampered = value.replace("198.51.100.7", "198.51.100.8")
    assert fw.verify(SECRET, tampered) is None
    stale = fw.sign(SECRET, "198.51.100.7", int(time.time()) - fw.MAX_AGE_SECONDS - 5)
    assert fw.verify(SECRET, stale) is None
    for garbage in ("", "x", "a;b;c", "198.51.100.7;t=x;v1=00", "nope;t=1;v1=00"):
        assert fw.verify(SECRET, garbage) is None
