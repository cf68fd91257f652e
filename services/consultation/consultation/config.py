from functools import lru_cache

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class ConsultationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONSULTATION_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./var/consultation.sqlite3"
    # Key of the HMAC that turns a CURP into the only thing stored about it.
    curp_hash_secret: str = "dev-secret"  # noqa: S105 (refused outside dev)
    # Reports from different verified people that hide a topic until the Committee reviews
    # it, outside voting; while votes are cast nothing is hidden automatically, and this many
    # put the topic in the Committee's review queue (moderation/service.py).
    reports_to_hide: int = 3
    reports_to_flag: int = 3
    # Cells of the public statistics below this many people are suppressed; the law's
    # floor is 5, so a smaller value is a settings error, never a quieter statistic.
    min_published_cell: int = Field(default=5, ge=5)
    # Public statistics are recomputed at most this often per process (0 turns the cache off).
    statistics_cache_seconds: float = 15.0

    def secret_fields(self) -> dict[str, str]:
        return super().secret_fields() | {"curp_hash_secret": self.curp_hash_secret}


@lru_cache
def get_settings() -> ConsultationSettings:
    return ConsultationSettings()
