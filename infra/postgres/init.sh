#!/bin/bash
# First start of the postgres container: one role and one database per Cocrea process,
# each role owning only its database. Passwords come from the container's environment
# (GATEWAY_DB_PASSWORD, CONSULTATION_DB_PASSWORD, ROADMAPS_DB_PASSWORD, TRACKING_DB_PASSWORD).
set -euo pipefail

for name in gateway consultation roadmaps tracking; do
    var="${name^^}_DB_PASSWORD"
    password="${!var:-}"
    if [ -z "$password" ]; then
        echo "init.sh: $var is not set" >&2
        exit 1
    fi
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
        -v role="$name" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'role', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'role') \gexec
SQL
done
