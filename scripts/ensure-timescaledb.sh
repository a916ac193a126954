#!/usr/bin/env bash
# Installs (once) and starts (if stopped) a local TimescaleDB for development and tests, then makes sure the
# TSMetrics database and roles exist. Idempotent: a second run on a ready machine takes well under a second.
#
# Debian 12 ships no TimescaleDB package, so the server runs from a Debian 13 root made with debootstrap
# (see docs/architecture.md, "Local database"). Skipped entirely when TSMETRICS_DB_EXTERNAL=1: then the
# connection string in ConnectionStrings__TimescaleDb is used as given.
# TSMETRICS_PG_CLUSTER and TSMETRICS_PG_PORT pick another server in the same root (the failure tests
# restart one of their own); `ensure-timescaledb.sh stop` stops the chosen server. TSMETRICS_PG_PLAIN=1 makes
# that server plain PostgreSQL 17 without TimescaleDB (scripts/ensure-postgres-plain.sh, which the default
# run calls at its end, keeps one at 127.0.0.1:5439 for the tests that run TSMetrics on plain PostgreSQL).
set -euo pipefail

ROOT=${TSMETRICS_PG_ROOT:-/var/lib/tsmetrics/trixie}
PORT=${TSMETRICS_PG_PORT:-5433}
DB=${TSMETRICS_PG_DATABASE:-tsmetrics}
MIRROR=${TSMETRICS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PGBIN=/usr/lib/postgresql/17/bin
DATA=/var/lib/postgresql/17/${TSMETRICS_PG_CLUSTER:-tsmetrics}
PLAIN=${TSMETRICS_PG_PLAIN:-0}

log() { printf '[timescaledb] %s\n' "$*" >&2; }
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_postgres() { chroot --userspec=postgres:postgres "$ROOT" /usr/bin/env -i HOME=/var/lib/postgresql \
  PATH=$PGBIN:/usr/bin:/bin LANG=C.UTF-8 "$@"; }
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }

if [ "${TSMETRICS_DB_EXTERNAL:-0}" = 1 ]; then log "external database configured; nothing to do"; exit 0; fi
[ "$(id -u)" = 0 ] || { log "must run as root (debootstrap and chroot need it)"; exit 1; }

if [ "${1:-}" = stop ]; then
  as_postgres pg_ctl -D "$DATA" status >/dev/null 2>&1 && as_postgres pg_ctl -D "$DATA" -m fast -w stop >/dev/null
  log "stopped $DATA"
  exit 0
fi

if [ ! -x "$ROOT$PGBIN/postgres" ] || [ ! -f "$ROOT/usr/lib/postgresql/17/lib/timescaledb.so" ]; then
  log "installing PostgreSQL 17 + TimescaleDB into $ROOT (one time, about a minute)"
  command -v debootstrap >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
    rm -rf "$ROOT"; mkdir -p "$ROOT"
    debootstrap --variant=minbase trixie "$ROOT" "$MIRROR" >/dev/null
  fi
  mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
  in_root apt-get update -qq
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    postgresql-17 postgresql-17-timescaledb >/dev/null
fi
mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"

if [ ! -f "$ROOT$DATA/PG_VERSION" ]; then
  log "initialising a cluster in $ROOT$DATA"
  mkdir -p "$ROOT$DATA"; in_root chown -R postgres:postgres /var/lib/postgresql
  as_postgres initdb -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  if [ "$PLAIN" = 1 ]; then preload=""; else preload="shared_preload_libraries = 'timescaledb'"; fi
  cat >> "$ROOT$DATA/postgresql.conf" <<CONF
# TSMetrics local development / test settings
listen_addresses = '127.0.0.1'
port = $PORT
$preload
jit = off
max_connections = 300
shared_buffers = 512MB
dynamic_shared_memory_type = mmap
unix_socket_directories = '/tmp'
CONF
  [ "$PLAIN" = 1 ] || echo "timescaledb.telemetry_level = off" >> "$ROOT$DATA/postgresql.conf"
fi
in_root mkdir -p /var/run/postgresql; in_root chown postgres:postgres /var/run/postgresql

if ! as_postgres pg_ctl -D "$DATA" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  as_postgres pg_ctl -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null
fi

# Database and roles: the owner runs migrations; the API role only reads what queries need.
psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
  || psql_admin -d postgres -c "CREATE DATABASE $DB"
psql_admin -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics') THEN
    CREATE ROLE tsmetrics LOGIN PASSWORD 'tsmetrics';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tsmetrics_api') THEN
    CREATE ROLE tsmetrics_api LOGIN PASSWORD 'tsmetrics_api';
  END IF;
END \$\$;
ALTER DATABASE $DB OWNER TO tsmetrics;
SQL
if [ "$PLAIN" = 1 ]; then
  log "ready (plain PostgreSQL, no TimescaleDB): Host=127.0.0.1;Port=$PORT;Database=$DB"
  exit 0
fi
psql_admin -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS timescaledb" 2>/dev/null || true
log "ready: Host=127.0.0.1;Port=$PORT;Database=$DB"
# The default run also keeps the plain PostgreSQL server of the tests that run without TimescaleDB.
if [ -z "${TSMETRICS_PG_CLUSTER:-}" ] && [ -z "${TSMETRICS_PG_PORT:-}" ]; then
  bash "$(dirname "$0")/ensure-postgres-plain.sh"
fi
