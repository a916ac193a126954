#!/usr/bin/env bash
# Runs the failure tests (real silo, gateway and database processes: SIGKILL of a silo in a 3-silo cluster,
# a database restart, SIGTERM, a crash right after an acknowledgement) N times in a row. They are part of
# scripts/test.sh too; this repeats them to show they are not flaky. Usage: scripts/failure-tests.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-timescaledb.sh
dotnet build TSMetrics.sln -c Release -nologo -v quiet >/dev/null
runs=${1:-5}
for run in $(seq 1 "$runs"); do
  started=$(date +%s)
  if dotnet test tests/TSMetrics.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~EndToEnd" > "/tmp/tsmetrics-failure-run-$run.log" 2>&1; then
    echo "run $run: passed in $(( $(date +%s) - started )) s ($(grep -o 'Passed: *[0-9]*' "/tmp/tsmetrics-failure-run-$run.log" | tail -1))"
  else
    echo "run $run: FAILED, see /tmp/tsmetrics-failure-run-$run.log"; exit 1
  fi
done
