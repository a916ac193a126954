#!/usr/bin/env bash
# Runs every test: installs and starts the local TimescaleDB if needed (tests create and drop their own
# databases on it) and the browser tests' Chromium and playwright-core, then builds and runs the whole
# suite (the build also builds the dashboard with npm). Set TSMETRICS_PG_HOST / TSMETRICS_PG_PORT to use
# another server (it needs the roles scripts/ensure-timescaledb.sh creates).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TSMETRICS_PG_HOST:-}" ]; then
  bash scripts/ensure-timescaledb.sh
fi
bash scripts/ensure-browser.sh

log=$(mktemp)
set +e
dotnet test TSMetrics.sln -c Release --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# One plain closing line, whatever the runner prints above it (grep finding nothing is fine here).
passed=$(grep -E '^\s+Passed: +[0-9]+$' "$log" | awk '{ sum += $2 } END { print sum + 0 }')
failed=$(grep -E '^\s+Failed: +[0-9]+$' "$log" | awk '{ sum += $2 } END { print sum + 0 }')
set -e
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
