"""HMAC signatures for events/webhooks, and the rate limiter on memory and on Redis."""

import asyncio
import time
import uuid

import pytest
import redis

from kit import signing
from kit.errors import RateLimited
from kit.ratelimit import RateLimiter

REDIS_URL = "redis://127.0.0.1:6379/0"


def test_signature_round_trip_and_tampering():
    body = b'{"id":"1"}'
    header = signing.sign("s3cret", body)
    assert signing.verify("s3cret", body, header)
    assert not signing.verify("s3cret", body + b" ", header)
    assert not signing.verify("other", body, header)
    assert not signing.verify("s3cret", body, None)
    assert not signing.verify("s3cret", body, "garbage")


def test_old_signature_is_refused():
    body = b"{}"
    old = signing.sign("s3cret", body, timestamp=int(time.time()) - 3600)
    assert not signing.verify("s3cret", body, old)


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_limit_then_429_with_retry_after(backend):
    if backend == "redis" and not _redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    limiter = RateLimiter(REDIS_URL if backend == "redis" else None)
    key = uuid.uuid4().hex
    for _ in range(3):
        await limiter.check("3/minute", "login", key)
    with pytest.raises(RateLimited) as caught:
        await limiter.check("3/minute", "login", key)
    assert 1 <= int(caught.value.headers["Retry-After"]) <= 61
    await limiter.check("3/minute", "login", "someone-else-" + key)


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_concurrent_hits_never_pass_the_limit(backend):
    if backend == "redis" and not _redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    limiter = RateLimiter(REDIS_URL if backend == "redis" else None)
    key = uuid.uuid4().hex

    async def hit() -> bool:
        try:
            await limiter.check("120/minute", "route", key)
        except RateLimited:
            return False
        return True

    allowed = await asyncio.gather(*(hit() for _ in range(300)))
    assert sum(allowed) == 120  # a moving window: exactly the limit, whatever the timing
    assert not await limiter.peek("120/minute", "route", key)


async def test_memory_limits_forget_idle_callers():
    limiter = RateLimiter(None)
    storage = limiter.storage
    for n in range(10):
        await limiter.check("5/minute", "login", f"caller-{n}")
    await limiter.peek("5/minute", "login", "never-hit")  # a look stores nothing
    assert len(storage._hits) == 10
    storage._sweep(time.time() + 61)  # a minute later, nobody came back
    assert storage._hits == {}


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_a_refund_gives_back_exactly_one_reserved_place(backend):
    if backend == "redis" and not _redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    limiter = RateLimiter(REDIS_URL if backend == "redis" else None)
    key = uuid.uuid4().hex

    async def reserve() -> bool:
        try:
            await limiter.reserve("5/minute", "login", key)
        except RateLimited:
            return False
        return True

    taken = await asyncio.gather(*(reserve() for _ in range(20)))
    await limiter.refund("5/minute", "login", key)
    again = [await reserve(), await reserve()]
    assert sum(taken) == 5  # concurrent reservations never pass the limit
    assert again == [True, False]  # one place back, not more


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_hit_reports_the_quota_left_and_the_429_carries_it(backend):
    if backend == "redis" and not _redis_available():
        pytest.skip("Redis not running")
    limiter = RateLimiter(REDIS_URL if backend == "redis" else None)
    key = uuid.uuid4().hex
    first = await limiter.hit("2/minute", "quota", key)
    second = await limiter.hit("2/minute", "quota", key)
    assert (first.limit, first.remaining) == (2, 1)
    assert (second.limit, second.remaining) == (2, 0)
    assert 1 <= first.reset <= 61
    with pytest.raises(RateLimited) as refused:
        await limiter.hit("2/minute", "quota", key)
    headers = refused.value.headers
    assert headers["RateLimit-Limit"] == "2" and headers["RateLimit-Remaining"] == "0"
    assert headers["Retry-After"] == headers["RateLimit-Reset"]
    assert 1 <= int(headers["Retry-After"]) <= 61
