# Shortcuts for infra/dev.py, which does the real work (and needs only python3).
PYTHON ?= python3
ARGS ?=

.PHONY: up test migrate seed lint format compose-config

up:
	$(PYTHON) infra/dev.py up $(ARGS)

test:
	$(PYTHON) infra/dev.py test $(if $(ARGS),-- $(ARGS))

migrate:
	$(PYTHON) infra/dev.py migrate

seed:
	$(PYTHON) infra/dev.py seed

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

# Validates docker-compose.yml with placeholder values (nothing is started).
compose-config:
	POSTGRES_PASSWORD=x GATEWAY_DB_PASSWORD=x CONSULTATION_DB_PASSWORD=x \
	ROADMAPS_DB_PASSWORD=x TRACKING_DB_PASSWORD=x REDIS_PASSWORD=x \
	COCREA_INTERNAL_SECRET=x GATEWAY_SIGNING_KEY_PEM=x COCREA_PUBLIC_API_URL=http://x COCREA_WEBSITE_URL=http://x \
	docker-compose -f docker-compose.yml config -q
