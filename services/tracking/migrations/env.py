from alembic import context

from kit.migrations import run_env
from tracking.config import get_settings
from tracking.tables import metadata

if not context.config.get_main_option("sqlalchemy.url"):
    context.config.set_main_option("sqlalchemy.url", get_settings().database_url)

run_env(metadata)
