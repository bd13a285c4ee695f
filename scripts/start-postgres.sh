#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for the tests, listening only on
# 127.0.0.1, with trust authentication (never use this cluster for real data).
#   scripts/start-postgres.sh [DIR]     DIR defaults to /tmp/hearth-pg
#   HEARTH_PG_PORT                      port, default 55432
# Creates role `hearth` (LOGIN CREATEDB, so tests can make a database per
# run) and database `hearth_test`. Does nothing if the server already runs.
# Progress goes to stderr; the last line of stdout is the URL, e.g.
#   export HEARTH_TEST_POSTGRES_URL=$(scripts/start-postgres.sh | tail -n1)
set -euo pipefail

dir=${1:-/tmp/hearth-pg}
port=${HEARTH_PG_PORT:-55432}
bin=${HEARTH_PG_BIN:-/usr/lib/postgresql/15/bin}

[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL 15 not found in $bin (apt-get install postgresql)" >&2; exit 1; }

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data=$dir/data
sockets=$dir/sockets

# The server refuses to run as root, so as root everything runs as the
# `postgres` user, who must own the directory.
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
  chown postgres: "$dir"
  as_owner test -w "$dir" || { echo "user postgres cannot write to $dir (is a parent directory private?)" >&2; exit 1; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi
cd "$dir"  # the owner may not be allowed into the caller's working directory

if [ ! -s "$data/PG_VERSION" ]; then
  echo "Creating a test cluster in $data" >&2
  as_owner mkdir -p "$sockets"
  as_owner chmod 700 "$sockets"
  as_owner "$bin/initdb" --pgdata="$data" --username=postgres --auth-local=trust --auth-host=trust \
    --encoding=UTF8 --locale=C.UTF-8 >&2
  as_owner tee -a "$data/postgresql.conf" >/dev/null <<CONF
# Added by start-postgres.sh: a test server, reachable only from this machine.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockets'
CONF
fi

if as_owner "$bin/pg_ctl" status --pgdata="$data" >/dev/null 2>&1; then
  echo "PostgreSQL already running in $data" >&2
else
  echo "Starting PostgreSQL on 127.0.0.1:$port (log: $dir/postgres.log)" >&2
  if ! as_owner "$bin/pg_ctl" start --pgdata="$data" --log="$dir/postgres.log" --wait --timeout=60 \
      --options="-p $port" >&2; then
    tail -n 20 "$dir/postgres.log" >&2 || true
    exit 1
  fi
fi

# A server that was already running keeps its own port: read it back.
port=$(sed -n 4p "$data/postmaster.pid")

# Idempotent: creates the role and database only if missing.
as_owner "$bin/psql" --host="$sockets" --port="$port" --username=postgres --dbname=postgres \
  --quiet --no-psqlrc --set=ON_ERROR_STOP=1 >&2 <<'SQL'
SELECT 'CREATE ROLE hearth LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hearth') \gexec
SELECT 'CREATE DATABASE hearth_test OWNER hearth' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'hearth_test') \gexec
SQL

echo "postgresql://hearth@127.0.0.1:$port/hearth_test"
