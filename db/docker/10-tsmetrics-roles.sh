#!/usr/bin/env bash
# Runs once, when the TimescaleDB container initialises its data directory: the roles TSMetrics uses.
# The silo (owner) then creates every table through the migrations in db/.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE tsmetrics LOGIN PASSWORD '${TSMETRICS_OWNER_PASSWORD}';
CREATE ROLE tsmetrics_api LOGIN PASSWORD '${TSMETRICS_API_PASSWORD}';
ALTER DATABASE ${POSTGRES_DB} OWNER TO tsmetrics;
ALTER SCHEMA public OWNER TO tsmetrics;
CREATE EXTENSION IF NOT EXISTS timescaledb;
SQL
