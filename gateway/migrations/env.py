from alembic import context

from gateway.config import get_settings
from gateway.models import GatewayModel
from kit.migrations import run_env

if not context.config.get_main_option("sqlalchemy.url"):
    context.config.set_main_option("sqlalchemy.url", get_settings().database_url)

run_env(GatewayModel.metadata)
