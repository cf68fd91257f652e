#!/bin/sh
# Start one Cocrea process (COCREA_SERVICE) on PORT; WEB_CONCURRENCY sets uvicorn workers.
set -eu
exec uvicorn "${COCREA_SERVICE}.main:create_app" --factory \
    --host 0.0.0.0 --port "${PORT}" --no-server-header
