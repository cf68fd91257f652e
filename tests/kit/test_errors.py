"""One error shape for every failure, with Spanish messages and stable codes."""

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, Field

from kit.errors import Conflict, RateLimited, install_error_handlers
from kit.settings import KitSettings
from tests.conftest import event_keys


class Body(BaseModel):
    title: str = Field(min_length=3)


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/things")
    async def create(body: Body) -> dict:
        raise Conflict("Ya existe.", code="thing_exists", details={"title": body.title})

    @app.get("/boom")
    async def boom() -> dict:
        raise RuntimeError("secret internals")

    @app.get("/slow-down")
    async def slow() -> dict:
        raise RateLimited(retry_after=42)

    return app


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


async def test_app_error(client):
    r = await client.post("/things", json={"title": "abcd"})
    assert r.status_code == 409
    assert r.json() == {
        "error": {"code": "thing_exists", "message": "Ya existe.", "details": {"title": "abcd"}}
    }


async def test_validation_error_names_the_field(client):
    r = await client.post("/things", json={"title": "x"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "Los datos enviados no son válidos."
    assert error["details"][0]["field"] == "title"


async def test_unknown_route_and_method(client):
    missing = await client.get("/nope")
    method = await client.delete("/things")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert method.status_code == 405 and method.json()["error"]["code"] == "method_not_allowed"


async def test_unexpected_error_hides_internals(client):
    r = await client.get("/boom")
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal_error"
    assert "secret" not in r.text


async def test_rate_limited_has_retry_after(client):
    r = await client.get("/slow-down")
    assert r.status_code == 429
    assert r.headers["retry-after"] == "42"
    assert r.json()["error"]["details"] == {"retry_after": 42}


class WithSecret(KitSettings):
    some_secret: str = "dev-secret"

    def secret_fields(self) -> dict[str, str]:
        return {"some_secret": self.some_secret}


@pytest.mark.parametrize("secret", ["changeme", "dev-secret", "short", ""])
def test_placeholder_secrets_refused_outside_dev(secret):
    with pytest.raises(ValueError, match="placeholder"):
        WithSecret(environment="production", some_secret=secret, **event_keys("tracking"))
    assert WithSecret(environment="dev", some_secret=secret).some_secret == secret


def test_real_secret_accepted_in_production():
    settings = WithSecret(environment="production", some_secret="x" * 40, **event_keys("roadmaps"))
    assert settings.environment == "production"
