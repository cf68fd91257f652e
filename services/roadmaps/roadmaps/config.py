from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class RoadmapsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ROADMAPS_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./var/roadmaps.sqlite3"
    # Events go to the services that consume them (name -> base URL).
    event_destinations: dict[str, str] = {
        "tracking": "http://127.0.0.1:8103",
        "consultation": "http://127.0.0.1:8101",
    }


@lru_cache
def get_settings() -> RoadmapsSettings:
    return RoadmapsSettings()
