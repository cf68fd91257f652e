from alembic import context

from consultation.config import get_settings
from consultation.db import ConsultationModel, import_models
from kit.migrations import run_env

if not context.config.get_main_option("sqlalchemy.url"):
    context.config.set_main_option("sqlalchemy.url", get_settings().database_url)

import_models()
run_env(ConsultationModel.metadata)
