#!/usr/bin/env bash
# Measures durable ingest (points/s acknowledged, batches of 1,000, 16 requests in flight) and live series
# query latency during that ingest, against the real silo + gateway + local TimescaleDB.
# Usage: scripts/measure-ingest.sh [--seconds 20] [--concurrency 16] [--batch 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/LoadGen -c Release -nologo -v quiet >/dev/null
TSMetrics__Demo__SeedHistory=false TSMetrics__Demo__LiveTraffic=false \
  bash scripts/run.sh dotnet src/LoadGen/bin/Release/net10.0/TSMetrics.LoadGen.dll "$@"
