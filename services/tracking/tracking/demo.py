"""Demo data of the tracking service: none of its own (``python -m tracking.demo``).

Its commitments arrive as ``roadmaps.commitment.published.v1`` events once the roadmaps
demo has run and its relay reaches this service.
"""

import asyncio

from tracking.config import TrackingSettings, get_settings


async def load_demo(settings: TrackingSettings) -> str:
    return "tracking: nada que cargar; los compromisos llegan como eventos de roadmaps."


if __name__ == "__main__":
    print(asyncio.run(load_demo(get_settings())))
