from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from kit.settings import KitSettings


class ConsultationSettings(KitSettings):
    model_config = SettingsConfigDict(env_prefix="CONSULTATION_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./var/consultation.sqlite3"


@lru_cache
def get_settings() -> ConsultationSettings:
    return ConsultationSettings()
