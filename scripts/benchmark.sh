#!/usr/bin/env bash
# Runs every benchmark in one go and writes docs/benchmarks.md: micro-benchmarks, then the real silo and
# gateway on a fresh database against their peers (binary COPY, time_bucket over raw rows) in scratch
# databases of the same local TimescaleDB, then memory per active series on a silo of its own.
# Usage: scripts/benchmark.sh [--quick] [--soak] [--memory-only]   (full: about 12 minutes; --quick: about 3; --soak adds 10;
# --memory-only: memory per active series alone, written to artifacts/bench/memory.md, docs/benchmarks.md untouched)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -z "${TSMETRICS_PG_PORT:-}" ]; then bash scripts/ensure-timescaledb.sh; fi
dotnet build TSMetrics.sln -c Release -nologo -v quiet
dotnet benchmarks/Suite/bin/Release/net10.0/TSMetrics.Benchmarks.Suite.dll --repo "$PWD" "$@"
