#!/usr/bin/env bash
# Runs the whole system locally with demo data: TimescaleDB (installed and started if needed), one silo
# seeding 30 days of demo history plus live demo traffic, and the gateway on http://localhost:5221.
# Ctrl-C stops the silo and the gateway; the database keeps running.
# With arguments, runs them once the system is up and stops when they finish (scripts/measure-ingest.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ConnectionStrings__TimescaleDb:-}" ]; then
  bash scripts/ensure-timescaledb.sh
else
  export TSMETRICS_DB_EXTERNAL=1
fi

dotnet build TSMetrics.sln -c Release -nologo -v quiet
mkdir -p artifacts/logs

# Clustered through PostgreSQL, so more silos can join (README, "Scaling out").
export TSMetrics__Clustering=${TSMetrics__Clustering:-AdoNet}
export TSMetrics__Demo__SeedHistory=${TSMetrics__Demo__SeedHistory:-true}
export TSMetrics__Demo__LiveTraffic=${TSMetrics__Demo__LiveTraffic:-true}
# Development mode: no API keys needed (the gateway logs a loud warning). Set it to true, with
# TSMetrics__Security__BootstrapAdminKey, to try keys locally.
export TSMetrics__Security__RequireApiKeys=${TSMetrics__Security__RequireApiKeys:-false}
# The silo's /healthz, /readyz (and the Orleans Dashboard when TSMetrics__Silo__Dashboard=true).
siloHttpPort=${TSMetrics__Silo__HttpPort:-5222}
(cd src/Silo/bin/Release/net10.0 && TSMetrics__Silo__HttpPort=$siloHttpPort exec dotnet TSMetrics.Silo.dll) > artifacts/logs/silo.log 2>&1 &
silo=$!
trap 'kill $silo ${gateway:-} 2>/dev/null || true; wait 2>/dev/null' EXIT INT TERM

echo "Waiting for the silo (first start seeds 30 days of demo history)..."
for _ in $(seq 1 240); do
  (exec 3<>/dev/tcp/127.0.0.1/${Orleans__GatewayPort:-30000}) 2>/dev/null && break
  kill -0 $silo 2>/dev/null || { cat artifacts/logs/silo.log; exit 1; }
  sleep 0.5
done

(cd src/Gateway.Api/bin/Release/net10.0 && exec dotnet TSMetrics.Gateway.Api.dll) > artifacts/logs/gateway.log 2>&1 &
gateway=$!
for _ in $(seq 1 120); do
  curl -fsS http://localhost:5221/healthz >/dev/null 2>&1 && break
  kill -0 $gateway 2>/dev/null || { cat artifacts/logs/gateway.log; exit 1; }
  sleep 0.5
done

if [ $# -gt 0 ]; then
  "$@"
  exit $?
fi

cat <<MSG

TSMetrics is running (logs in artifacts/logs/):
  Dashboard    http://localhost:5221/
  API          http://localhost:5221/v1/tests
  Swagger UI   http://localhost:5221/swagger
  OpenAPI      http://localhost:5221/openapi/v1.json
  Readiness    http://localhost:5221/readyz (gateway), http://localhost:$siloHttpPort/readyz (silo)
  Live series  http://localhost:5221/v1/series?test=checkout_v2&metric=response_time&granularity=1m
  History      http://localhost:5221/metrics?abTestName=checkout_v2&metricName=response_time&start=$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:%SZ)&granularity=1h
Press Ctrl-C to stop.
MSG
wait
