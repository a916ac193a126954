#!/usr/bin/env bash
# Where the CPU goes: runs one benchmark figure (the suite's --only), and while its fourth repetition
# runs, samples the silo and the gateway with `perf record -g` (JIT frames resolved through perf maps), then
# attributes every sample to a stage of the path (scripts/perf-stages.py). Needs perf (apt-get install linux-perf).
# Usage: scripts/profile.sh ingest|single [seconds]   (ingest: 1,000-point batches, 64 in flight; single: one point per POST, 10 clients)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-ingest}; seconds=${2:-6}
case "$what" in
  ingest) args=(--only 1 --batch 1000); marker="ingest rep 3," ;;
  single) args=(--only 2); marker="single-point rep 3:" ;;
  *) echo "usage: $0 ingest|single [seconds]" >&2; exit 2 ;;
esac
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)" >&2; exit 1; }
out=artifacts/profile; mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
if [ -z "${TSMETRICS_PG_PORT:-}" ]; then bash scripts/ensure-timescaledb.sh; fi
dotnet build benchmarks/Suite -c Release -nologo -v quiet >/dev/null
dotnet benchmarks/Suite/bin/Release/net10.0/TSMetrics.Benchmarks.Suite.dll --repo "$PWD" "${args[@]}" >"$out/$what-suite.log" 2>&1 &
suite=$!
until grep -q "silo pid" "$out/$what-suite.log"; do kill -0 $suite 2>/dev/null || { cat "$out/$what-suite.log"; exit 1; }; sleep 1; done
silo=$(grep -o 'silo pid [0-9]*' "$out/$what-suite.log" | grep -o '[0-9]*'); gateway=$(grep -o 'gateway pid [0-9]*' "$out/$what-suite.log" | grep -o '[0-9]*')
until grep -q "$marker" "$out/$what-suite.log"; do kill -0 $suite 2>/dev/null || { cat "$out/$what-suite.log"; exit 1; }; sleep 0.5; done
# The fourth repetition starts right after the third's line (figure 2 then measures GETs for a while: skip them).
[ "$what" = single ] && sleep 9
perf record -F 999 -g -p "$silo" -o "$out/$what-silo.perf" -- sleep "$seconds" >/dev/null 2>&1 &
perf record -F 999 -g -p "$gateway" -o "$out/$what-gateway.perf" -- sleep "$seconds" >/dev/null 2>&1
wait %2 2>/dev/null || true
for role in gateway silo; do python3 scripts/perf-stages.py "$out/$what-$role.perf" | tee "$out/$what-$role.txt"; done
wait $suite
grep -E "rep [0-9]" "$out/$what-suite.log"
