#!/usr/bin/env bash
# Durable ingest with 1, 2 and 3 silos (ADO.NET clustering) and one gateway, on a scratch database of the
# local TimescaleDB: the same load (16 requests in flight, 1,000-point batches) for each cluster size.
# Usage: scripts/measure-scale.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
bash scripts/ensure-timescaledb.sh
dotnet build TSMetrics.sln -c Release -nologo -v quiet >/dev/null
port=${TSMETRICS_PG_PORT:-5433}
admin() { psql -X -q -h 127.0.0.1 -p "$port" -U postgres "$@"; }
owner="Host=127.0.0.1;Port=$port;Database=tsmetrics_bench;Username=tsmetrics;Password=tsmetrics;Maximum Pool Size=50"
api="Host=127.0.0.1;Port=$port;Database=tsmetrics_bench;Username=tsmetrics_api;Password=tsmetrics_api"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
mkdir -p artifacts/logs
results=()
for silos in 1 2 3; do
  admin -d postgres -c "DROP DATABASE IF EXISTS tsmetrics_bench WITH (FORCE)" -c "CREATE DATABASE tsmetrics_bench OWNER tsmetrics"
  admin -d tsmetrics_bench -c "CREATE EXTENSION IF NOT EXISTS timescaledb"
  pids=()
  for i in $(seq 1 "$silos"); do
    (cd src/Silo/bin/Release/net10.0 && ConnectionStrings__TimescaleDb="$owner" TSMetrics__Clustering=AdoNet \
      Orleans__SiloPort=$((11200 + i)) Orleans__GatewayPort=$((30100 + i)) exec dotnet TSMetrics.Silo.dll) > "artifacts/logs/scale-silo$i.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/$((30100 + i))) 2>/dev/null && break; sleep 0.5; done
  done
  (cd src/Gateway.Api/bin/Release/net10.0 && ConnectionStrings__TimescaleDb="$api" TSMetrics__Clustering=AdoNet \
    TSMetrics__Security__RequireApiKeys=false TSMetrics__RateLimits__IngestPointsPerSecond=100000000 \
    Kestrel__Endpoints__Http__Url=http://127.0.0.1:5290 exec dotnet TSMetrics.Gateway.Api.dll) > artifacts/logs/scale-gateway.log 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -fsS http://127.0.0.1:5290/healthz >/dev/null 2>&1 && break; sleep 0.5; done
  rate=$(dotnet src/LoadGen/bin/Release/net10.0/TSMetrics.LoadGen.dll --url http://127.0.0.1:5290 --seconds "$seconds" --concurrency 16 --tests 10 --metrics 2 --quiet \
    | tee /dev/stderr | sed -n 's/^acknowledged .*(\([0-9,]*\) points\/s.*/\1/p')
  results+=("| $silos | $rate |")
  cleanup
done
admin -d postgres -c "DROP DATABASE IF EXISTS tsmetrics_bench WITH (FORCE)"
echo
echo "| silos | acknowledged points/s |"
echo "|---|---|"
printf '%s\n' "${results[@]}"
