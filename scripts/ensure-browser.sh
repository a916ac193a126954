#!/usr/bin/env bash
# Installs what the dashboard's browser tests need, once: Debian's Chromium (Playwright cannot download
# its own browser here) and playwright-core from tests/browser/package-lock.json. Idempotent: on a ready
# machine it only compares two file times. The dashboard's own npm packages are installed by
# `dotnet build` (src/Gateway.Api/Dashboard.targets).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[browser] %s\n' "$*" >&2; }

if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian's chromium (one time)"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { log "chromium is missing and installing it needs root or sudo"; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# npm ci writes node_modules/.package-lock.json: newer than the lockfile means nothing changed since.
if [ ! tests/browser/node_modules/.package-lock.json -nt tests/browser/package-lock.json ]; then
  log "installing tests/browser packages (npm ci)"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
