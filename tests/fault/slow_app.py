"""The tracking service with one slow route, for the graceful-shutdown test:
``uvicorn tests.fault.slow_app:create_app --factory`` (TRACKING_* from the environment)."""

import asyncio

from fastapi import FastAPI

from tracking.main import create_app as create_tracking

SLOW_SECONDS = 2.0


def create_app() -> FastAPI:
    app = create_tracking()

    async def slow() -> dict[str, str]:
        """Answers after two seconds: an in-flight request when SIGTERM arrives."""
        await asyncio.sleep(SLOW_SECONDS)
        return {"status": "done"}

    app.add_api_route("/test/slow", slow, methods=["GET"], include_in_schema=False)
    return app
