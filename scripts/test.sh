#!/usr/bin/env bash
# Runs every test: installs and starts the local TimescaleDB if needed (tests create and drop their own
# databases on it), then builds and runs the whole suite. Set TSMETRICS_PG_HOST / TSMETRICS_PG_PORT to use
# another server (it needs the roles scripts/ensure-timescaledb.sh creates).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TSMETRICS_PG_HOST:-}" ]; then
  bash scripts/ensure-timescaledb.sh
fi

dotnet test TSMetrics.sln -c Release --nologo --logger "console;verbosity=normal" "$@"
