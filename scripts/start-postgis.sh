#!/usr/bin/env bash
# Project copy of the verified recipe (a clone has no ../shared). Used by .ci/run and for local server tests.
# Throwaway PostgreSQL 15 + PostGIS 3 cluster on 127.0.0.1 (Debian bookworm, run as root).
# Idempotent: installs packages if missing, runs initdb if the data dir is missing,
# starts the server if it is not running, waits until it accepts connections,
# enables PostGIS in the target database and prints the connection URL (last line of stdout).
# Env overrides: PGPORT (55433), PGDATA ($BASE/pg), BASE (/tmp/postgis-throwaway), PGDATABASE (postgres).
set -euo pipefail
cd /   # postgres cannot read root's cwd

PGVER=15
PGBIN=/usr/lib/postgresql/$PGVER/bin
BASE=${BASE:-/tmp/postgis-throwaway}
PGDATA=${PGDATA:-$BASE/pg}
PGPORT=${PGPORT:-55433}
PGDATABASE=${PGDATABASE:-postgres}
RUNDIR=${RUNDIR:-$BASE/pg-run}          # unix socket dir + server log, owned by postgres
LOG=$RUNDIR/postgres.log
HOST=127.0.0.1

log() { echo "[start-postgis] $*" >&2; }
as_pg() { runuser -u postgres -- "$@"; }

[ "$(id -u)" = 0 ] || { log "must run as root"; exit 1; }

# 1. Packages (postgresql-15 + postgis 3). Note: a first install of postgresql-15 also creates
#    the distro's own cluster 15/main on port 5432; this script never uses or starts it.
if ! dpkg-query -W -f='${Status}' postgresql-$PGVER-postgis-3 2>/dev/null | grep -q 'install ok installed' \
   || [ ! -x "$PGBIN/initdb" ]; then
  log "installing postgresql-$PGVER-postgis-3 ..."
  export DEBIAN_FRONTEND=noninteractive
  # Name only the PostGIS package: it pulls postgresql-15 (+ client) when missing, and does not force an
  # upgrade of an already-installed postgresql-15 that another cluster on this machine may be running.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql-$PGVER-postgis-3 >&2
fi

# 2. initdb (as postgres) if the data dir has no cluster yet.
install -d -o postgres -g postgres -m 0700 "$RUNDIR"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  log "initdb in $PGDATA"
  install -d -o postgres -g postgres -m 0700 "$PGDATA"
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=trust \
        --encoding=UTF8 --locale=C.UTF-8 >&2
  cat >> "$PGDATA/postgresql.conf" <<CONF
# added by start-postgis.sh
listen_addresses = '$HOST'
port = $PGPORT
unix_socket_directories = '$RUNDIR'
fsync = off                      # throwaway cluster: speed over durability
synchronous_commit = off
full_page_writes = off
CONF
fi

# 3. Start unless already running.
if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  log "already running (pid $(head -1 "$PGDATA/postmaster.pid"))"
else
  if (exec 3<>/dev/tcp/$HOST/$PGPORT) 2>/dev/null; then
    log "port $HOST:$PGPORT is already taken by another process; set PGPORT"; exit 1
  fi
  rm -f "$PGDATA/postmaster.pid"   # stale pid file from an unclean stop (server verified not running)
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$LOG" -w -t 60 \
        -o "-c listen_addresses=$HOST -p $PGPORT -c unix_socket_directories=$RUNDIR" start >&2
fi

# 4. Wait until ready (pg_ctl -w already waits; this also covers the 'already running' path).
for i in $(seq 1 60); do
  pg_isready -q -h "$HOST" -p "$PGPORT" && break
  [ "$i" = 60 ] && { log "server did not become ready; see $LOG"; exit 1; }
  sleep 0.5
done

# 5. Database + PostGIS (idempotent).
PSQL=(env PGOPTIONS=-cclient_min_messages=warning psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PGPORT" -U postgres)
if [ "$PGDATABASE" != postgres ] && \
   [ -z "$("${PSQL[@]}" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname='$PGDATABASE'")" ]; then
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE \"$PGDATABASE\""
fi
"${PSQL[@]}" -d "$PGDATABASE" -c "CREATE EXTENSION IF NOT EXISTS postgis"
log "ready: $("${PSQL[@]}" -d "$PGDATABASE" -Atc "SELECT split_part(version(), ',', 1) || ' / PostGIS ' || postgis_lib_version()")"
echo "postgres://postgres@$HOST:$PGPORT/$PGDATABASE"
