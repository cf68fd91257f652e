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
    # Public reads (commitments, roadmaps) are rendered once per data version: a version is
    # remembered this long, so another replica's change shows within it (ours at once).
    version_ttl_seconds: float = 1.0
    # How long a client may keep such a read without asking again (0: always revalidate,
    # usually a 304).
    public_max_age_seconds: int = 0
    public_cache_entries: int = 256


@lru_cache
def get_settings() -> RoadmapsSettings:
    return RoadmapsSettings()
