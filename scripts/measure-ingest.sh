#!/usr/bin/env bash
# Measures durable ingest (points/s acknowledged, batches of 1,000, 16 requests in flight) and live series
# query latency during that ingest, against the real silo + gateway + local TimescaleDB.
# Usage: scripts/measure-ingest.sh [--seconds 20] [--concurrency 16] [--batch 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/LoadGen -c Release -nologo -v quiet >/dev/null
PORT=${TSMETRICS_PG_PORT:-5433}
stats() {
  psql -X -At -h 127.0.0.1 -p "$PORT" -U postgres -d tsmetrics -c \
    "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = 'tsmetrics'),
            (SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname LIKE '%chunk%' OR relname = 'point_batches')"
}
before=$(stats)
start=$(date +%s)
# Rate limits are per client; the load generator is one client pushing as hard as it can.
TSMetrics__Demo__SeedHistory=false TSMetrics__Demo__LiveTraffic=false \
  TSMetrics__RateLimits__IngestPointsPerSecond=100000000 TSMetrics__RateLimits__QueriesPerSecond=1000000 \
  bash scripts/run.sh dotnet src/LoadGen/bin/Release/net10.0/TSMetrics.LoadGen.dll --url http://localhost:5221 --concurrency 16 --tests 10 --metrics 2 --probe "$@"
after=$(stats)
seconds=$(( $(date +%s) - start ))
echo "database (whole run incl. start-up): $(( ${after%|*} - ${before%|*} )) commits, $(( ${after#*|} - ${before#*|} )) rows inserted into hypertable chunks, in ${seconds} s"
