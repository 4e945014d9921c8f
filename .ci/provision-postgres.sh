#!/usr/bin/env bash
# Makes PostgreSQL 15 with pgvector ready for Sextant's tests:
#   - starts the local cluster if it is stopped,
#   - builds and installs pgvector from Debian's own source package (trixie) when missing,
#   - creates the test database and enables the extension in it.
# Idempotent: a second run changes nothing. Needs root (apt-get, make install).
set -euo pipefail

PG_MAJOR=15
PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
PG_HOST=${SEXTANT_TEST_PG_HOST:-127.0.0.1}
PG_PORT=${SEXTANT_TEST_PG_PORT:-5432}
PG_USER=${SEXTANT_TEST_PG_USER:-postgres}
PG_DB=${SEXTANT_TEST_PG_DB:-test}

log() { echo "[provision-postgres] $*"; }

psql_as() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qAt "$@"; }

# 1. PostgreSQL running
if ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; then
  log "starting PostgreSQL $PG_MAJOR"
  pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start
  for _ in $(seq 1 30); do pg_isready -h "$PG_HOST" -p "$PG_PORT" -q && break; sleep 1; done
fi
pg_isready -h "$PG_HOST" -p "$PG_PORT" || { log "PostgreSQL is not reachable at $PG_HOST:$PG_PORT"; exit 1; }

# 2. pgvector built from Debian's source package
if [[ ! -f "$($PG_CONFIG --sharedir)/extension/vector.control" ]]; then
  log "building pgvector from Debian's source package"
  export DEBIAN_FRONTEND=noninteractive
  if ! grep -rqs 'trixie' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    cat > /etc/apt/sources.list.d/sextant-trixie-src.sources <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "postgresql-server-dev-$PG_MAJOR" build-essential dpkg-dev >/dev/null
  work=$(mktemp -d)
  (
    cd "$work"
    apt-get source -qq pgvector >/dev/null
    cd pgvector-*/
    make -s PG_CONFIG="$PG_CONFIG" >/dev/null
    make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
  )
  rm -rf "$work"
  log "pgvector installed"
fi

# 3. test database with the extension
if [[ "$(psql_as -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]]; then
  log "creating database $PG_DB"
  psql_as -d postgres -c "CREATE DATABASE \"$PG_DB\""
fi
psql_as -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS vector"
log "ready: $(psql_as -d "$PG_DB" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', pgvector ' || extversion FROM pg_extension WHERE extname = 'vector'")"
