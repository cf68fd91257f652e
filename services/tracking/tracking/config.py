from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from kit.settings import KitSettings


class TrackingSettings(KitSettings):
    model_config = SettingsConfigDict(env_prefix="TRACKING_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./var/tracking.sqlite3"


@lru_cache
def get_settings() -> TrackingSettings:
    return TrackingSettings()
