#!/bin/sh
# Start one Cocrea process (COCREA_SERVICE) on PORT. infra/serve.py runs uvicorn with a
# graceful SIGTERM (requests in flight and the outbox batch finish, exit status 0).
# One process per container: scale with replicas, not workers (metrics are per process).
set -eu
exec python /app/infra/serve.py "${COCREA_SERVICE}" --host 0.0.0.0 --port "${PORT}" \
    --grace "${COCREA_GRACEFUL_SECONDS:-20}"
