#!/usr/bin/env bash
# Keeps a plain PostgreSQL 17 server without TimescaleDB (another cluster in the same Debian 13 root as the
# TimescaleDB server) at 127.0.0.1:${TSMETRICS_PLAIN_PG_PORT:-5439}, with the TSMetrics roles, for the tests
# that run migrations, ingest, flush, history and retention on plain PostgreSQL. Idempotent; `stop` stops it.
set -euo pipefail
TSMETRICS_PG_CLUSTER=plain TSMETRICS_PG_PORT=${TSMETRICS_PLAIN_PG_PORT:-5439} TSMETRICS_PG_PLAIN=1 \
  exec bash "$(dirname "$0")/ensure-timescaledb.sh" "$@"
