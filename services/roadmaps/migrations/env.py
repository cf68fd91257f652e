from alembic import context

from kit.migrations import run_env
from roadmaps.config import get_settings
from roadmaps.db import import_models

if not context.config.get_main_option("sqlalchemy.url"):
    context.config.set_main_option("sqlalchemy.url", get_settings().database_url)

run_env(import_models())
